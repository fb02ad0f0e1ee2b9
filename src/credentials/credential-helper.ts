/**
 * The docker-credential-helpers protocol (github.com/docker/docker-credential-helpers):
 * `docker-credential-<name> get` reads a server URL on stdin and answers
 * {"ServerURL","Username","Secret"}; `list` answers {"<server URL>": "<username>"}. A helper
 * that has nothing says "credentials not found in native keychain" and exits 1.
 * Run without a shell, bounded in time and output; what a helper prints on success is never
 * copied into an error (it may be the secret).
 */
import * as z from 'zod';
import { BerthError } from '../shared/errors';
import { lazySchema } from '../shared/lazy-schema';

export interface HelperCredential {
  username: string;
  secret: string;
  /** Helpers keep identity (refresh) tokens under the username "<token>". */
  identityToken: boolean;
}

/** How long a helper may take; it is killed when it runs out. */
export const HELPER_TIMEOUT_MS = 10_000;
const MAX_STDOUT = 1024 * 1024;
const MAX_STDERR = 64 * 1024;
const TOKEN_USERNAME = '<token>';

const GetAnswer = lazySchema(() =>
  z.object({
    ServerURL: z.string().optional(),
    Username: z.string().optional(),
    Secret: z.string(),
  }),
);
const ListAnswer = lazySchema(() => z.record(z.string(), z.string()));

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export const helperProgram = (name: string) => `docker-credential-${name}`;

/**
 * Runs `docker-credential-<name> <action>` with `input` on stdin. `configFile` is the file that
 * names the helper, as shown to people in hints.
 */
async function runHelper(
  name: string,
  action: 'get' | 'list',
  input: string,
  env: NodeJS.ProcessEnv,
  configFile: string,
  timeoutMs: number,
): Promise<RunResult> {
  const program = helperProgram(name);
  const details = { helper: program, action };
  // A name is a suffix, never a path: docker-credential-../../x must not run a file elsewhere.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    return Promise.reject(
      new BerthError(
        'credentials.config_invalid',
        `"${name}" in ${configFile} is not a credential helper name.`,
        `Use the part after docker-credential- (for example "desktop" or "ecr-login") in credsStore/credHelpers of ${configFile}.`,
        details,
      ),
    );
  }
  // node:child_process loads when a helper first runs, not with every command that may read
  // config.json (a `berth pull` of an image whose registry has no helper never needs it).
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const child = spawn(program, [action], {
      env,
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stop = () => {
      child.kill('SIGKILL');
      // A grandchild may still hold the pipes open; stop reading them.
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const timer = setTimeout(() => {
      finish(() => {
        stop();
        reject(
          new BerthError(
            'credentials.helper_timeout',
            `${program} did not answer within ${timeoutMs / 1000} s.`,
            `It may be waiting for an unlock prompt or a login: run \`${program} list\` in a terminal once, or remove "${name}" from credsStore/credHelpers in ${configFile}.`,
            { ...details, timeoutMs },
          ),
        );
      });
    }, timeoutMs);

    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutSize = 0;
    let stderrSize = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutSize += chunk.length;
      if (stdoutSize > MAX_STDOUT) {
        finish(() => {
          stop();
          reject(
            new BerthError(
              'credentials.helper_failed',
              `${program} ${action} answered more than 1 MiB; Berth stopped reading.`,
              `Check what \`${program} ${action}\` prints in a terminal.`,
              details,
            ),
          );
        });
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrSize < MAX_STDERR) stderr.push(chunk);
      stderrSize += chunk.length;
    });
    child.stdin.on('error', () => {
      /* a helper that exits without reading stdin: its exit status tells the rest */
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(() =>
        reject(
          error.code === 'ENOENT'
            ? new BerthError(
                'credentials.helper_missing',
                `${program} not found on PATH`,
                `Install ${program} (it comes with Docker Desktop or the registry's command-line tools), or remove "${name}" from credsStore/credHelpers in ${configFile}.`,
                details,
              )
            : new BerthError(
                'credentials.helper_failed',
                `${program} could not be started (${error.code ?? error.message}).`,
                `Check that ${program} on PATH is an executable program.`,
                details,
              ),
        ),
      );
    });
    child.on('close', (code, signal) => {
      finish(() =>
        resolve({
          code,
          signal,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
        }),
      );
    });
    child.stdin.end(input);
  });
}

const notFound = (r: RunResult) => /credentials not found/i.test(`${r.stdout}\n${r.stderr}`);

/**
 * A failed helper's own words. The helpers of docker-credential-helpers print their error on
 * stdout, so stdout stands in when stderr is empty, unless it looks like an answer (JSON).
 */
function failed(name: string, action: string, r: RunResult): BerthError {
  const program = helperProgram(name);
  const out = r.stdout.trim();
  const said = (r.stderr.trim() || (out.startsWith('{') ? '' : out)).slice(0, 300);
  const status = r.code === null ? `was killed by ${r.signal ?? 'a signal'}` : `exited ${r.code}`;
  return new BerthError(
    'credentials.helper_failed',
    `${program} ${action} ${status}${said ? `: ${said}` : '.'}`,
    `Run \`${program} list\` in a terminal to see what it needs (often an unlocked keychain or a fresh login).`,
    { helper: program, action, exitCode: r.code },
  );
}

/** `get`: the credential the helper keeps for `serverUrl`, or null when it has none. */
export async function helperGet(
  name: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
  configFile: string,
  timeoutMs: number = HELPER_TIMEOUT_MS,
): Promise<HelperCredential | null> {
  const r = await runHelper(name, 'get', serverUrl, env, configFile, timeoutMs);
  if (r.code !== 0) {
    if (notFound(r)) return null;
    throw failed(name, 'get', r);
  }
  const answer = GetAnswer.safeParse(parseJson(r.stdout));
  if (!answer.success) {
    throw new BerthError(
      'credentials.helper_failed',
      `${helperProgram(name)} get answered something other than {"ServerURL","Username","Secret"} for ${serverUrl}.`,
      `Check that ${helperProgram(name)} is a Docker credential helper.`,
      { helper: helperProgram(name), action: 'get' },
    );
  }
  if (!answer.data.Secret) return null;
  const username = answer.data.Username ?? '';
  return { username, secret: answer.data.Secret, identityToken: username === TOKEN_USERNAME };
}

/** `list`: server URL → username for everything the helper keeps. */
export async function helperList(
  name: string,
  env: NodeJS.ProcessEnv,
  configFile: string,
  timeoutMs: number = HELPER_TIMEOUT_MS,
): Promise<Record<string, string>> {
  const r = await runHelper(name, 'list', '', env, configFile, timeoutMs);
  if (r.code !== 0) throw failed(name, 'list', r);
  const answer = ListAnswer.safeParse(parseJson(r.stdout.trim() || '{}'));
  if (!answer.success) {
    throw new BerthError(
      'credentials.helper_failed',
      `${helperProgram(name)} list answered something other than a JSON map of server URL to username.`,
      `Check that ${helperProgram(name)} is a Docker credential helper.`,
      { helper: helperProgram(name), action: 'list' },
    );
  }
  return answer.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
