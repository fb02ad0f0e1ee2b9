/**
 * Servers that fail a pull the way real registries do, for the diagnosis scenarios: one that
 * answers like Docker Hub when the pull allowance is spent (429, its headers and body), a
 * TLS front with a self-signed certificate on a non-loopback address (engines and Berth only
 * skip TLS checks for loopback), and one that accepts connections but never answers.
 */
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { selfSignedCertificate } from './certificates';
import { startTestServer } from './misbehaving-servers';
import type { TestServer } from './misbehaving-servers';
import { shortTempDir } from './processes';

/** Docker Hub's answer once the pull allowance is spent (docs.docker.com/docker-hub/usage). */
export async function startRateLimitedRegistry(): Promise<TestServer> {
  return startTestServer((req, res, server) => {
    const path = req.url ?? '/';
    if (path === '/v2/') {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="${server.url}/token",service="registry.docker.io"`,
        'content-type': 'application/json',
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    } else if (path.startsWith('/token')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: 'anonymous-token', expires_in: 300 }));
    } else if (path.includes('/manifests/')) {
      res.writeHead(429, {
        'content-type': 'application/json',
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': '0;w=21600',
        'docker-ratelimit-source': '203.0.113.7',
      });
      res.end(
        '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit"}]}',
      );
    } else {
      res.writeHead(404).end();
    }
  });
}

/** An address of this machine that is not loopback, or null. */
export function nonLoopbackAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    const found = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return null;
}

/**
 * Forwards each request to `target` (a real registry) as it came; with a rate, blob bodies
 * come back at that many bytes a second, so a pull stays in flight.
 */
function forwardTo(target: URL, blobBytesPerSecond?: number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const out = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const rate = blobBytesPerSecond;
        if (!rate || !req.url?.includes('/blobs/')) {
          answer.pipe(res);
          return;
        }
        // Sends each chunk, then waits as long as the rate says that chunk should take.
        answer.on('data', (chunk: Buffer) => {
          answer.pause();
          res.write(chunk);
          setTimeout(() => answer.resume(), (chunk.length / rate) * 1000);
        });
        answer.on('end', () => res.end());
        res.on('close', () => answer.destroy());
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  };
}

/** A TLS front with a self-signed certificate, forwarding to `upstream` (a real registry). */
export async function startSelfSignedFront(
  upstream: string,
): Promise<{ host: string; stop(): Promise<void> }> {
  const address = nonLoopbackAddress();
  if (!address)
    throw new Error('The TLS scenario needs a non-loopback IPv4 address on this machine.');
  const dir = shortTempDir('bt-');
  const tls = selfSignedCertificate(dir.path, 'berth-selfsigned', address);
  const server = createHttpsServer(
    { key: tls.keyPem, cert: tls.certPem },
    forwardTo(new URL(upstream)),
  );
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : 0;
  return {
    host: `${address}:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          dir.remove();
          resolve();
        });
      }),
  };
}

/** Accepts TCP connections and never says a word. */
export async function startSilentServer(): Promise<{ host: string; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface PlainFrontOptions {
  /** Where to listen: loopback by default; a non-loopback address makes the engine want HTTPS. */
  address?: string;
  /** Slows blob downloads to this many bytes a second, so a pull stays in flight. */
  blobBytesPerSecond?: number;
}

/** A plain-HTTP front forwarding to `upstream` (a real registry), optionally slow on blobs. */
export async function startPlainFront(
  upstream: string,
  options: PlainFrontOptions = {},
): Promise<{ host: string; url: string; stop(): Promise<void> }> {
  const server = createHttpServer(forwardTo(new URL(upstream), options.blobBytesPerSecond));
  await new Promise<void>((resolve) => server.listen(0, options.address ?? '127.0.0.1', resolve));
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : 0;
  const host = `${options.address ?? '127.0.0.1'}:${port}`;
  return {
    host,
    url: `http://${host}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
