/**
 * The non-secret half of Berth's credentials: registries.json under the user data dir.
 * Writes are atomic (temp file, fsync, rename) and serialised across processes by a lock file,
 * so two Berth processes never corrupt it or lose each other's updates. A file that cannot be
 * read is moved aside, never overwritten: nothing is lost.
 */
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as z from 'zod';
import { PresetId, Verification } from '../shared/credentials';
import { writeJsonAtomically } from '../storage';
import { BerthError } from '../shared/errors';
import type { ErrorShape } from '../shared/errors';
import { lazySchema } from '../shared/lazy-schema';

export const StoredCredential = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    registry: z.string().min(1),
    username: z.string().min(1),
    patterns: z.array(z.string()),
    preset: PresetId,
    createdAt: z.string(),
    updatedAt: z.string(),
    secretLength: z.number().int().nonnegative(),
    secretSetAt: z.string(),
    verification: Verification.nullable(),
    importedFrom: z.string().nullable(),
    /** The secret is an identity (refresh) token (imported from docker's identitytoken). */
    identityToken: z.boolean().optional(),
  }),
);
export type StoredCredential = z.infer<typeof StoredCredential>;

const MetadataFile = lazySchema(() =>
  z.object({
    version: z.literal(1),
    credentials: z.array(StoredCredential),
  }),
);
type MetadataFile = z.infer<typeof MetadataFile>;

export interface LoadedMetadata {
  credentials: StoredCredential[];
  /** Set when the file was unreadable and has been kept aside. */
  warning: ErrorShape | null;
}

const MAX_BYTES = 4 * 1024 * 1024;
const LOCK_WAIT_MS = 5_000;
const LOCK_STALE_MS = 15_000;

export class MetadataStore {
  readonly path: string;
  private lastWarning: ErrorShape | null = null;

  constructor(dataDir: string, fileName = 'registries.json') {
    this.path = join(dataDir, fileName);
  }

  async load(): Promise<LoadedMetadata> {
    const file = await this.read();
    return { credentials: file.credentials, warning: this.lastWarning };
  }

  /** Read, change and write under the lock; returns what `change` returned. */
  async update<T>(change: (credentials: StoredCredential[]) => T): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const release = await this.lock();
    try {
      const file = await this.read();
      const result = change(file.credentials);
      await this.writeAtomically({ version: 1, credentials: file.credentials });
      return result;
    } finally {
      await release();
    }
  }

  private async read(): Promise<MetadataFile> {
    let raw: string;
    try {
      const info = await stat(this.path);
      if (info.size > MAX_BYTES) return await this.keepAside(`it is ${info.size} bytes`);
      raw = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { version: 1, credentials: [] };
      throw new BerthError(
        'credentials.metadata_unreadable',
        `Cannot read ${this.path}: ${(error as Error).message}`,
        'Check the permissions of the Berth data folder.',
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return this.keepAside(`it is not JSON (${(error as Error).message})`);
    }
    const parsed = MetadataFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.keepAside(
        `it does not have the expected shape (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown'})`,
      );
    }
    return parsed.data;
  }

  private async keepAside(why: string): Promise<MetadataFile> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const backup = `${this.path}.corrupt-${stamp}`;
    await rename(this.path, backup);
    this.lastWarning = new BerthError(
      'credentials.metadata_corrupt',
      `${basename(this.path)} could not be read because ${why}. It was kept as ${basename(backup)} and Berth started a new list.`,
      `Nothing was deleted: the secrets are still in the OS keychain. Add the credentials again (the same registry and username pick up the stored secret's slot), or repair ${backup} and move it back.`,
      { backup },
    ).toShape();
    return { version: 1, credentials: [] };
  }

  private async writeAtomically(file: MetadataFile): Promise<void> {
    try {
      await writeJsonAtomically(this.path, file);
    } catch (error) {
      throw this.writeFailed(error);
    }
  }

  private writeFailed(error: unknown): BerthError {
    if (error instanceof BerthError) return error;
    const code = (error as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      ENOSPC: 'the disk is full',
      EDQUOT: 'the disk quota is used up',
      EROFS: 'the file system is read-only',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
    };
    return new BerthError(
      'credentials.metadata_write_failed',
      `Cannot write ${basename(this.path)} in ${dirname(this.path)}: ${why[code ?? ''] ?? (error as Error).message}.`,
      code === 'ENOSPC' || code === 'EDQUOT'
        ? 'Free some disk space and try again; nothing was stored.'
        : `Make ${dirname(this.path)} writable (or set BERTH_HOME) and try again; nothing was stored.`,
      { path: this.path, cause: code },
    );
  }

  /** An exclusive lock file; a lock older than LOCK_STALE_MS belongs to a crashed process. */
  private async lock(): Promise<() => Promise<void>> {
    const lockPath = `${this.path}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const handle = await open(lockPath, 'wx', 0o600);
        try {
          await handle.writeFile(String(process.pid));
        } catch (error) {
          // A full disk (ENOSPC) after the create: the lock must not outlive this attempt,
          // or it blocks every login for LOCK_STALE_MS (issue 12).
          await handle.close().catch(() => {});
          await rm(lockPath, { force: true });
          throw this.writeFailed(error);
        }
        await handle.close();
        return () => rm(lockPath, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw this.writeFailed(error);
        const age = await stat(lockPath).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > LOCK_STALE_MS) {
          await rm(lockPath, { force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw new BerthError(
            'credentials.metadata_locked',
            `Another Berth process has held ${basename(lockPath)} for more than ${LOCK_WAIT_MS / 1000} s.`,
            `Close other Berth windows or commands and try again; if none is running, delete ${lockPath}.`,
          );
        }
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
      }
    }
  }
}
