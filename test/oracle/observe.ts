/**
 * How the oracle sees what each tool sent: the registry's log (`auth.user.name=`, `error
 * authenticating user`) for podman, skopeo and Berth, and for the docker CLI the X-Registry-Auth
 * header it hands the engine, recorded by a unix-socket proxy in front of the real dockerd.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import { identityTokenOf, ORACLE_USERS } from './users';
import type { OracleUser } from './users';

/** `anonymous`, `fails` (the tool gave up before asking the registry), `alice`, `alice+token`. */
export type Outcome = string;

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${error.message}`, ms: Date.now() - started });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const userOfToken = (token: string): string => {
  const user = Object.keys(ORACLE_USERS).find((u) => identityTokenOf(u as OracleUser) === token);
  return user ?? 'unknown-token';
};

/** Who a registry's log says sent the requests for `repository` (requests grouped by id). */
export function outcomeFromLog(logFile: string, repository: string): Outcome {
  const lines = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(
      (line) =>
        line.includes(`vars.name=${repository} `) || line.endsWith(`vars.name=${repository}`),
    );
  if (lines.length === 0) return 'fails';
  const users = new Set<string>();
  for (const line of lines) {
    const ok = /auth\.user\.name="?([^"\s]*)"?/.exec(line);
    if (ok?.[1]) users.add(ok[1]);
    const refused = /error authenticating user \\"([^\\]+)\\"/.exec(line);
    if (refused?.[1]) users.add(`${refused[1]}(refused)`);
  }
  if (users.size === 0) return 'anonymous';
  return [...users].sort().join('|');
}

export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress?: string;
}

/** The outcome an X-Registry-Auth header stands for, as the engine will act on it. */
export function outcomeFromRegistryAuth(auth: RegistryAuth | null): Outcome {
  if (!auth) return 'anonymous';
  if (auth.identitytoken) return `${userOfToken(auth.identitytoken)}+token`;
  if (auth.username && auth.password) return auth.username;
  return 'anonymous';
}

export interface DockerProxy {
  socketPath: string;
  /** The X-Registry-Auth of the `POST /images/create` whose image contains `part` (null: none sent). */
  authFor(part: string): RegistryAuth | null | undefined;
  stop(): Promise<void>;
}

/**
 * Forwards the docker CLI to the real dockerd and records X-Registry-Auth. Pulls from Docker Hub
 * (there is no internet) and Berth's pulls (only their header matters) are answered here, after
 * the header is recorded.
 */
export async function startDockerProxy(socketPath: string, dockerd: string): Promise<DockerProxy> {
  const seen = new Map<string, RegistryAuth | null>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://docker');
    if (req.method === 'POST' && url.pathname.endsWith('/images/create')) {
      const from = url.searchParams.get('fromImage') ?? '';
      const tag = url.searchParams.get('tag');
      const header = req.headers['x-registry-auth'];
      let auth: RegistryAuth | null = null;
      if (typeof header === 'string' && header) {
        try {
          auth = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as RegistryAuth;
        } catch {
          auth = { username: '(undecodable)' };
        }
      }
      seen.set(tag && !from.includes('@') ? `${from}:${tag}` : from, auth);
      // Berth's pulls are recorded, not run: the header is what the test is about.
      if (
        from.includes('-berth') ||
        from.startsWith('docker.io/') ||
        !from.includes('/') ||
        !/[.:]/.test(from.split('/')[0] ?? '')
      ) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'oracle: Docker Hub is not reachable here' }));
        return;
      }
    }
    const upstream = request(
      { socketPath: dockerd, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  rmSync(socketPath, { force: true });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    authFor: (part) => {
      const key = [...seen.keys()].find((k) => k.includes(part));
      return key === undefined ? undefined : seen.get(key);
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
