/**
 * A real Notary server (Debian's notary-server, the one Docker Content Trust talks to) on a
 * free loopback port: TLS with a self-signed certificate, in-memory storage, its signing keys
 * held by the server itself ("local" trust service), no auth. The docker CLI trusts it through
 * ~/.docker/tls/<host:port>/ca.crt, where docker/cli's trust client reads a Notary server's CAs
 * (cli/trust/trust.go, GetNotaryRepository: certDir = <config dir>/tls/<server host>).
 */
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { selfSignedCertificate } from './certificates';
import { freePort, shortTempDir, startProcess, waitFor } from './processes';

export interface RunningNotary {
  /** https://127.0.0.1:port, for DOCKER_CONTENT_TRUST_SERVER. */
  url: string;
  /** Lets the docker CLI whose config folder is `dockerConfigDir` trust this server. */
  trustFrom(dockerConfigDir: string): void;
  stop(): Promise<void>;
}

const healthy = (port: number, ca: string) =>
  new Promise<boolean>((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/_notary_server/health', ca, timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });

export async function startNotary(): Promise<RunningNotary> {
  const dir = shortTempDir('bnt-');
  const port = await freePort();
  const cert = selfSignedCertificate(dir.path, '127.0.0.1', '127.0.0.1');
  const config = join(dir.path, 'server.json');
  writeFileSync(
    config,
    JSON.stringify({
      server: {
        http_addr: `127.0.0.1:${port}`,
        tls_key_file: cert.keyFile,
        tls_cert_file: cert.certFile,
      },
      trust_service: { type: 'local', hostname: '', port: '', key_algorithm: 'ecdsa' },
      storage: { backend: 'memory' },
      logging: { level: 'warning' },
    }),
  );
  const service = startProcess('notary-server', ['-config', config]);
  await waitFor(
    () => healthy(port, cert.certPem),
    'notary-server',
    15_000,
    () => service.output(),
  );
  const host = `127.0.0.1:${port}`;
  return {
    url: `https://${host}`,
    trustFrom: (dockerConfigDir) => {
      const certDir = join(dockerConfigDir, 'tls', host);
      mkdirSync(certDir, { recursive: true });
      copyFileSync(cert.certFile, join(certDir, 'ca.crt'));
    },
    stop: async () => {
      await service.stop();
      dir.remove();
    },
  };
}
