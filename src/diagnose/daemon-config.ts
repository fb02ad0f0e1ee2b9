/**
 * The engine's daemon.json as dockerd reads it, for the remedies that change how the engine
 * reaches registries: "insecure-registries" and "registry-mirrors". Both are reloaded on
 * SIGHUP with no restart and no container stopped (moby daemon/reload.go: "These are the
 * settings that Reload changes: … Insecure registries, Registry mirrors"), which is what
 * `systemctl reload docker` sends (docker.service: ExecReload=/bin/kill -s HUP $MAINPID).
 *
 * Which file: dockerd's `--config-file`, else /etc/docker/daemon.json, or for rootless dockerd
 * $XDG_CONFIG_HOME/docker/daemon.json (moby cmd/dockerd: config.getDefaultDaemonConfigDir).
 * Which dockerd: the process on this machine serving the socket Berth talks to, found in /proc
 * by its -H/--host flags (none means /var/run/docker.sock; fd:// is systemd's docker.socket).
 * A key also given as a flag makes dockerd refuse the whole file ("the following directives are
 * specified both as a flag and in the configuration file", moby daemon/config
 * findConfigurationConflicts), so such an edit is refused here before it can break the engine.
 */
import { createHash } from 'node:crypto';
import {
  copyFile,
  mkdir,
  readFile,
  readdir,
  realpath,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { diffLines } from 'diff';
import { applyEdits, modify, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { FormattingOptions, ParseError } from 'jsonc-parser';
import { BerthError } from '../shared/errors';
import { ALL_PROXY_VARIABLES } from './proxy-rules';

/** The two daemon.json lists a remedy may add to, and the dockerd flag each one mirrors. */
export const DAEMON_LISTS = {
  'insecure-registries': '--insecure-registry',
  'registry-mirrors': '--registry-mirror',
} as const;
export type DaemonList = keyof typeof DAEMON_LISTS;

export const isDaemonList = (key: string): key is DaemonList => key in DAEMON_LISTS;

/** A dockerd process on this machine, as /proc shows it. */
export interface RunningDaemon {
  pid: number;
  uid: number;
  /** Its command line, after the program name. */
  args: string[];
  /** The daemon.json it reads. */
  configPath: string;
  /** The systemd unit that runs it ("docker"), or null when it was started by hand. */
  systemdUnit: string | null;
  rootless: boolean;
  /**
   * Its proxy variables (HTTP(S)_PROXY, NO_PROXY, either case) from /proc/<pid>/environ, the
   * environment it started with; null when Berth may not read it (another user, not root).
   */
  proxyEnv: Record<string, string> | null;
}

const MAX_DAEMON_JSON = 256 * 1024;
const BACKUP_MARK = '.berth-backup-';
const DEFAULT_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

/** Values of a flag in Go's flag syntax: `--name v`, `--name=v` (and `-H v` for --host). */
export function flagValues(args: string[], names: string[]): string[] {
  const out: string[] = [];
  args.forEach((arg, i) => {
    for (const name of names) {
      if (arg === name && i + 1 < args.length) out.push(args[i + 1] ?? '');
      else if (arg.startsWith(`${name}=`)) out.push(arg.slice(name.length + 1));
    }
  });
  return out;
}

const socketOf = (host: string): string | null =>
  host.startsWith('unix://') ? host.slice('unix://'.length) : null;

async function samePath(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [ra, rb] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)]);
  return ra === rb;
}

/** The sockets a dockerd listens on, from its flags (systemd's fd:// is /run/docker.sock). */
function socketsOf(args: string[], rootless: boolean, environ: Record<string, string>): string[] {
  const hosts = flagValues(args, ['-H', '--host']);
  if (hosts.length === 0) {
    return rootless && environ.XDG_RUNTIME_DIR
      ? [join(environ.XDG_RUNTIME_DIR, 'docker.sock')]
      : DEFAULT_SOCKETS;
  }
  return hosts.flatMap((h) => {
    if (h.startsWith('fd://')) return DEFAULT_SOCKETS;
    const socket = socketOf(h);
    return socket ? [socket] : [];
  });
}

function environOf(raw: string): Record<string, string> {
  return Object.fromEntries(
    raw
      .split('\0')
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

async function readDaemon(
  proc: string,
  pid: number,
): Promise<
  | (Omit<RunningDaemon, 'configPath' | 'proxyEnv'> & {
      environ: Record<string, string>;
      environReadable: boolean;
    })
  | null
> {
  const dir = join(proc, String(pid));
  const [comm, cmdline, status, cgroup, environ] = await Promise.all([
    readFile(join(dir, 'comm'), 'utf8').catch(() => ''),
    readFile(join(dir, 'cmdline'), 'utf8').catch(() => ''),
    readFile(join(dir, 'status'), 'utf8').catch(() => ''),
    readFile(join(dir, 'cgroup'), 'utf8').catch(() => ''),
    // Readable for our own processes and as root; rootless dockerd runs as the user.
    readFile(join(dir, 'environ'), 'utf8').catch(() => null),
  ]);
  if (comm.trim() !== 'dockerd') return null;
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  const env = environOf(environ ?? '');
  // A dockerd in rootlesskit runs as the user (or as root in its user namespace, with
  // ROOTLESSKIT_STATE_DIR set by rootlesskit).
  const rootless = uid !== 0 || 'ROOTLESSKIT_STATE_DIR' in env;
  const unit = /\/([\w@.-]+)\.service$/m.exec(cgroup)?.[1] ?? null;
  return {
    pid,
    uid,
    args: cmdline.split('\0').filter(Boolean).slice(1),
    systemdUnit: unit && /docker/.test(unit) ? unit : null,
    rootless,
    environ: env,
    environReadable: environ !== null,
  };
}

/**
 * The dockerd on this machine that serves `socketPath`, or null (a remote engine, Docker
 * Desktop's VM, a process Berth may not read).
 */
export async function findDaemon(
  socketPath: string,
  proc = '/proc',
): Promise<RunningDaemon | null> {
  const pids = (await readdir(proc).catch(() => [])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const daemon = await readDaemon(proc, Number(pid));
    if (!daemon) continue;
    const { environ, environReadable, ...rest } = daemon;
    for (const socket of socketsOf(rest.args, rest.rootless, environ)) {
      if (!(await samePath(socket, socketPath))) continue;
      const configHome =
        environ.XDG_CONFIG_HOME || (environ.HOME ? join(environ.HOME, '.config') : '');
      const configPath =
        flagValues(rest.args, ['--config-file'])[0] ??
        (rest.rootless && configHome
          ? join(configHome, 'docker', 'daemon.json')
          : '/etc/docker/daemon.json');
      return { ...rest, configPath, proxyEnv: environReadable ? proxyVariablesOf(environ) : null };
    }
  }
  return null;
}

/** Only the proxy variables of an environment: the rest of dockerd's never leaves /proc. */
function proxyVariablesOf(environ: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environ).filter(([name, value]) => ALL_PROXY_VARIABLES.includes(name) && value),
  );
}

/** The command that makes dockerd read its daemon.json again, for the user to run. */
export function reloadCommand(daemon: RunningDaemon | null): string {
  if (!daemon)
    return 'restart the engine (Docker Desktop: Settings → Docker Engine → Apply & restart)';
  if (daemon.systemdUnit) {
    return daemon.rootless
      ? `systemctl --user reload ${daemon.systemdUnit}`
      : `sudo systemctl reload ${daemon.systemdUnit}`;
  }
  return `${daemon.uid === 0 ? 'sudo ' : ''}kill -HUP ${daemon.pid}`;
}

/** What adding one value to one daemon.json list changes, before anything is written. */
export interface DaemonPlan {
  path: string;
  /** The file as it is (null: there is none yet). */
  before: string | null;
  after: string;
  /** The change as diff lines: "+ …", "- …", "  …". */
  diff: string[];
  /** The value is there already: nothing to write. */
  unchanged: boolean;
}

export function parseDaemonJson(text: string, path: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  // dockerd reads daemon.json with encoding/json: comments and trailing commas are errors there,
  // so they are here too (a file docker cannot read is left for the user to fix).
  const value: unknown = parseJsonc(text, errors, {
    allowTrailingComma: false,
    disallowComments: true,
  });
  if (errors.length > 0 || !value || typeof value !== 'object' || Array.isArray(value)) {
    const first = errors[0];
    throw new BerthError(
      'fix.daemon_json_invalid',
      `${path} is not a JSON object${first ? ` (${printParseErrorCode(first.error)} at offset ${first.offset})` : ''}; dockerd cannot start with it either, so Berth leaves it alone.`,
      `Fix it by hand: dockerd --validate --config-file ${path} (docker 23+) says what is wrong.`,
    );
  }
  return value as Record<string, unknown>;
}

/** The change that adds `value` to the `key` list of daemon.json (text `before`, or none). */
export function planDaemonEdit(
  path: string,
  before: string | null,
  key: DaemonList,
  value: string,
  daemonArgs: string[] = [],
): DaemonPlan {
  const flag = DAEMON_LISTS[key];
  if (flagValues(daemonArgs, [flag]).length > 0) {
    throw new BerthError(
      'fix.daemon_flag_conflict',
      `dockerd is started with ${flag}, so a "${key}" key in ${path} would stop it from starting ("specified both as a flag and in the configuration file").`,
      `Add ${flag}=${value} to dockerd's command line instead (systemctl edit docker), then restart it.`,
    );
  }
  const text = before ?? '{}\n';
  const json = parseDaemonJson(text, path);
  const current = json[key];
  if (
    current !== undefined &&
    (!Array.isArray(current) || current.some((v) => typeof v !== 'string'))
  ) {
    throw new BerthError(
      'fix.daemon_json_invalid',
      `"${key}" in ${path} is not a list of strings; Berth leaves it alone.`,
    );
  }
  const list = (current ?? []) as string[];
  if (list.includes(value)) {
    return { path, before, after: text, diff: [], unchanged: true };
  }
  // An edit in place keeps the user's formatting, key order and every other setting.
  const edits = modify(text, [key, list.length], value, {
    isArrayInsertion: true,
    formattingOptions: formattingOf(text),
  });
  const after = applyEdits(text, edits);
  return { path, before, after, diff: diffOf(before ?? '', after), unchanged: false };
}

/** The file's own indentation and line ends, so an edit reads as if the user had made it. */
export function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

export function diffOf(before: string, after: string): string[] {
  return diffLines(before, after).flatMap((part) =>
    part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => `${part.added ? '+' : part.removed ? '-' : ' '} ${line}`),
  );
}

export async function readDaemonJson(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (text.length > MAX_DAEMON_JSON) {
    throw new BerthError(
      'fix.config_too_large',
      `${path} is larger than 256 KiB; Berth leaves it alone.`,
    );
  }
  return text;
}

export const contentHash = (text: string) =>
  createHash('sha256').update(text).digest('hex').slice(0, 16);

export interface DaemonWritten {
  path: string;
  /** The byte-exact copy of the file as it was; null when Berth created the file. */
  backup: string | null;
  /** Of what Berth wrote: undo removes or restores only while the file still holds it. */
  hash: string;
}

const needsRoot = (code: string | undefined) =>
  code === 'EACCES' || code === 'EPERM' || code === 'EROFS';

/**
 * Writes the plan (by rename, never in place), keeping a backup beside the file. Without the
 * right to write there, the new file is saved in `staging` and the error gives the sudo command.
 */
export async function writeDaemonJson(
  plan: DaemonPlan,
  staging: string,
  reload: string,
): Promise<DaemonWritten> {
  const now = await readDaemonJson(plan.path);
  if (now !== plan.before) {
    throw new BerthError(
      'fix.daemon_json_changed',
      `${plan.path} changed since the preview; nothing was written.`,
      'Look at the remedy again: its preview is made from the file as it is now.',
    );
  }
  const backup = plan.before === null ? null : `${plan.path}${BACKUP_MARK}${Date.now()}`;
  try {
    await mkdir(dirname(plan.path), { recursive: true });
    if (backup) await copyFile(plan.path, backup);
    await replaceDaemonJson(plan.path, plan.after);
  } catch (error) {
    if (backup) await rm(backup, { force: true }).catch(() => undefined);
    if (!needsRoot((error as NodeJS.ErrnoException).code)) throw error;
    await mkdir(staging, { recursive: true });
    const staged = join(staging, basename(plan.path));
    await writeFile(staged, plan.after, { mode: 0o644 });
    throw new BerthError(
      'fix.needs_root',
      `Writing ${plan.path} needs root (it belongs to the engine); nothing was written there.`,
      `The new file is saved as ${staged}. Run: sudo install -D -m 0644 ${staged} ${plan.path} && ${reload}`,
    );
  }
  return { path: plan.path, backup, hash: contentHash(plan.after) };
}

/** What an undo puts back: the backup's text (null: Berth created the file, so it goes). */
export interface DaemonUndo {
  path: string;
  backup: string | null;
  original: string | null;
}

/**
 * Checks an undo before anything changes: the backup is one Berth made beside the file, and the
 * file still holds what Berth wrote (hash); otherwise the user's later edit is left alone.
 */
export async function checkDaemonUndo(
  path: string,
  backup: string | null,
  hash: string,
): Promise<DaemonUndo> {
  // daemon.json, or the systemd drop-in of the proxy remedy (engine-proxy.ts).
  if (!path.endsWith('.json') && !path.endsWith('.conf'))
    throw new BerthError('fix.bad_undo', `${path} is not a daemon.json or a unit drop-in.`);
  if (
    backup !== null &&
    (dirname(backup) !== dirname(path) ||
      !basename(backup).startsWith(`${basename(path)}${BACKUP_MARK}`))
  ) {
    throw new BerthError('fix.bad_undo', `${backup} is not a backup Berth made of ${path}.`);
  }
  const now = await readDaemonJson(path);
  if (now === null || contentHash(now) !== hash) {
    throw new BerthError(
      'fix.daemon_json_changed',
      `${path} changed since Berth wrote it; undo leaves it as it is.`,
      backup ? `The file as it was is kept in ${backup}.` : undefined,
    );
  }
  const original = backup === null ? null : await readDaemonJson(backup);
  if (backup !== null && original === null) {
    throw new BerthError('fix.bad_undo', `The backup ${backup} is gone.`);
  }
  return { path, backup, original };
}

/**
 * The file dockerd must reload for the undo to reach the engine. A reload changes a list only
 * when the file sets it (moby daemon/reload.go: `if conf.IsValueSet("insecure-registries")`,
 * the same for "registry-mirrors"), so a file without the key leaves the added value in place
 * until a restart: the original with the key set to its original list, `[]` when it had none.
 */
export function reloadableOriginal(original: string | null, key: DaemonList): string {
  const text = original ?? '{}\n';
  if (key in parseDaemonJson(text, 'daemon.json')) return text;
  return applyEdits(text, modify(text, [key], [], { formattingOptions: formattingOf(text) }));
}

/** Replaces the file by rename (never truncated in place); a new temp file, never a link. */
export async function replaceDaemonJson(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.berth-${process.pid}`);
  try {
    await writeFile(temp, text, { mode: 0o644, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Puts the file back byte for byte (or removes the one Berth created); the backup goes. */
export async function restoreDaemonJson(undo: DaemonUndo): Promise<void> {
  if (undo.original === null || undo.backup === null) {
    await rm(undo.path);
    return;
  }
  await replaceDaemonJson(undo.path, undo.original);
  await rm(undo.backup, { force: true });
}

/** Berth may signal the daemon: it runs as root, or the daemon is rootless and Berth's user's. */
export function mayReload(daemon: RunningDaemon): boolean {
  const uid = process.getuid?.();
  return uid === 0 || uid === daemon.uid;
}

/**
 * Sends dockerd SIGHUP when Berth may (root, or a rootless dockerd of the same user): it
 * re-reads daemon.json at once. False when only the user can (the command says how).
 */
export function signalReload(daemon: RunningDaemon | null): boolean {
  if (!daemon || !mayReload(daemon)) return false;
  try {
    process.kill(daemon.pid, 'SIGHUP');
    return true;
  } catch {
    return false;
  }
}
