/**
 * The CLI's and tests' fetch: undici with keep-alive, HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * from the environment, and extra CA files on top of Node's roots (corporate proxies,
 * private registries with their own CA). The app injects Electron's net.fetch instead.
 *
 * undici loads on the first request, not at start-up: loading it takes about 50 ms, most
 * commands never reach a registry, and a pull asks the registry alongside the engine.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type * as UndiciModule from 'undici';
import type { Dispatcher } from 'undici';
import type { Fetch } from './http';

export interface UndiciFetchOptions {
  caFiles?: string[];
}

type Undici = typeof UndiciModule;
let undici: Promise<Undici> | undefined;

export function createUndiciFetch(options: UndiciFetchOptions = {}): Fetch {
  // Read now, so a missing CA file is reported at once rather than on the first request.
  const extra = (options.caFiles ?? []).map((file) => readFileSync(file, 'utf8'));
  let agent: Dispatcher | undefined;
  return async (url, init) => {
    const { EnvHttpProxyAgent, fetch } = await (undici ??= import('undici'));
    agent ??= new EnvHttpProxyAgent({
      keepAliveTimeout: 30_000,
      connections: 16,
      ...(extra.length ? { connect: { ca: [...rootCertificates, ...extra] } } : {}),
    });
    return fetch(url, {
      ...(init as Parameters<typeof fetch>[1]),
      dispatcher: agent,
    }) as unknown as Promise<Response>;
  };
}
