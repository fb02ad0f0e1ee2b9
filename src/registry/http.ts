/**
 * One registry HTTP exchange: a timeout over the whole exchange, a size limit read off the
 * stream (a 50 MB answer is cut at the limit, never buffered), and redirects followed by
 * hand so Authorization never reaches another origin — stripped on the first cross-origin
 * hop and never restored, even if a later hop comes back (distribution-spec §API; the bugs
 * behind CVE-2023-45289 and CVE-2024-45336).
 */
import { Readable } from 'node:stream';
import { BerthError } from '../shared/errors';

/**
 * An answer's headers, as much of fetch's `Headers` as Berth reads. Node's own http answers
 * with a plain object: touching the global `Headers` would load Node's bundled undici (about
 * 20 ms), which a pull's cross-check or a tag listing over node:http does not need.
 */
export interface HeaderBag {
  get(name: string): string | null;
}

/** An answer whose body comes as a Node stream, not a web stream (see `Fetch.stream`). */
export interface StreamResponse {
  status: number;
  headers: HeaderBag;
  body: Readable;
}

export type StreamFetch = (
  url: string,
  init: {
    method?: 'GET' | 'HEAD' | 'POST';
    headers: Record<string, string>;
    signal: AbortSignal;
    body?: string;
  },
) => Promise<StreamResponse>;

/**
 * The registry's HTTP. `stream`, where the transport offers it, serves layer blobs: a web
 * stream's per-chunk promises and copies cost more than the listing's parsing on a big image
 * (bench/files.ts), while Node's own streams hand the socket's buffers over as they come.
 */
export type Fetch = ((url: string, init: RequestInit) => Promise<Response>) & {
  stream?: StreamFetch;
};

export interface ExchangeOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  /** A POST's form body (application/x-www-form-urlencoded), e.g. an OAuth2 grant. */
  form?: URLSearchParams;
  /** Sent only to the origin of the first URL. */
  authorization?: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  what: string;
}

export interface Exchange {
  status: number;
  headers: HeaderBag;
  /** The URL that answered, after redirects. */
  url: string;
  body: Uint8Array;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_HOPS = 5;

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
    code?: string;
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
  // fetch wraps the socket's error as `cause`; Node's http and undici's request throw it.
  const code = e?.cause?.code ?? e?.code ?? '';
  const hints: Record<string, string> = {
    ENOTFOUND: `The name ${host} does not resolve: check the spelling, or your DNS / VPN.`,
    EAI_AGAIN: `DNS lookup for ${host} failed for now: check your network or VPN, then try again.`,
    ECONNREFUSED: `Nothing accepts connections at ${host}: is the registry running, and is the port right?`,
    ECONNRESET: `${host} closed the connection: a proxy or firewall may be in the way.`,
    CERT_HAS_EXPIRED: `The TLS certificate of ${host} has expired.`,
    DEPTH_ZERO_SELF_SIGNED_CERT: `${host} uses a self-signed certificate: put it as /etc/docker/certs.d/${host}/ca.crt (what docker trusts for it too), or add it to the system store.`,
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: `The TLS chain of ${host} cannot be verified: put the registry's CA as /etc/docker/certs.d/${host}/ca.crt, or add it to the system store (update-ca-certificates).`,
    SELF_SIGNED_CERT_IN_CHAIN: `${host} is signed by a CA this machine does not trust: put that CA as /etc/docker/certs.d/${host}/ca.crt, or add it to the system store (update-ca-certificates).`,
    ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: `${host} demands a client certificate: put client.cert and client.key in /etc/docker/certs.d/${host}/, as docker expects.`,
    ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: `${host} refused the client certificate: check client.cert and client.key in /etc/docker/certs.d/${host}/.`,
    ERR_TLS_CERT_ALTNAME_INVALID: `The TLS certificate does not name ${host}.`,
  };
  return new BerthError(
    'registry.unreachable',
    `Cannot reach ${host}${code ? ` (${code})` : ''}: ${e?.cause?.message ?? e?.message ?? 'network error'}.`,
    hints[code] ?? 'Check the registry address and your network, proxy or VPN.',
    { host, cause: code || undefined },
  );
}

/** One hop of a request: sent as given, redirects not followed. */
interface Hop<A> {
  send(url: string, init: HopInit): Promise<A>;
  /** Drops an answer that is only a redirect. */
  discard(answer: A): Promise<unknown>;
}

interface HopInit {
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  signal: AbortSignal;
  body?: string;
}

/** Follows redirects by hand; Authorization goes only to the first URL's origin. */
async function follow<A extends { status: number; headers: HeaderBag }>(
  hop: Hop<A>,
  url: string,
  options: Omit<ExchangeOptions, 'maxBytes' | 'timeoutMs'>,
  signal: AbortSignal,
): Promise<{ response: A; url: string; method: 'GET' | 'HEAD' | 'POST' }> {
  const firstOrigin = new URL(url).origin;
  let method = options.method ?? 'GET';
  let current = url;
  let authorization = options.authorization;
  for (let hops = 0; hops <= MAX_HOPS; hops++) {
    if (new URL(current).origin !== firstOrigin) authorization = undefined;
    const posting = method === 'POST' && options.form !== undefined;
    const headers = {
      ...options.headers,
      ...(posting ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...(authorization ? { authorization } : {}),
    };
    const response = await hop.send(current, {
      method,
      headers,
      signal,
      ...(posting ? { body: options.form?.toString() ?? '' } : {}),
    });
    const location = response.headers.get('location');
    if (REDIRECTS.has(response.status) && location) {
      await hop.discard(response);
      current = new URL(location, current).href;
      // Only 307/308 repeat a POST; the others turn it into a GET (RFC 9110 §15.4).
      if (response.status === 303 || (method === 'POST' && response.status < 307)) method = 'GET';
      continue;
    }
    return { response, url: current, method };
  }
  throw new BerthError(
    'registry.too_many_redirects',
    `More than ${MAX_HOPS} redirects for ${options.what}.`,
    'The registry or a proxy in front of it is misconfigured.',
    { host: new URL(url).host },
  );
}

export async function exchange(
  fetch: Fetch,
  url: string,
  options: ExchangeOptions,
): Promise<Exchange> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    const {
      response,
      url: answered,
      method,
    } = await follow(streamHop(fetch), url, options, signal);
    const body =
      method === 'HEAD'
        ? (dropBody(response.body), new Uint8Array())
        : await readStreamLimited(response, options.maxBytes, options.what);
    return { status: response.status, headers: response.headers, url: answered, body };
  } catch (error) {
    // Node's http reports an aborted request as an AbortError whatever the signal's reason:
    // the reason says whether it was the timeout or the caller.
    throw networkError(
      signal.aborted ? signal.reason : error,
      url,
      options.timeoutMs,
      options.what,
    );
  }
}

/** A Node-stream answer read whole, refused past `maxBytes` (declared or as it comes). */
async function readStreamLimited(
  response: StreamResponse,
  maxBytes: number,
  what: string,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) {
    dropBody(response.body);
    throw tooLarge(what, maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(what, maxBytes);
      chunks.push(chunk);
    }
  } finally {
    if (size > maxBytes) dropBody(response.body);
  }
  return Buffer.concat(chunks, size);
}

/** An exchange whose body is left unread, for blobs of any size: a Node stream. */
export interface OpenExchange {
  status: number;
  headers: HeaderBag;
  url: string;
  body: Readable;
}

/**
 * Drops a body not (fully) read. undici's body reports its own destruction as an error event
 * (RequestAbortedError), which must not reach the process as an uncaught one.
 */
export function dropBody(body: Readable): void {
  body.once('error', () => {});
  body.destroy();
}

/** The transport's Node-stream request, or its fetch with the web stream wrapped (a test's fetch). */
function streamHop(fetch: Fetch): Hop<StreamResponse> {
  const stream = fetch.stream;
  const send: Hop<StreamResponse>['send'] = stream
    ? (url, init) => stream(url, init)
    : async (url, init) => {
        const response = await fetch(url, { ...init, redirect: 'manual' });
        return { status: response.status, headers: response.headers, body: webBody(response) };
      };
  return { send, discard: async (answer) => dropBody(answer.body) };
}

/** A fetch Response's body as a Node stream (a test's fetch has no `stream`). */
function webBody(response: Response): Readable {
  const reader = response.body?.getReader();
  return Readable.from(
    (async function* () {
      if (!reader) return;
      try {
        for (;;) {
          const next = await reader.read();
          if (next.done) return;
          yield next.value;
        }
      } finally {
        void reader.cancel().catch(() => {});
      }
    })(),
    { objectMode: false },
  );
}

/**
 * Opens a GET and returns once the headers arrive: `timeoutMs` bounds the wait for them, not
 * the body, which the caller streams under an idle timeout of its own (a 2 GB layer takes
 * longer than any whole-exchange timeout). `options.signal` still ends the body.
 */
export async function openExchange(
  fetch: Fetch,
  url: string,
  options: Omit<ExchangeOptions, 'maxBytes' | 'method'>,
): Promise<OpenExchange> {
  const headersDue = new AbortController();
  const timer = setTimeout(
    () => headersDue.abort(new DOMException('headers timed out', 'TimeoutError')),
    options.timeoutMs,
  );
  const signal = options.signal
    ? AbortSignal.any([options.signal, headersDue.signal])
    : headersDue.signal;
  try {
    const { response, url: answered } = await follow(streamHop(fetch), url, options, signal);
    return {
      status: response.status,
      headers: response.headers,
      url: answered,
      body: response.body,
    };
  } catch (error) {
    throw networkError(
      headersDue.signal.aborted ? headersDue.signal.reason : error,
      url,
      options.timeoutMs,
      options.what,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Reads an open body up to `maxBytes` (an error answer's few bytes), then drops the rest. */
export async function readOpenBody(body: Readable, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = maxBytes - size;
      chunks.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.byteLength, room);
      if (size >= maxBytes) break;
    }
  } finally {
    dropBody(body);
  }
  return Buffer.concat(chunks, size);
}
