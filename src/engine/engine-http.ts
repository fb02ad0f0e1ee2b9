/**
 * One Engine API request over Node's own http client, to the address dockerode would use (the
 * same options: a unix socket, the ssh bridge's socket, or tcp with its TLS files). For the
 * calls of a pull, a build, a flow run's container and the event stream, so that those
 * commands do not load dockerode: dockerode 5 requires @grpc/grpc-js and protobufjs (its
 * BuildKit session) and docker-modem requires ssh2, 1.6 MB of JavaScript compiled before the
 * first request, which is most of what a cached build costs beside `docker build`
 * (bench/build.ts) and a good part of a `berth run`'s start (bench/startup.ts).
 */
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { Readable } from 'node:stream';
import type { DockerOptions } from 'dockerode';

/** An error body longer than this is cut: it is a message, not data. */
const MAX_ERROR_BODY = 64 * 1024;
/** A JSON answer (an image list) longer than this is refused. */
export const MAX_JSON_BODY = 32 * 1024 * 1024;
/** Until the engine answers with its headers; a build then streams for as long as it runs. */
const ANSWER_TIMEOUT_MS = 60_000;

export interface EngineHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  /** A stream (a build context), bytes (a tar of files) or a value sent as JSON. */
  body?: Readable | Buffer | { json: unknown };
  signal?: AbortSignal;
  /** Until the engine answers with its headers (default 60 s). */
  answerTimeoutMs?: number;
}

/** The shape docker-modem gives a refused call, which engineError reads. */
export class EngineHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly json: unknown,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(response: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      response.destroy();
      throw new Error(`the engine's answer is larger than ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export type EngineHttp = (request: EngineHttpRequest) => Promise<IncomingMessage>;

/**
 * Resolves where a request goes, then gives what sends it: called inside a promise's executor,
 * so its listeners are on before any error (an aborted signal's comes on the next tick).
 */
type Prepare = (
  request: EngineHttpRequest,
) => Promise<(extraHeaders?: Record<string, string>) => ClientRequest>;

function preparer(options: () => Promise<DockerOptions>): Prepare {
  return async ({ method, path, query, headers, body, signal, answerTimeoutMs }) => {
    const target = await options();
    const secure = target.protocol === 'https';
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) search.set(key, value);
    }
    const fullPath = search.size > 0 ? `${path}?${search.toString()}` : path;
    const bytes =
      body === undefined
        ? Buffer.alloc(0)
        : Buffer.isBuffer(body)
          ? body
          : 'json' in body
            ? Buffer.from(JSON.stringify(body.json))
            : undefined;
    const bodyHeaders: Record<string, string> = bytes
      ? { 'content-length': String(bytes.length) }
      : {};
    if (body && !Buffer.isBuffer(body) && 'json' in body)
      bodyHeaders['content-type'] = 'application/json';
    // node:https (and node:tls) load only for a TLS engine, not with every command.
    const send = secure ? (await import('node:https')).request : httpRequest;
    const requestOptions = (extraHeaders?: Record<string, string>): RequestOptions => ({
      ...(target.socketPath
        ? { socketPath: target.socketPath }
        : { host: target.host, port: target.port }),
      ...(secure ? { ca: target.ca, cert: target.cert, key: target.key } : {}),
      // No TLS, no server name: an empty one spares Node's agent an isIP() test of the host,
      // whose IPv6 pattern takes ~4 ms to compile on a CLI's first request.
      ...(secure ? {} : { servername: '' }),
      method,
      path: fullPath,
      headers: { ...headers, ...bodyHeaders, ...extraHeaders },
      ...(signal ? { signal } : {}),
    });
    return (extraHeaders) => {
      const request = send(requestOptions(extraHeaders));
      request.setTimeout(answerTimeoutMs ?? ANSWER_TIMEOUT_MS, () =>
        request.destroy(
          Object.assign(new Error('the engine did not answer'), { code: 'ETIMEDOUT' }),
        ),
      );
      if (bytes) {
        request.end(bytes);
      } else if (body && !Buffer.isBuffer(body) && !('json' in body)) {
        body.on('error', (error) => request.destroy(error));
        body.pipe(request);
      }
      return request;
    };
  };
}

/** A refusal in the shape docker-modem gives one, with the engine's message. */
function refusal(response: IncomingMessage): Promise<never> {
  const status = response.statusCode ?? 0;
  return readBody(response, MAX_ERROR_BODY).then((text) => {
    const json = parseJson(text);
    const message =
      json && typeof json === 'object' && 'message' in json
        ? String(json.message)
        : text.trim() || `HTTP ${status}`;
    throw new EngineHttpError(status, json, message);
  });
}

/** A 2xx answer resolves as its body's stream; any other status, or a failed request, rejects. */
function settleOnAnswer(
  request: ClientRequest,
  resolve: (response: IncomingMessage) => void,
  reject: (error: unknown) => void,
): void {
  request.on('response', (response) => {
    request.setTimeout(0);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) resolve(response);
    else refusal(response).catch(reject);
  });
  request.on('error', reject);
}

/** Requests whose 2xx answer comes back as a stream; any other status rejects. */
export function engineHttp(options: () => Promise<DockerOptions>): EngineHttp {
  const prepare = preparer(options);
  return async (call) => {
    const open = await prepare(call);
    return new Promise<IncomingMessage>((resolve, reject) =>
      settleOnAnswer(open(), resolve, reject),
    );
  };
}

/**
 * A hijacked connection, as `docker attach` opens one: the request asks to upgrade to raw
 * tcp, and the engine's 101 hands over the socket, which then carries the container's output
 * until it exits (moby api/server/router/container/container_routes.go postContainersAttach;
 * docker/cli's client hijack.go sends the same `Connection: Upgrade`, `Upgrade: tcp`).
 */
export function engineHijack(
  options: () => Promise<DockerOptions>,
): (request: EngineHttpRequest) => Promise<Readable> {
  const prepare = preparer(options);
  return async (call) => {
    const open = await prepare(call);
    return new Promise<Readable>((resolve, reject) => {
      const request = open({ connection: 'Upgrade', upgrade: 'tcp' });
      request.on('upgrade', (_response, socket, head) => {
        request.setTimeout(0);
        socket.setTimeout(0);
        // Bytes that came with the 101 belong to the stream.
        if (head.length > 0) socket.unshift(head);
        const { signal } = call;
        if (signal) {
          const close = () => socket.destroy();
          if (signal.aborted) close();
          else signal.addEventListener('abort', close, { once: true });
          socket.once('close', () => signal.removeEventListener('abort', close));
        }
        resolve(socket);
      });
      // An engine that does not upgrade answers with an error, or streams as a plain body.
      settleOnAnswer(request, resolve, reject);
    });
  };
}

/** A request whose answer is JSON, bounded in size. */
export async function engineJson(http: EngineHttp, request: EngineHttpRequest): Promise<unknown> {
  const response = await http(request);
  return parseJson(await readBody(response, MAX_JSON_BODY));
}
