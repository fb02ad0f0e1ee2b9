/**
 * An ssh:// engine reached the way the docker CLI reaches it: run the user's own `ssh` client
 * with `docker system dial-stdio` on the far side and speak HTTP over its stdin/stdout, so
 * the user's ~/.ssh/config (Host aliases, IdentityFile, ProxyJump), agent and known_hosts all
 * apply. Modelled on docker/cli cli/connhelper/connhelper.go (commit 29e34ab) and
 * cli/connhelper/ssh/ssh.go (commit 11fea00): one `ssh` process per connection, flags
 * `-o ConnectTimeout=30 -T`, then `[-l user] [-p port] -- host docker system dial-stdio`.
 *
 * dockerode's client wants a socket, so the bridge listens on a private unix socket (in a
 * 0700 temp folder) and joins each connection to a fresh `ssh` process. No SSH library is
 * loaded: ssh2 stays out of the process.
 */
import type { ChildProcess, spawn as Spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../shared/errors';

/** The parts of an ssh:// engine address, as docker/cli's ssh.ParseURL reads them. */
export interface SshSpec {
  user: string | undefined;
  host: string;
  port: string | undefined;
  /** A socket path on the far side, when the address names one. */
  path: string;
}

/** Why an address is not a usable ssh:// address, or undefined when it is. */
export function sshAddressProblem(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'it is not a valid URL';
  }
  if (url.protocol !== 'ssh:') return 'the scheme is not ssh://';
  if (!url.hostname) return 'the ssh address has no host';
  if (url.password) return 'a password in the address is not supported (use a key or an agent)';
  if (url.search) return 'query parameters are not allowed';
  if (url.hash) return 'fragments are not allowed';
  return undefined;
}

export function parseSshAddress(address: string): SshSpec {
  const problem = sshAddressProblem(address);
  if (problem) {
    throw new BerthError(
      'engine.bad_host',
      `"${address}" is not an ssh engine address: ${problem}.`,
    );
  }
  const url = new URL(address);
  return {
    user: url.username ? decodeURIComponent(url.username) : undefined,
    host: url.hostname,
    port: url.port || undefined,
    path: decodeURIComponent(url.pathname),
  };
}

/** The `ssh` arguments docker/cli builds for this address (connhelper.go, ssh.go Args). */
export function sshArguments(spec: SshSpec): string[] {
  const remote =
    spec.path.replace(/\//g, '') === ''
      ? ['docker', 'system', 'dial-stdio']
      : ['docker', `--host=unix://${spec.path}`, 'system', 'dial-stdio'];
  return [
    '-o',
    'ConnectTimeout=30',
    '-T',
    ...(spec.user ? ['-l', spec.user] : []),
    ...(spec.port ? ['-p', spec.port] : []),
    '--',
    spec.host,
    ...remote,
  ];
}

export interface SshBridgeOptions {
  /** The environment `ssh` runs with (HOME decides ~/.ssh/config; SSH_AUTH_SOCK the agent). */
  env?: NodeJS.ProcessEnv;
  /** The ssh program; `ssh` on PATH unless a test says otherwise. */
  sshCommand?: string;
}

export interface SshBridge {
  /** A unix socket that reaches the engine through `ssh`. */
  readonly socketPath: string;
  /** Resolves once the socket accepts connections. */
  readonly ready: Promise<void>;
  /** The last connection's ssh failure, cleared once taken or when a connection works. */
  takeFailure(): BerthError | undefined;
  close(): void;
}

const STDERR_LIMIT = 4_000;

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' ').slice(0, 500);
}

/** ssh exits 255 for its own errors (connect, host key, auth); else it is the far side's code. */
function sshFailure(target: string, code: number | null, stderr: string): BerthError {
  const said = lastLines(stderr) || `ssh exited with ${code ?? 'a signal'}`;
  const auth = /permission denied|authentication/i.test(stderr);
  const hostKey = /host key verification failed|REMOTE HOST IDENTIFICATION/i.test(stderr);
  const noDocker = code === 127 || /docker: (command )?not found/i.test(stderr);
  const hint = auth
    ? `ssh could not log in to ${target}: load your key into the agent (ssh-add), or name it with IdentityFile for this host in ~/.ssh/config.`
    : hostKey
      ? `ssh does not trust ${target}'s host key: connect once with \`ssh ${target}\` to check and accept it.`
      : noDocker
        ? `${target} has no docker CLI on the far side: \`docker system dial-stdio\` must run there (Docker 18.09 or later).`
        : `Check that \`ssh ${target} docker system dial-stdio\` works in a terminal.`;
  return new BerthError(
    'engine.ssh_failed',
    `The ssh connection to ${target} failed: ${said}`,
    hint,
    {
      exitCode: code,
    },
  );
}

function sshMissing(command: string): BerthError {
  return new BerthError(
    'engine.ssh_missing',
    `An ssh:// engine needs the ssh client, and "${command}" was not found on PATH.`,
    'Install OpenSSH’s client (apt install openssh-client, or the "OpenSSH Client" feature on Windows).',
  );
}

export function startSshBridge(address: string, options: SshBridgeOptions = {}): SshBridge {
  const spec = parseSshAddress(address);
  const args = sshArguments(spec);
  const command = options.sshCommand ?? 'ssh';
  const target = `${spec.user ? `${spec.user}@` : ''}${spec.host}${spec.port ? `:${spec.port}` : ''}`;
  const dir = mkdtempSync(join(tmpdir(), 'berth-ssh-'));
  const socketPath = join(dir, 'engine.sock');
  const children = new Set<ChildProcess>();
  let failure: BerthError | undefined;
  // node:child_process loads with the first ssh:// engine, not with every command; `ready`
  // waits for it, and no connection comes before `ready`.
  let spawn: typeof Spawn | undefined;
  const loaded = import('node:child_process').then((module) => {
    spawn = module.spawn;
  });

  const bridgeConnection = (socket: Socket) => {
    if (!spawn) {
      socket.destroy();
      return;
    }
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    // The client's socket keeps the process alive while a request is in flight; the ssh
    // process and this side of the bridge must not keep it alive after.
    child.unref();
    socket.unref();
    let stderr = '';
    let closedByClient = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_LIMIT);
    });
    child.stdout?.once('data', () => (failure = undefined));
    child.on('error', (error: NodeJS.ErrnoException) => {
      failure =
        error.code === 'ENOENT' ? sshMissing(command) : sshFailure(target, null, error.message);
      socket.destroy();
    });
    // 'close' comes after the exit and the end of its output: the failure is on record
    // before the client sees its connection end.
    child.on('close', (code) => {
      children.delete(child);
      if (!closedByClient && code !== 0) failure = sshFailure(target, code, stderr);
      socket.end();
    });
    socket.on('close', () => {
      closedByClient = true;
      if (child.exitCode === null) child.kill();
    });
    socket.on('error', () => socket.destroy());
    child.stdin?.on('error', () => undefined);
    for (const pipe of [child.stdin, child.stdout, child.stderr]) (pipe as Socket | null)?.unref();
    if (child.stdin) socket.pipe(child.stdin);
    child.stdout?.pipe(socket, { end: false });
  };

  const server: Server = createServer(bridgeConnection);
  const removeFolder = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeFolder);
  // The bridge never keeps a process alive on its own (a CLI command ends when its work does).
  server.unref();
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  const ready = Promise.all([loaded, listening]).then(() => undefined);

  return {
    socketPath,
    ready,
    takeFailure: () => {
      const taken = failure;
      failure = undefined;
      return taken;
    },
    close: () => {
      for (const child of children) child.kill();
      server.close();
      process.off('exit', removeFolder);
      removeFolder();
    },
  };
}
