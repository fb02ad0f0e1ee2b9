/**
 * A small JSON file written so that a crash leaves the old file or the new one, never half of
 * either: written to a temp file beside it, fsynced, then renamed over it (rename is atomic
 * on one file system). Readable by the owner only: such files name registries and folders.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // node:crypto loads on first use, not with this file: a pull's start does without it
  // (cli-bundle.test.ts).
  const temp = `${path}.${process.pid}.${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    try {
      writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await rename(temp, path);
  } catch (error) {
    // A full disk must not leave half a temp file behind on every attempt.
    await rm(temp, { force: true });
    throw error;
  }
}
