/**
 * Where a pull secret may be written. The YAML holds the secret, so (issue 12, point 7):
 * - outside the app (CLI, browser mode) only a new file: O_CREAT | O_EXCL | O_NOFOLLOW with
 *   mode 600 given at creation, so an existing file is never truncated or chmod-ed and a
 *   symlink planted at the path is never followed;
 * - never inside BERTH_HOME or a folder that browser mode serves (the secret would then be
 *   readable over HTTP without the token), judged on the real path of the parent folder so a
 *   symlinked folder cannot smuggle the file in;
 * - in the app only the save dialog decides, and the user may have agreed to replace a file:
 *   the new content is written to a fresh owner-only temp file beside it and renamed over it,
 *   which replaces a symlink rather than writing through it, and changes no existing inode.
 */
import { constants } from 'node:fs';
import { open, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { BerthError } from '../shared/errors';

// Windows has no O_NOFOLLOW; there, O_EXCL alone refuses any existing name, links included.
const NEW_FILE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function realOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** Refuses a path whose folder is (really) inside one of the protected folders. */
export async function checkExportPath(path: string, protectedDirs: string[]): Promise<void> {
  if (!isAbsolute(path)) {
    throw new BerthError(
      'credentials.export_path_relative',
      `"${path}" is not a full path.`,
      'Give a full path, e.g. /home/me/pull-secret.yaml.',
    );
  }
  const folder = await realpath(dirname(path)).catch((error: NodeJS.ErrnoException) => {
    throw new BerthError(
      'credentials.export_folder_missing',
      `Cannot write to ${dirname(path)}: ${error.code === 'ENOENT' ? 'the folder does not exist' : error.message}.`,
      'Choose an existing folder you own.',
      { path },
    );
  });
  const target = join(folder, basename(path));
  for (const dir of protectedDirs) {
    const real = await realOrSelf(dir);
    if (isInside(target, real)) {
      throw new BerthError(
        'credentials.export_path_protected',
        `Berth does not write a secret into ${dir}: that folder is Berth's own data or is served to the browser.`,
        'Choose a file in your home folder, e.g. ~/pull-secret.yaml.',
        { path },
      );
    }
  }
}

/** A new file only: an existing file or a symlink at the path is refused, never touched. */
export async function writeNewSecretFile(path: string, content: string): Promise<number> {
  let file;
  try {
    file = await open(path, NEW_FILE_FLAGS, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ELOOP') {
      throw new BerthError(
        'credentials.export_exists',
        `${path} already exists; Berth writes a pull secret only to a new file.`,
        'Choose a new file name, or delete the old file first.',
        { path },
      );
    }
    throw new BerthError(
      'credentials.export_failed',
      `Cannot create ${path}: ${(error as Error).message}`,
      'Choose a folder you can write to.',
      { path, cause: code },
    );
  }
  try {
    await file.writeFile(content);
    await file.sync();
  } catch (error) {
    await file.close().catch(() => {});
    await rm(path, { force: true });
    throw new BerthError(
      'credentials.export_failed',
      `Writing ${path} failed: ${(error as Error).message}`,
      'Free some disk space and try again.',
      { path },
    );
  }
  await file.close();
  return Buffer.byteLength(content);
}

/** The save dialog's choice: a fresh owner-only file renamed over whatever was there. */
export async function replaceWithSecretFile(path: string, content: string): Promise<number> {
  const temp = join(
    dirname(path),
    // node:crypto loads on first use, not with this file: a pull's start does without it
    // (cli-bundle.test.ts).
    `.${basename(path)}.${process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex')}.tmp`,
  );
  const bytes = await writeNewSecretFile(temp, content);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new BerthError(
      'credentials.export_failed',
      `Cannot replace ${path}: ${(error as Error).message}`,
      'Choose another file.',
      { path },
    );
  }
  return bytes;
}
