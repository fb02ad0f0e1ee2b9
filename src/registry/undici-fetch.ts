/**
 * The CLI's and tests' fetch: undici with keep-alive, HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * from the environment, and extra CA files on top of Node's roots (corporate proxies,
 * private registries with their own CA). The app injects Electron's net.fetch instead.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { Fetch } from './http';

export interface UndiciFetchOptions {
  caFiles?: string[];
}

export function createUndiciFetch(options: UndiciFetchOptions = {}): Fetch {
  const extra = (options.caFiles ?? []).map((file) => readFileSync(file, 'utf8'));
  const agent = new EnvHttpProxyAgent({
    keepAliveTimeout: 30_000,
    connections: 16,
    ...(extra.length ? { connect: { ca: [...rootCertificates, ...extra] } } : {}),
  });
  return (url, init) =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
}
