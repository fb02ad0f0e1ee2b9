/**
 * A small proxy in front of a real docker-registry that pages tag lists the way real
 * registries do (`n`, `last`, `Link: <…>; rel="next"`), because Debian's registry 2.8
 * ignores `n`. It can add latency to every request, like a registry across the internet.
 * Everything else is passed through untouched.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';

export interface PaginatingServerOptions {
  upstream: string;
  /** Page size when the client sends no `n`. */
  defaultPageSize?: number;
  latencyMs?: number;
}

export interface PaginatingServer {
  url: string;
  host: string;
  requests: { path: string; authorization: boolean }[];
  stop(): Promise<void>;
}

function forward(
  req: IncomingMessage,
  upstream: URL,
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: upstream.host };
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, path, method: req.method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 502,
            headers: res.headers as Record<string, string | string[]>,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    req.pipe(out);
  });
}

export async function startPaginatingServer(
  options: PaginatingServerOptions,
): Promise<PaginatingServer> {
  const upstream = new URL(options.upstream);
  const requests: PaginatingServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    requests.push({
      path: url.pathname + url.search,
      authorization: Boolean(req.headers.authorization),
    });
    const run = async () => {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const tagsList = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname);
      const answer = await forward(
        req,
        upstream,
        tagsList ? url.pathname : url.pathname + url.search,
      );
      if (!tagsList || answer.status !== 200) {
        delete answer.headers['transfer-encoding'];
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return;
      }
      const all = ((JSON.parse(answer.body.toString()) as { tags?: string[] }).tags ?? []).sort();
      const n = Number(url.searchParams.get('n') ?? options.defaultPageSize ?? 100);
      const last = url.searchParams.get('last');
      const start = last === null ? 0 : all.findIndex((t) => t > last);
      const page = start < 0 ? [] : all.slice(start, start + n);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const lastOfPage = page[page.length - 1];
      if (lastOfPage !== undefined && start + n < all.length) {
        headers.link = `</v2/${tagsList[1]}/tags/list?n=${n}&last=${encodeURIComponent(lastOfPage)}>; rel="next"`;
      }
      res.writeHead(200, headers);
      res.end(JSON.stringify({ name: tagsList[1], tags: page }));
    };
    run().catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
