/**
 * A build context as `docker build` sends it: the folder's files minus what .dockerignore
 * leaves out (the Dockerfile and .dockerignore always stay, as the CLI's
 * TrimBuildFilesFromExcludes keeps them), owned by root in the tar (the CLI's ChownOpts 0:0).
 * Its content hash covers each file's path, type, mode and bytes (not its mtime, so a
 * checkout or a touch does not force a rebuild), plus the Dockerfile and the build args:
 * the same hash means the same image.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import tar from 'tar-stream';
import { BerthError } from '../shared/errors';
import { isIgnored, parseDockerignore } from './dockerignore';

/** Bounds, so a context that is really a home folder fails clearly instead of filling memory. */
export const MAX_CONTEXT_FILES = 100_000;
export const MAX_CONTEXT_BYTES = 2 * 1024 ** 3;
/**
 * Files up to this size are read whole, once: the same bytes are hashed and sent, rather than
 * read again by a stream per file for the tar (a stream costs more than a small file's read).
 * Kept in memory up to KEEP_BYTES in all; larger contexts stream the rest from disk.
 */
const SMALL_FILE = 256 * 1024;
const KEEP_BYTES = 64 * 1024 * 1024;
/** Names of one folder looked at side by side. */
const BATCH = 32;

interface ContextEntry {
  /** Slash-separated, relative to the context. */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  size: number;
  mtime: Date;
  linkTarget?: string;
  /** Given instead of the file on disk: a generated Dockerfile, or a small file read once. */
  content?: Buffer;
  digest: string;
}

export interface BuildContext {
  dir: string;
  entries: ContextEntry[];
  bytes: number;
  /** sha256:… of the files, the Dockerfile and the args (see hashBuild). */
  hash: string;
}

export interface ContextOptions {
  /** Relative to the context (slash-separated). */
  dockerfile: string;
  /** The Dockerfile's text (the project's, or a generated one). */
  dockerfileText: string;
  /** A generated Dockerfile is put into the context under `dockerfile`. */
  generated: boolean;
  buildArgs: Record<string, string>;
  platform: string | null;
  target: string | null;
}

function tooLarge(dir: string, what: string): BerthError {
  return new BerthError(
    'build.context_too_large',
    `The build context ${dir} is too large: ${what}.`,
    'Add a .dockerignore that leaves out data, virtualenvs and caches (e.g. .venv, data/, .git).',
    { dir },
  );
}

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The files docker build would send, each with its digest. */
async function walk(dir: string, keep: readonly string[]): Promise<ContextEntry[]> {
  const ignoreText = await readFile(join(dir, '.dockerignore'), 'utf8').catch(() => '');
  const rules = parseDockerignore(ignoreText, keep);
  const entries: ContextEntry[] = [];
  let bytes = 0;
  let kept = 0;
  const visit = async (folder: string): Promise<void> => {
    const names = (await readdir(folder)).sort();
    // A batch of a folder's names is looked at, and its small files read, side by side; the
    // entries still come out in name order.
    for (let start = 0; start < names.length; start += BATCH) {
      const batch = names.slice(start, start + BATCH).map((name) => {
        const full = join(folder, name);
        return { full, path: relative(dir, full).split(sep).join('/') };
      });
      const stats = await Promise.all(batch.map(({ full }) => lstat(full)));
      const reads = batch.map(({ path }, i) => {
        const stat = stats[i];
        if (!stat?.isFile() || isIgnored(rules, path)) return null;
        if (stat.size > SMALL_FILE || kept + stat.size > KEEP_BYTES) return null;
        kept += stat.size;
        return readFile(batch[i]?.full ?? '');
      });
      const contents = await Promise.all(reads);
      for (const [i, { full, path }] of batch.entries()) {
        const stat = stats[i];
        if (!stat) continue;
        const ignored = isIgnored(rules, path);
        if (stat.isDirectory()) {
          // A left-out folder is walked only when a `!` pattern may bring something back.
          if (ignored && !rules.hasExclusions) continue;
          if (!ignored) entries.push(entryOf(path, 'directory', stat, ''));
          await visit(full);
          continue;
        }
        if (ignored) continue;
        if (entries.length >= MAX_CONTEXT_FILES) {
          throw tooLarge(dir, `more than ${MAX_CONTEXT_FILES} files`);
        }
        if (stat.isSymbolicLink()) {
          const target = await readlink(full);
          entries.push({ ...entryOf(path, 'symlink', stat, target), linkTarget: target });
        } else if (stat.isFile()) {
          bytes += stat.size;
          if (bytes > MAX_CONTEXT_BYTES) throw tooLarge(dir, 'more than 2 GiB');
          const content = contents[i];
          if (content) {
            // The tar header says the size read: a file that changed since lstat goes as read.
            const digest = createHash('sha256').update(content).digest('hex');
            entries.push({ ...entryOf(path, 'file', stat, digest), size: content.length, content });
          } else {
            entries.push(entryOf(path, 'file', stat, await fileDigest(full)));
          }
        }
        // Sockets, fifos and devices are left out, as the CLI's archiver does.
      }
    }
  };
  await visit(dir);
  return entries;
}

function entryOf(
  path: string,
  type: ContextEntry['type'],
  stat: { mode: number; size: number; mtime: Date },
  digest: string,
): ContextEntry {
  return {
    path,
    type,
    mode: stat.mode & 0o7777,
    size: type === 'file' ? stat.size : 0,
    mtime: stat.mtime,
    digest,
  };
}

/** One hash over everything that decides the image. */
function hashBuild(entries: ContextEntry[], options: ContextOptions): string {
  const hash = createHash('sha256');
  hash.update('berth-build-context-v1\n');
  for (const entry of entries) {
    hash.update(`${entry.type}\0${entry.path}\0${entry.mode.toString(8)}\0${entry.digest}\n`);
  }
  hash.update(`dockerfile\0${options.dockerfile}\0${options.dockerfileText}\n`);
  const args = Object.entries(options.buildArgs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  hash.update(`args\0${JSON.stringify(args)}\n`);
  hash.update(`platform\0${options.platform ?? ''}\0target\0${options.target ?? ''}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/** Reads the context folder: its files, and the hash of the build. */
export async function readBuildContext(
  dir: string,
  options: ContextOptions,
): Promise<BuildContext> {
  let entries: ContextEntry[];
  try {
    entries = await walk(dir, [options.dockerfile, '.dockerignore']);
  } catch (error) {
    if (error instanceof BerthError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new BerthError(
      'build.context_unreadable',
      `The build context ${dir} cannot be read (${code}).`,
      'Check that the folder exists and that Berth may read it.',
      { dir },
    );
  }
  if (options.generated) {
    const content = Buffer.from(options.dockerfileText, 'utf8');
    const digest = createHash('sha256').update(content).digest('hex');
    entries = entries.filter((e) => e.path !== options.dockerfile);
    entries.push({
      path: options.dockerfile,
      type: 'file',
      mode: 0o644,
      size: content.length,
      mtime: new Date(),
      content,
      digest,
    });
    entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  const bytes = entries.reduce((sum, e) => sum + e.size, 0);
  return { dir, entries, bytes, hash: hashBuild(entries, options) };
}

/**
 * The context as a tar stream, files read as the engine takes them. When every file is in
 * memory already, the tar is made at once and goes out as one buffer (one write to the
 * engine's socket instead of several per file).
 */
export function contextTar(context: BuildContext): Readable {
  const pack = tar.pack();
  if (context.entries.every((e) => e.type !== 'file' || e.content)) {
    const chunks: Buffer[] = [];
    pack.on('data', (chunk: Buffer) => chunks.push(chunk));
    const whole = new Promise<Buffer>((resolve, reject) => {
      pack.on('end', () => resolve(Buffer.concat(chunks)));
      pack.on('error', reject);
    });
    for (const entry of context.entries) addInMemory(pack, entry);
    pack.finalize();
    return Readable.from(
      (async function* () {
        yield await whole;
      })(),
    );
  }
  const out = new PassThrough();
  pack.pipe(out);
  const write = async () => {
    for (const entry of context.entries) {
      const header = headerOf(entry);
      if (entry.type !== 'file' || entry.content) {
        addInMemory(pack, entry);
      } else {
        const file = join(context.dir, ...entry.path.split('/'));
        await new Promise<void>((resolve, reject) => {
          const sink = pack.entry({ ...header, size: entry.size }, (error) =>
            error ? reject(error) : resolve(),
          );
          const source = createReadStream(file);
          source.on('error', reject);
          source.pipe(sink);
        });
      }
    }
    pack.finalize();
  };
  write().catch((error: unknown) =>
    out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return out;
}

function headerOf(entry: ContextEntry) {
  return { name: entry.path, mode: entry.mode, mtime: entry.mtime, uid: 0, gid: 0 };
}

/** A directory, a symlink or a file whose bytes are in memory. */
function addInMemory(pack: tar.Pack, entry: ContextEntry): void {
  const header = headerOf(entry);
  if (entry.type === 'directory') pack.entry({ ...header, type: 'directory' });
  else if (entry.type === 'symlink') {
    pack.entry({ ...header, type: 'symlink', linkname: entry.linkTarget ?? '' });
  } else if (entry.content) pack.entry({ ...header, size: entry.content.length }, entry.content);
}
