/**
 * A real forwarding proxy: Debian's tinyproxy on a free loopback port, its access log in a
 * temp dir (LogLevel Connect logs each request line, "CONNECT host:port HTTP/1.1" included).
 */
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { freePort, shortTempDir, startProcess, waitFor } from './processes';

export interface RunningTinyproxy {
  url: string;
  /** The access log so far. */
  log(): string;
  stop(): Promise<void>;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

export async function startTinyproxy(): Promise<RunningTinyproxy> {
  const dir = shortTempDir('btp-');
  // tinyproxy may switch to another user when started as root: let it write its log.
  chmodSync(dir.path, 0o777);
  const port = await freePort();
  const logFile = join(dir.path, 'access.log');
  const conf = join(dir.path, 'tinyproxy.conf');
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 60',
      `LogFile "${logFile}"`,
      'LogLevel Connect',
      'MaxClients 50',
      'Allow 127.0.0.1',
      '',
    ].join('\n'),
  );
  const service = startProcess('tinyproxy', ['-d', '-c', conf]);
  await waitFor(
    () => accepts(port),
    'tinyproxy',
    10_000,
    () => service.output(),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    stop: async () => {
      await service.stop();
      dir.remove();
    },
  };
}
