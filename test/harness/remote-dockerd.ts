/**
 * A "remote" engine for the engine picker: a second real dockerd that also listens on
 * loopback TCP with mutual TLS (--tlsverify), and a docker context for it made by the docker
 * CLI itself in a temp DOCKER_CONFIG, so Berth reads the context store the CLI writes.
 */
import { execFileSync } from 'node:child_process';
import { selfSignedCertificate } from './certificates';
import { startDockerd } from './dockerd';
import type { RunningDockerd } from './dockerd';
import { freePort, shortTempDir } from './processes';

export interface TlsDockerd {
  dockerd: RunningDockerd;
  /** tcp://127.0.0.1:<port> */
  tcpHost: string;
  /** One self-signed certificate plays the CA, the server's and the client's certificate. */
  certFile: string;
  keyFile: string;
  stop(): Promise<void>;
}

export async function startTlsDockerd(): Promise<TlsDockerd> {
  const dir = shortTempDir('tls-');
  const { certFile, keyFile } = selfSignedCertificate(dir.path, 'localhost', '127.0.0.1');
  const port = await freePort();
  const tcpHost = `tcp://127.0.0.1:${port}`;
  let dockerd: RunningDockerd;
  try {
    dockerd = await startDockerd({
      args: [
        '-H',
        tcpHost,
        '--tlsverify',
        `--tlscacert=${certFile}`,
        `--tlscert=${certFile}`,
        `--tlskey=${keyFile}`,
      ],
    });
  } catch (error) {
    dir.remove();
    throw error;
  }
  return {
    dockerd,
    tcpHost,
    certFile,
    keyFile,
    stop: async () => {
      await dockerd.stop();
      dir.remove();
    },
  };
}

/** `docker context create` into `configDir`, with the TLS material of a TlsDockerd. */
export function createDockerContext(
  configDir: string,
  name: string,
  remote: TlsDockerd,
  description = 'loopback TLS test engine',
): void {
  execFileSync(
    'docker',
    [
      '--config',
      configDir,
      'context',
      'create',
      name,
      '--description',
      description,
      '--docker',
      `host=${remote.tcpHost},ca=${remote.certFile},cert=${remote.certFile},key=${remote.keyFile}`,
    ],
    { stdio: 'pipe', timeout: 30_000 },
  );
}
