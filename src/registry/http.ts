/**
 * One registry HTTP exchange: a timeout over the whole exchange, a size limit read off the
 * stream (a 50 MB answer is cut at the limit, never buffered), and redirects followed by
 * hand so Authorization never reaches another origin — stripped on the first cross-origin
 * hop and never restored, even if a later hop comes back (distribution-spec §API; the bugs
 * behind CVE-2023-45289 and CVE-2024-45336).
 */
import { BerthError } from '../shared/errors';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface ExchangeOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Sent only to the origin of the first URL. */
  authorization?: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  what: string;
}

export interface Exchange {
  status: number;
  headers: Headers;
  /** The URL that answered, after redirects. */
  url: string;
  body: Uint8Array;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_HOPS = 5;

export async function readLimited(
  response: Response,
  maxBytes: number,
  what: string,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(what, maxBytes);
  }
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(what, maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(what: string, maxBytes: number): BerthError {
  return new BerthError(
    'registry.body_too_large',
    `The registry's answer for ${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, so Berth stopped reading it.`,
    'This is not what a registry sends for this request: check that the address points at a container registry.',
    { maxBytes },
  );
}

export function networkError(
  error: unknown,
  url: string,
  timeoutMs: number,
  what: string,
): BerthError {
  if (error instanceof BerthError) return error;
  const host = new URL(url).host;
  const e = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError') {
    return new BerthError(
      'registry.timeout',
      `${host} did not answer ${what} within ${(timeoutMs / 1000).toFixed(1)} s.`,
      'The registry may be slow or unreachable from this network (VPN, proxy, firewall). Try again, or check the registry status.',
      { host, timeoutMs },
    );
  }
  if (e?.name === 'AbortError')
    return new BerthError('job.cancelled', `Cancelled ${what}.`, undefined, { host });
  const code = e?.cause?.code ?? '';
  const hints: Record<string, string> = {
    ENOTFOUND: `The name ${host} does not resolve: check the spelling, or your DNS / VPN.`,
    EAI_AGAIN: `DNS lookup for ${host} failed for now: check your network or VPN, then try again.`,
    ECONNREFUSED: `Nothing accepts connections at ${host}: is the registry running, and is the port right?`,
    ECONNRESET: `${host} closed the connection: a proxy or firewall may be in the way.`,
    CERT_HAS_EXPIRED: `The TLS certificate of ${host} has expired.`,
    DEPTH_ZERO_SELF_SIGNED_CERT: `${host} uses a self-signed certificate: add its CA to Berth's trusted CAs.`,
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: `The TLS chain of ${host} cannot be verified: add the registry's CA to Berth's trusted CAs.`,
    ERR_TLS_CERT_ALTNAME_INVALID: `The TLS certificate does not name ${host}.`,
  };
  return new BerthError(
    'registry.unreachable',
    `Cannot reach ${host}${code ? ` (${code})` : ''}: ${e?.cause?.message ?? e?.message ?? 'network error'}.`,
    hints[code] ?? 'Check the registry address and your network, proxy or VPN.',
    { host, cause: code || undefined },
  );
}

export async function exchange(
  fetch: Fetch,
  url: string,
  options: ExchangeOptions,
): Promise<Exchange> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const firstOrigin = new URL(url).origin;
  let method = options.method ?? 'GET';
  let current = url;
  let authorization = options.authorization;
  try {
    for (let hop = 0; hop <= MAX_HOPS; hop++) {
      if (new URL(current).origin !== firstOrigin) authorization = undefined;
      const headers = { ...options.headers, ...(authorization ? { authorization } : {}) };
      const response = await fetch(current, { method, headers, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location) {
        await response.body?.cancel().catch(() => {});
        current = new URL(location, current).href;
        if (response.status === 303) method = 'GET';
        continue;
      }
      const body =
        method === 'HEAD'
          ? new Uint8Array()
          : await readLimited(response, options.maxBytes, options.what);
      return { status: response.status, headers: response.headers, url: current, body };
    }
  } catch (error) {
    throw networkError(error, current, options.timeoutMs, options.what);
  }
  throw new BerthError(
    'registry.too_many_redirects',
    `More than ${MAX_HOPS} redirects for ${options.what}.`,
    'The registry or a proxy in front of it is misconfigured.',
    { host: new URL(url).host },
  );
}
