/**
 * A docker-registry (distribution 2.8) serving TLS with a certificate from a private CA made
 * here by openssl, optionally demanding a client certificate (`http.tls.clientcas`), and a
 * CONNECT proxy that records what it carried. Anonymous: these tests are about the transport.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, shortTempDir, startProcess, waitFor } from './processes';

/** A registry name the CA's server certificate also carries; see startConnectProxy. */
export const TEST_REGISTRY_NAME = 'registry.berth.test';

export interface PrivateCa {
  dir: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

const openssl = (args: string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: 'ignore' });

/** `extraIps`: addresses beyond loopback the server certificate names (an engine-facing one). */
export function makePrivateCa(dir: string, extraIps: readonly string[] = []): PrivateCa {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=Berth Test Private CA',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  const issue = (name: string, subject: string, ext: string) => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(
      [
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        subject,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
      ],
      dir,
    );
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.cert`,
      ],
      dir,
    );
  };
  issue(
    'server',
    '/CN=127.0.0.1',
    // registry.berth.test: a name that is not loopback (so Berth speaks https to it), reached
    // only through startConnectProxy's `names`; no DNS entry is made or needed.
    `subjectAltName=IP:127.0.0.1,${extraIps.map((ip) => `IP:${ip},`).join('')}DNS:localhost,DNS:${TEST_REGISTRY_NAME}\nextendedKeyUsage=serverAuth\n`,
  );
  issue('client', '/CN=berth-test-client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.cert'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.cert'),
    clientKey: join(dir, 'client.key'),
  };
}

export interface TlsRegistry {
  host: string;
  url: string;
  stop(): Promise<void>;
}

export async function startTlsRegistry(
  ca: PrivateCa,
  requireClientCert: boolean,
  /** Where it listens: loopback unless told (docker treats 127.0.0.0/8 as insecure). */
  address = '127.0.0.1',
  /** The certificate file it serves: the leaf alone unless told (a full chain, say). */
  certificate = ca.serverCert,
): Promise<TlsRegistry> {
  const dir = shortTempDir('btr-');
  const port = await freePort();
  const config = join(dir.path, 'config.yml');
  writeFileSync(
    config,
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir.path, 'data')}\n` +
      `http:\n  addr: ${address}:${port}\n  tls:\n    certificate: ${certificate}\n    key: ${ca.serverKey}\n` +
      (requireClientCert ? `    clientcas:\n      - ${ca.caCert}\n` : ''),
  );
  const service = startProcess('docker-registry', ['serve', config]);
  const host = `${address}:${port}`;
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, address, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      }),
    'docker-registry (TLS)',
    20_000,
    () => service.output(),
  );
  return {
    host,
    url: `https://${host}`,
    stop: async () => {
      await service.stop();
      dir.remove();
    },
  };
}

export interface RecordingProxy {
  url: string;
  /** host:port of every CONNECT it tunnelled. */
  tunnels: string[];
  stop(): Promise<void>;
}

/**
 * An HTTP proxy that only tunnels (CONNECT), as corporate proxies do for https. `names` maps a
 * host name to the address the proxy connects to, as a proxy's own DNS would.
 */
export async function startConnectProxy(
  names: Record<string, string> = {},
): Promise<RecordingProxy> {
  const tunnels: string[] = [];
  const server: Server = createServer((_req, res) => {
    res.writeHead(405).end('CONNECT only');
  });
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    tunnels.push(target);
    const [host = '', port] = target.split(':');
    const upstream = connect(Number(port), names[host] ?? host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
