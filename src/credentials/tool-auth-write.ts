/**
 * Writes one credential into the file a terminal tool reads, so `docker pull` or `podman
 * pull` sends what Berth sends (issue 15, "the explainer offers aligning actions"). The entry
 * is the one the tool's own login writes: an `auths` key with `auth` = base64(user:secret)
 * (docker/cli cli/config/configfile/file.go encodeAuth; containers/image
 * pkg/docker/config/config.go), an identity token as docker keeps it (`identitytoken`).
 * A file that exists is copied byte for byte beside itself first; the new one replaces it by
 * rename, owner-readable only. A file that does not parse as a JSON object is left alone.
 */
import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BerthError } from '../shared/errors';
import { dockerConfigPath } from './docker-config';
import { podmanAuthCandidates } from './podman-auth';
import { dockerConfigServerKey } from './pull-secret';

export type AuthTool = 'docker' | 'podman';

const MAX_FILE_BYTES = 1024 * 1024;
const BACKUP_MARK = '.berth-backup-';

/**
 * The key the tool's own login files the registry under: docker names Docker Hub by its v1
 * index URL, podman by `docker.io` (containers/image normalizeRegistry); others by host.
 */
export function toolAuthKey(tool: AuthTool, registry: string): string {
  return tool === 'docker' ? dockerConfigServerKey(registry) : registry;
}

export interface AuthEntryWrite {
  path: string;
  key: string;
  /** The copy of the file as it was; null when there was no file. */
  backup: string | null;
}

async function readObject(path: string): Promise<Record<string, unknown> | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  const unreadable = (why: string) =>
    new BerthError(
      'credentials.align_file_unreadable',
      `${path} ${why}; Berth leaves it alone.`,
      'Fix or move the file, or copy the login command and run it instead.',
      { path },
    );
  if (info.size > MAX_FILE_BYTES) throw unreadable('is larger than 1 MiB');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    throw unreadable('is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw unreadable('does not hold a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export async function writeAuthEntry(
  path: string,
  key: string,
  login: { username: string; secret: string; identityToken: boolean },
  now = new Date(),
): Promise<AuthEntryWrite> {
  const json = (await readObject(path)) ?? {};
  const auths =
    json.auths && typeof json.auths === 'object' && !Array.isArray(json.auths)
      ? (json.auths as Record<string, unknown>)
      : {};
  auths[key] = login.identityToken
    ? {
        auth: Buffer.from(`${login.username}:`).toString('base64'),
        identitytoken: login.secret,
      }
    : { auth: Buffer.from(`${login.username}:${login.secret}`).toString('base64') };
  json.auths = auths;

  let backup: string | null = null;
  if (await stat(path).catch(() => null)) {
    backup = `${path}${BACKUP_MARK}${now.toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(path, backup);
  } else {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  }
  const temp = join(
    dirname(path),
    // node:crypto loads on first use, not with this file: a pull's start does without it
    // (cli-bundle.test.ts).
    `.${basename(path)}.${process.getBuiltinModule('node:crypto').randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, `${JSON.stringify(json, null, '\t')}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new BerthError(
      'credentials.align_failed',
      `Cannot write ${path}: ${(error as Error).message}`,
      'Check the folder is writable, or copy the login command and run it instead.',
      { path },
    );
  }
  return { path, key, backup };
}

/** Puts the file back as it was: the backup's bytes, or no file when there was none. */
export async function undoAuthEntry(write: AuthEntryWrite): Promise<void> {
  if (write.backup) await rename(write.backup, write.path);
  else await rm(write.path, { force: true });
}

/** The file the tool's own `login` writes, and reads first. */
export function toolAuthPath(tool: AuthTool, env: NodeJS.ProcessEnv): string {
  if (tool === 'docker') return dockerConfigPath(env);
  // containers/image getPathToAuth: REGISTRY_AUTH_FILE, else the runtime dir's auth.json.
  return podmanAuthCandidates(env)[0] ?? join(env.HOME ?? '', '.config', 'containers', 'auth.json');
}
