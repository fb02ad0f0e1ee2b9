/**
 * One Engine API request over Node's own http client, to the address dockerode would use (the
 * same options: a unix socket, the ssh bridge's socket, or tcp with its TLS files). For the
 * calls of a build, so that `berth build` does not load dockerode: dockerode 5 requires
 * @grpc/grpc-js and protobufjs (its BuildKit session) and docker-modem requires ssh2, 1.6 MB
 * of JavaScript compiled before the first request, which is most of what a cached build
 * costs beside `docker build` (bench/build.ts).
 */
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { DockerOptions } from 'dockerode';

/** An error body longer than this is cut: it is a message, not data. */
const MAX_ERROR_BODY = 64 * 1024;
/** A JSON answer (an image list) longer than this is refused. */
export const MAX_JSON_BODY = 32 * 1024 * 1024;
/** Until the engine answers with its headers; a build then streams for as long as it runs. */
const ANSWER_TIMEOUT_MS = 60_000;

export interface EngineHttpRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  body?: Readable;
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

/** Requests whose 2xx answer comes back as a stream; any other status rejects. */
export function engineHttp(options: () => Promise<DockerOptions>): EngineHttp {
  return async ({ method, path, query, headers, body, signal, answerTimeoutMs }) => {
    const target = await options();
    const secure = target.protocol === 'https';
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) search.set(key, value);
    }
    const fullPath = search.size > 0 ? `${path}?${search.toString()}` : path;
    // node:https (and node:tls) load only for a TLS engine, not with every command.
    const send = secure ? (await import('node:https')).request : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = send(
        {
          ...(target.socketPath
            ? { socketPath: target.socketPath }
            : { host: target.host, port: target.port }),
          ...(secure ? { ca: target.ca, cert: target.cert, key: target.key } : {}),
          method,
          path: fullPath,
          headers: { ...headers, ...(body ? {} : { 'content-length': '0' }) },
          ...(signal ? { signal } : {}),
        },
        (response) => {
          request.setTimeout(0);
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve(response);
            return;
          }
          readBody(response, MAX_ERROR_BODY).then((text) => {
            const json = parseJson(text);
            const message =
              json && typeof json === 'object' && 'message' in json
                ? String(json.message)
                : text.trim() || `HTTP ${status}`;
            reject(new EngineHttpError(status, json, message));
          }, reject);
        },
      );
      request.setTimeout(answerTimeoutMs ?? ANSWER_TIMEOUT_MS, () =>
        request.destroy(
          Object.assign(new Error('the engine did not answer'), { code: 'ETIMEDOUT' }),
        ),
      );
      request.on('error', reject);
      if (body) {
        body.on('error', (error) => request.destroy(error));
        body.pipe(request);
      } else {
        request.end();
      }
    });
  };
}

/** A request whose answer is JSON, bounded in size. */
export async function engineJson(http: EngineHttp, request: EngineHttpRequest): Promise<unknown> {
  const response = await http(request);
  return parseJson(await readBody(response, MAX_JSON_BODY));
}
