/**
 * Browser mode (`berth serve`): the same renderer and the same dispatch as the Electron app,
 * over HTTP (POST /api/invoke/<channel>) and server-sent events (GET /api/events).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Result } from '../shared/contract';
import { BerthError, toErrorShape } from '../shared/errors';
import type { ErrorCode } from '../shared/error-catalogue';
import type { BerthCore } from './core';
import { requestErrorCodes } from './dispatch';
import { serveStatic } from './static-files';
import { BAD_URL_MESSAGE, decodeUrlPath } from './url-path';
import { CONTENT_SECURITY_POLICY, checkHostAndOrigin, checkToken, newToken } from './web-security';

export interface WebHostOptions {
  core: BerthCore;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  heartbeatMs?: number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function sendResult(res: ServerResponse, status: number, result: Result): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(result));
}

function fail(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendResult(res, status, { ok: false, error: { code, message } });
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY) throw new Error('too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core } = options;
  // A pull secret must never land where this server would hand it out without the token.
  core.protectFolder(options.rendererDir);
  const token = options.token ?? newToken();
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  let port = options.port ?? 0;
  const streams = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const gate = checkHostAndOrigin(req, port);
    if (!gate.ok) return fail(res, gate.status, gate.code, gate.message);
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    if (decodeUrlPath(path) === undefined)
      return fail(res, 400, 'request.bad_url', `${BAD_URL_MESSAGE} (${path.slice(0, 200)})`);

    if (path.startsWith('/api/')) {
      const auth = checkToken(req, token);
      if (!auth.ok) return fail(res, auth.status, auth.code, auth.message);
      const invokeMatch = /^\/api\/invoke\/([^/]+)$/.exec(path);
      if (invokeMatch?.[1] !== undefined) {
        if (req.method !== 'POST')
          return fail(res, 405, 'request.method', 'Use POST for /api/invoke.');
        return invokeChannel(core, req, res, decodeUrlPath(invokeMatch[1]) ?? '');
      }
      if (path === '/api/events') {
        if (req.method !== 'GET')
          return fail(res, 405, 'request.method', 'Use GET for /api/events.');
        return openEventStream(core, req, res, { streams, heartbeatMs });
      }
      return fail(res, 404, 'request.not_found', `No API route ${path}.`);
    }

    // The renderer's files are the same public code the app ships; the API above is what the
    // token protects. The page reads the token from the URL fragment, which is never sent here.
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return fail(res, 405, 'request.method', 'Read-only.');
    if (await serveStatic(options.rendererDir, path, res)) return;
    fail(res, 404, 'request.not_found', `Not found: ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendResult(res, 500, { ok: false, error: toErrorShape(error) });
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await listenOnLoopback(server, port);
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  core.watch();

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POST /api/invoke/<channel>: the body (at most MAX_BODY bytes of JSON) through dispatch. */
async function invokeChannel(
  core: BerthCore,
  req: IncomingMessage,
  res: ServerResponse,
  channel: string,
) {
  let body: string;
  try {
    body = await readBody(req);
  } catch {
    // The rest of the body is never read, so the connection cannot be reused.
    res.setHeader('connection', 'close');
    return fail(res, 413, 'request.too_large', `Request bodies are limited to ${MAX_BODY} bytes.`);
  }
  let payload: unknown;
  try {
    payload = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return fail(res, 400, 'request.malformed', 'The request body is not valid JSON.');
  }
  const result = await core.dispatch(channel, payload);
  const isRequestError =
    !result.ok && (requestErrorCodes as readonly string[]).includes(result.error.code);
  sendResult(res, isRequestError ? 400 : 200, result);
}

/** GET /api/events: the bus as a text/event-stream, with a heartbeat, until the page leaves. */
function openEventStream(
  core: BerthCore,
  req: IncomingMessage,
  res: ServerResponse,
  { streams, heartbeatMs }: { streams: Set<ServerResponse>; heartbeatMs: number },
) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  // A (re)connecting page learns the engine's state at once, not at the next change.
  const current = core.monitor.current();
  if (current) res.write(`event: engine.status\ndata: ${JSON.stringify(current)}\n\n`);
  streams.add(res);
  const unsubscribe = core.bus.subscribe((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
  const cleanup = () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(res);
  };
  req.on('close', cleanup);
  res.on('error', cleanup);
}

/** Loopback only, never 0.0.0.0: browser mode is for the person at this machine. */
function listenOnLoopback(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new BerthError(
              'serve.port_in_use',
              `Port ${port} on 127.0.0.1 is already in use.`,
              `Pick another with \`berth serve --port N\` (or leave --port out for a free one), or stop the program listening there.`,
              { port },
            )
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
