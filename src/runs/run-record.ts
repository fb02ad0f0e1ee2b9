/**
 * What makes a run reproducible, kept in its ledger entry: the exact engine request as an
 * equivalent `docker run` line (copyable; secret-looking env values left for the shell to
 * supply), the project's git commit and whether its tree was dirty, and the env with secret
 * values masked. The image is named by its ID, so the line runs exactly what ran.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ContainerSpec } from './run-spec';

/** Env names whose values are never written down (the ledger, the docker run line, logs). */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|AUTH/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The env as the ledger keeps it: secret-looking values replaced by "***". */
export function maskedEnv(env: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    env.map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      const value = eq === -1 ? '' : pair.slice(eq + 1);
      return [name, isSecretName(name) ? '***' : value];
    }),
  );
}

/** POSIX shell quoting, as shlex.quote does it. */
export function shellWord(value: string): string {
  if (value === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * `docker run` with the same image, command, env, mounts, working dir, labels, network and
 * hosts as the container Berth created. Files Berth copies in before the start (the launcher)
 * are mounted read-only from `fileDir`, where writeRunFiles put them. A secret-looking env
 * value is written as `-e NAME`, which docker fills from the caller's own env.
 */
export function dockerRunLine(
  spec: ContainerSpec,
  image: string,
  name: string,
  fileDir: string | null,
  /** The --gpus the engine applied; null when none were asked for or the engine has none. */
  gpus: string | null = null,
): string {
  const args: string[] = ['docker', 'run', '--name', `${name}-again`];
  if (spec.HostConfig.AutoRemove) args.push('--rm');
  for (const pair of spec.Env) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    args.push('-e', isSecretName(key) ? key : pair);
  }
  for (const bind of spec.HostConfig.Binds) args.push('-v', bind);
  if (fileDir) {
    for (const file of spec.files) args.push('-v', `${join(fileDir, file.path)}:${file.path}:ro`);
  }
  args.push('-w', spec.WorkingDir);
  for (const [key, value] of Object.entries(spec.Labels)) args.push('--label', `${key}=${value}`);
  if (spec.HostConfig.NetworkMode) args.push('--network', spec.HostConfig.NetworkMode);
  for (const host of spec.HostConfig.ExtraHosts ?? []) args.push('--add-host', host);
  const host = spec.HostConfig;
  if (host.Memory !== undefined) args.push('--memory', `${host.Memory}b`);
  if (host.MemorySwap !== undefined) args.push('--memory-swap', String(host.MemorySwap));
  if (host.Privileged) args.push('--privileged');
  if (host.Init) args.push('--init');
  if (gpus) args.push('--gpus', gpus);
  args.push(image, ...spec.Cmd);
  if (spec.networks.length === 0) return args.map(shellWord).join(' ');
  // More than one network: created first, connected, then started (as the worker does it,
  // and as engines before API 1.44 require: they refuse several networks at creation).
  args[1] = 'create';
  const connects = spec.networks.map((network) =>
    ['docker', 'network', 'connect', network, `${name}-again`].map(shellWord).join(' '),
  );
  return [
    args.map(shellWord).join(' '),
    ...connects,
    `docker start -a ${shellWord(`${name}-again`)}`,
  ].join(' && ');
}

/** The files Berth copies into the container, also kept on disk so the line can mount them. */
export async function writeRunFiles(spec: ContainerSpec, fileDir: string): Promise<void> {
  for (const file of spec.files) {
    const path = join(fileDir, file.path);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, file.content, { mode: 0o644 });
  }
}

export interface GitState {
  commit: string | null;
  dirty: boolean;
}

function git(dir: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', dir, ...args],
      { timeout: 5_000, maxBuffer: 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } },
      (error, stdout) => resolve(error ? null : stdout),
    );
  });
}

/** The project's HEAD and whether tracked or untracked files differ from it; null outside git. */
export async function gitState(dir: string): Promise<GitState | null> {
  const head = await git(dir, ['rev-parse', '--verify', 'HEAD']);
  if (head === null) {
    const inside = await git(dir, ['rev-parse', '--is-inside-work-tree']);
    return inside?.trim() === 'true' ? { commit: null, dirty: true } : null;
  }
  const status = await git(dir, ['status', '--porcelain']);
  return { commit: head.trim(), dirty: status === null || status.trim() !== '' };
}
