/**
 * A registry front that serves the OCI 1.1 referrers API (`GET /v2/<name>/referrers/<digest>`,
 * distribution-spec v1.1.0 "Listing Referrers"), which Debian's docker-registry 2.8 lacks.
 * It answers from the manifests it is told about (those with a `subject`) and streams every
 * other request to the real registry untouched.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';

export interface ReferrerEntry {
  subject: string;
  digest: string;
  size: number;
  artifactType: string;
}

export interface ReferrersServer {
  url: string;
  host: string;
  /** Paths of the referrers requests it answered. */
  answered: string[];
  stop(): Promise<void>;
}

export async function startReferrersServer(
  upstream: string,
  referrers: readonly ReferrerEntry[],
): Promise<ReferrersServer> {
  const target = new URL(upstream);
  const answered: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://front');
    const match = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
    if (match && req.method === 'GET') {
      answered.push(url.pathname);
      const manifests = referrers
        .filter((r) => r.subject === match[2])
        .map((r) => ({
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: r.digest,
          size: r.size,
          artifactType: r.artifactType,
        }));
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
      res.end(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests,
        }),
      );
      return;
    }
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
        answer.pipe(res);
      },
    );
    out.on('error', (error) => res.writeHead(502).end(String(error)));
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    answered,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
