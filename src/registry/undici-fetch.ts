/**
 * The CLI's, browser mode's and tests' fetch: undici with keep-alive, and per registry host
 * the trust tls-trust.ts decides (the OS bundle, BERTH_EXTRA_CA_FILES, the registry's certs.d
 * folder with its CA and client certificate) and the proxy of HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY. One agent per origin, so a client certificate is only ever shown to the
 * registry whose folder holds it. Through a proxy the target's TLS settings travel as
 * undici's `requestTls` (the tunnelled connection), the direct ones as `connect`.
 *
 * In the app the SystemTrustPort adds the OS store (macOS, Windows) to the CAs and, when no
 * proxy variable is set, the OS proxy settings choose the proxy per host (a ProxyAgent, or a
 * plain Agent for DIRECT).
 *
 * Every exchange goes through `stream` (Node streams, not fetch's web streams). A registry
 * reached directly (no proxy, and not the app, whose OS store and proxy settings live in
 * undici's agents) is served by Node's own http or https with the same trust: neither undici
 * (about 50 ms to load) nor Node's bundled copy behind the global fetch and Headers (about
 * 20 ms) loads, which matters to a `berth pull`, whose cross-check runs beside the engine's
 * download. Through a proxy undici's `request()` serves, on the agents above; it loads on the
 * first such request, not at start-up.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { hasFunctions, moduleExports } from '../shared/module-exports';
import type * as UndiciModule from 'undici';
import type { Dispatcher } from 'undici';
import type { Fetch, HeaderBag, StreamFetch, StreamResponse } from './http';
import {
  checkTrustFiles,
  chooseProxy,
  proxyFor,
  proxyFromEnvironment,
  trustFor,
} from './tls-trust';
import type { HostTrust, TrustEnv } from './tls-trust';
import type { SystemTrustPort } from './system-trust';

export interface UndiciFetchOptions {
  /** Extra CA files beyond the OS bundle; BERTH_EXTRA_CA_FILES in the environment adds more. */
  caFiles?: string[];
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The app's OS store and proxy settings (main/system-trust.ts). */
  system?: SystemTrustPort;
}

type Undici = typeof UndiciModule;
let undici: Promise<Undici> | undefined;

/** undici as its exports (bundled by the CLI: one file to read instead of a hundred to resolve). */
async function loadUndici(): Promise<Undici> {
  return moduleExports(await import('undici'), isUndici, 'undici');
}

const isUndici = (value: unknown): value is Undici => hasFunctions(value, 'fetch', 'Agent');

/**
 * A plain http:// registry (an insecure one, often on loopback) reached without a proxy
 * needs none of the agent's settings (no TLS, no proxy): Node's own fetch, which is undici
 * compiled into Node, serves it without loading the 700 KB package.
 */
function plainHttp(url: string, trustEnv: TrustEnv): boolean {
  return url.startsWith('http:') && direct(url, trustEnv);
}

/** Reached without a proxy, by the CLI or browser mode (the app's agents carry its OS settings). */
function direct(url: string, { env, system }: TrustEnv): boolean {
  return !system && proxyFor(url, env) === null;
}

/**
 * node:tls and node:https load on the first https request, not with the command: a pull
 * sends the engine its request before asking the registry anything (about 10 ms).
 */
const https = () => import('node:https');

async function tlsOptions(trust: HostTrust): Promise<Record<string, unknown>> {
  const roots = trust.ca.length ? (await import('node:tls')).rootCertificates : [];
  return {
    ...(trust.ca.length ? { ca: [...roots, ...trust.ca] } : {}),
    ...(trust.cert && trust.key ? { cert: trust.cert, key: trust.key } : {}),
  };
}

export function createUndiciFetch(options: UndiciFetchOptions = {}): Fetch {
  const baseEnv = options.env ?? process.env;
  const extra = [...(options.caFiles ?? [])];
  const env: NodeJS.ProcessEnv = extra.length
    ? {
        ...baseEnv,
        BERTH_EXTRA_CA_FILES: [baseEnv.BERTH_EXTRA_CA_FILES, ...extra].filter(Boolean).join(':'),
      }
    : baseEnv;
  const trustEnv: TrustEnv = {
    env,
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.system ? { system: options.system } : {}),
  };
  // Checked now, so a missing CA file is reported at once rather than on the first request.
  checkTrustFiles(trustEnv);
  // The promise is kept, so requests racing to a new host share one agent.
  const agents = new Map<string, Promise<Dispatcher>>();
  const agentOf = (loaded: Undici, url: string): Promise<Dispatcher> => {
    // By origin: an http:// agent (no TLS) never serves the same host's https://.
    const origin = new URL(url).origin;
    let agent = agents.get(origin);
    if (!agent) {
      agent = agentFor(loaded, url, trustEnv);
      agents.set(origin, agent);
    }
    return agent;
  };
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (plainHttp(url, trustEnv)) return globalThis.fetch(url, init);
    const loaded = await (undici ??= loadUndici());
    return loaded.fetch(url, {
      ...(init as Parameters<Undici['fetch']>[1]),
      dispatcher: await agentOf(loaded, url),
    }) as unknown as Promise<Response>;
  };
  // Kept alive like undici's pool; idle sockets do not hold the process open (Node unrefs them).
  // One agent per origin, as for undici: a client certificate is shown only to its registry.
  const nodeAgents = new Map<string, Promise<HttpAgent>>();
  const nodeAgentOf = (url: string): Promise<HttpAgent> => {
    const { origin, host, protocol } = new URL(url);
    let agent = nodeAgents.get(origin);
    if (!agent) {
      agent =
        protocol === 'https:'
          ? Promise.all([https(), tlsOptions(trustFor(host, trustEnv))]).then(
              ([{ Agent }, tls]) => new Agent({ keepAlive: true, ...tls }),
            )
          : Promise.resolve(new HttpAgent({ keepAlive: true }));
      nodeAgents.set(origin, agent);
    }
    return agent;
  };
  const stream: StreamFetch = async (url, init) => {
    if (direct(url, trustEnv)) return nodeRequest(await nodeAgentOf(url), url, init);
    const loaded = await (undici ??= loadUndici());
    const answer = await loaded.request(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      signal: init.signal,
      ...(init.body !== undefined ? { body: init.body } : {}),
      dispatcher: await agentOf(loaded, url),
    });
    return { status: answer.statusCode, headers: headerBag(answer.headers), body: answer.body };
  };
  return Object.assign(fetch, { stream });
}

/**
 * A request over Node's own http or https: a registry reached directly (no proxy, and not the
 * app, whose OS store and proxy settings undici's agents carry), with the same trust.
 */
async function nodeRequest(
  agent: HttpAgent,
  url: string,
  init: Parameters<StreamFetch>[1],
): Promise<StreamResponse> {
  const send = url.startsWith('https:') ? (await https()).request : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { agent, method: init.method ?? 'GET', headers: init.headers, signal: init.signal },
      (res) => resolve({ status: res.statusCode ?? 0, headers: headerBag(res.headers), body: res }),
    );
    req.once('error', reject);
    req.end(init.body);
  });
}

/** Node's and undici's header objects (a value may be a list) read as fetch reads them. */
function headerBag(
  raw: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
): HeaderBag {
  return {
    get: (name) => {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

async function agentFor(loaded: Undici, url: string, trustEnv: TrustEnv): Promise<Dispatcher> {
  const { env, system } = trustEnv;
  const tls = await tlsOptions(trustFor(new URL(url).host, trustEnv));
  const pool = { keepAliveTimeout: 30_000, connections: 16 };
  if (!system || proxyFromEnvironment(env)) {
    return new loaded.EnvHttpProxyAgent({
      ...pool,
      connect: tls,
      requestTls: tls,
      ...(env.http_proxy || env.HTTP_PROXY ? { httpProxy: env.http_proxy ?? env.HTTP_PROXY } : {}),
      ...(env.https_proxy || env.HTTPS_PROXY
        ? { httpsProxy: env.https_proxy ?? env.HTTPS_PROXY }
        : {}),
      ...(env.no_proxy !== undefined || env.NO_PROXY !== undefined
        ? { noProxy: env.no_proxy ?? env.NO_PROXY }
        : {}),
    });
  }
  const { proxy } = await chooseProxy(url, trustEnv);
  return proxy
    ? new loaded.ProxyAgent({ ...pool, uri: proxy, requestTls: tls })
    : new loaded.Agent({ ...pool, connect: tls });
}
