/**
 * A real Docker daemon on a temp socket (shared/notes/real-services.md): vfs storage, no
 * bridge, no iptables, so it runs beside anything else on the machine and leaves no trace.
 */
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shortTempDir, startProcess, waitFor } from './processes';
import type { Service } from './processes';

export interface RunningDockerd {
  socketPath: string;
  dockerHost: string;
  /** Stops the daemon but keeps its data, so `start()` brings the same images back. */
  pause(): Promise<void>;
  /** Starts it again; with `env`, in that environment from now on (as after a unit change). */
  start(env?: NodeJS.ProcessEnv): Promise<void>;
  stop(): Promise<void>;
  /** Kills the daemon at once (SIGKILL), as a crash would; `stop()` still cleans up. */
  kill(): void;
}

export interface DockerdOptions {
  /** More daemon flags, e.g. --insecure-registry or --registry-mirror. */
  args?: string[];
  /** The daemon's environment, e.g. HTTPS_PROXY. */
  env?: NodeJS.ProcessEnv;
  /** Where it keeps images, instead of its temp dir (a small tmpfs, to fill it). */
  dataRoot?: string;
}

export function pingSocket(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export async function startDockerd(options: DockerdOptions = {}): Promise<RunningDockerd> {
  const dir = shortTempDir('bd-');
  const socketPath = join(dir.path, 'docker.sock');
  let service: Service | undefined;

  let environment = options.env;
  const start = async (env?: NodeJS.ProcessEnv) => {
    if (env) environment = env;
    service = startProcess(
      'dockerd',
      [
        '--storage-driver=vfs',
        '--iptables=false',
        '--ip6tables=false',
        '--bridge=none',
        '-H',
        `unix://${socketPath}`,
        '--data-root',
        options.dataRoot ?? join(dir.path, 'data'),
        '--exec-root',
        join(dir.path, 'x'),
        '--pidfile',
        join(dir.path, 'docker.pid'),
        ...(options.args ?? []),
      ],
      environment ? { env: environment } : {},
    );
    const current = service;
    await waitFor(
      () => pingSocket(socketPath),
      'dockerd',
      60_000,
      () => current.output(),
    );
  };
  // dockerd runs its own containerd, which outlives a killed dockerd unless stopped too.
  const containerdPidFile = join(dir.path, 'x', 'containerd', 'containerd.pid');
  const stopContainerd = () => {
    try {
      const pid = Number(readFileSync(containerdPidFile, 'utf8').trim());
      // Only our own containerd: its command line names this daemon's exec-root.
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir.path)) {
        process.kill(pid, 'SIGKILL');
      }
    } catch {
      // Already gone, or dockerd stopped it itself.
    }
  };
  // A killed (or slow to stop, then killed) dockerd leaves its data-root bind mount behind.
  const unmountLeftovers = () => {
    const mounts = readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((point) => point.startsWith(`${dir.path}/`))
      .sort((a, b) => b.length - a.length);
    for (const point of mounts) {
      try {
        execFileSync('umount', ['-l', point], { stdio: 'ignore' });
      } catch {
        // Gone already.
      }
    }
  };
  const pause = async () => {
    await service?.stop(20_000);
    stopContainerd();
    unmountLeftovers();
  };

  try {
    await start();
  } catch (error) {
    await pause();
    dir.remove();
    throw error;
  }
  return {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    pause,
    start,
    kill: () => {
      service?.child.kill('SIGKILL');
    },
    stop: async () => {
      await pause();
      dir.remove();
    },
  };
}
