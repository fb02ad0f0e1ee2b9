/**
 * Node 20's stand-in for Node 22's `module.enableCompileCache()` (bin/berth.cjs uses that one
 * where it exists): V8's code cache for the CLI's own files, kept between runs.
 *
 * Why: on a `berth pull`, compiling and first running the CLI's chunks (zod's schemas, the
 * credential store, the registry client) is most of what Berth adds before the engine gets
 * the request (issue 11: at most 1.2x `docker pull`). The cache is written at exit, after the
 * command ran, so it holds the functions that ran too (V8 compiles those lazily), which a
 * cache made right after compiling would miss: about a third of the load time of the pull's
 * chunks on this machine (57 → 39 ms).
 *
 * One folder per Node version and command, so each command's first run caches what it runs.
 * A file's cache is named by its path, size and mtime: V8 checks only the source's length, so
 * a rebuilt chunk of the same length must not meet its old code. The folder is the user's own
 * cache folder (never a shared tmp, where another user could plant code); NODE_DISABLE_COMPILE_CACHE=1
 * turns it off, as it does Node 22's. Any failure (a read-only home, a full disk) only means
 * no cache: the command runs as it would without.
 *
 * A run that writes (the first after an install or an update) also clears what can no longer be
 * read: another build of a file it loaded, and anything unused for a month. Every update leaves
 * a command's whole previous cache behind otherwise, a megabyte or two each time.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type ModuleClass from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

/**
 * The CommonJS loader's Module, as this file's own module holds it (this file only ever runs
 * bundled as CommonJS): `require('node:module')` would also load Node's ESM loader and its
 * source maps, a millisecond of every CLI start (issue 11).
 */
const Module = module.constructor as typeof ModuleClass;

type Compile = (this: ModuleClass, content: string, filename: string) => unknown;

/** Module.prototype._compile: Node's internal step this hooks, present in every Node since 0.x. */
interface CompilingModule {
  _compile: Compile;
}

const isCompiling = (proto: object): proto is CompilingModule =>
  typeof (proto as Partial<CompilingModule>)._compile === 'function';

/** The user's cache folder, as each OS names it. */
function userCacheDir(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? homedir(), 'berth', 'cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'berth');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'berth');
}

/** A short stable hash (FNV-1a) of a path, so two installs never share a cache file. */
function pathHash(path: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    hash ^= path.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * Keeps compiled code for the files under `root` (dist/cli) in the user's cache folder, per
 * `command`. Call before the first of those files is required.
 */
export function keepCompiledCode(root: string, command: string, env = process.env): void {
  if (env.NODE_DISABLE_COMPILE_CACHE === '1') return;
  const proto: object = Module.prototype;
  if (!isCompiling(proto)) return;
  const original = proto._compile;
  const folder = join(
    userCacheDir(env),
    'compile-cache',
    `${process.version}-${process.arch}`,
    /^[a-z][a-z-]{0,30}$/.test(command) ? command : 'other',
  );
  const toWrite: { file: string; script: Script }[] = [];
  /** Cache names this run read or wrote, and the name prefix of each file it loaded. */
  const used = new Set<string>();
  const loaded = new Set<string>();
  // dist/cli itself, not a sibling that shares its prefix (dist/cli-old/…).
  const within = root.endsWith(sep) ? root : root + sep;

  proto._compile = function (this: ModuleClass, content: string, filename: string): unknown {
    if (!filename.startsWith(within)) return original.call(this, content, filename);
    let file = '';
    let cachedData: Buffer | undefined;
    try {
      const { size, mtimeMs } = statSync(filename);
      const prefix = `${basename(filename)}-${pathHash(filename)}-`;
      loaded.add(prefix);
      used.add(`${prefix}${size}-${mtimeMs}`);
      file = join(folder, `${prefix}${size}-${mtimeMs}`);
      cachedData = readFileSync(file);
    } catch {
      // No cache yet (or the file cannot be read): compiled below, and written at exit.
    }
    const script = new Script(Module.wrap(content), {
      filename,
      ...(cachedData ? { cachedData } : {}),
    });
    if (file && (!cachedData || script.cachedDataRejected)) toWrite.push({ file, script });
    const run = script.runInThisContext() as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return run.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };

  process.once('exit', () => {
    if (toWrite.length === 0) return;
    let created: string | undefined;
    let partial: string | undefined;
    try {
      created = mkdirSync(folder, { recursive: true, mode: 0o700 });
      for (const { file, script } of toWrite) {
        partial = `${file}.${process.pid}`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, file);
        partial = undefined;
      }
      pruneStale(folder, used, loaded);
    } catch {
      // No cache this time (a full disk, a read-only home): nothing half-written or newly made
      // is left behind, and the next run tries again.
      try {
        if (partial) rmSync(partial, { force: true });
        if (created) rmSync(created, { recursive: true, force: true });
      } catch {
        // Nothing more to do at exit.
      }
    }
  });
}

const STALE_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Removes the cache files no run can read again: another size or mtime of a file this run
 * loaded (an older build at the same path), and files unused for STALE_MS (a command's chunks
 * of an earlier version, whose hashed names no build makes again). Files this run used stay,
 * as does another run's half-written copy of one of them (`<name>.<pid>`).
 */
function pruneStale(folder: string, used: Set<string>, loaded: Set<string>): void {
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    const inUse = [...used].some((u) => name === u || name.startsWith(`${u}.`));
    if (inUse) continue;
    const path = join(folder, name);
    const superseded = [...loaded].some((prefix) => name.startsWith(prefix));
    try {
      if (superseded || now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
    } catch {
      // Removed by another run meanwhile: what this run wrote stays either way.
    }
  }
}
