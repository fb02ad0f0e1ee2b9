/**
 * Edits of docker's config.json that remedies make (drop a dead credsStore or credHelpers entry,
 * drop a stale auths entry), always with a byte-exact backup beside the file, so `berth fix
 * undo:…` can put back exactly what was there. The file is replaced by rename, never truncated
 * in place, and a file that does not parse is left alone.
 */
import { copyFile, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BerthError } from '../shared/errors';
import { dockerConfigPath } from '../credentials';
import { authKeyHost } from './remedies';

/** What docker's config names, for the remedies' previews. */
export interface DockerConfigFacts {
  path: string;
  credsStore: string | null;
  credHelpers: Record<string, string>;
  auths: string[];
}

const MAX_CONFIG_BYTES = 1024 * 1024;
const BACKUP_MARK = '.berth-backup-';

export async function readDockerConfigFacts(
  env: NodeJS.ProcessEnv,
): Promise<DockerConfigFacts | null> {
  const path = dockerConfigPath(env);
  const json = await readConfig(path).catch(() => null);
  if (!json) return null;
  const helpers = json.credHelpers;
  return {
    path,
    credsStore: typeof json.credsStore === 'string' && json.credsStore ? json.credsStore : null,
    credHelpers:
      helpers && typeof helpers === 'object'
        ? Object.fromEntries(
            Object.entries(helpers as Record<string, unknown>).filter(
              (e): e is [string, string] => typeof e[1] === 'string',
            ),
          )
        : {},
    auths:
      json.auths && typeof json.auths === 'object'
        ? Object.keys(json.auths as Record<string, unknown>)
        : [],
  };
}

async function readConfig(path: string): Promise<Record<string, unknown>> {
  const info = await stat(path);
  if (info.size > MAX_CONFIG_BYTES) {
    throw new BerthError(
      'fix.config_too_large',
      `${path} is larger than 1 MiB; Berth leaves it alone.`,
    );
  }
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BerthError(
      'fix.config_unreadable',
      `${path} is not valid JSON; Berth leaves it alone.`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BerthError('fix.config_unreadable', `${path} does not hold a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}

export interface ConfigEdit {
  path: string;
  backup: string;
  /** What changed, in words. */
  change: string;
}

/**
 * Applies `mutate` to the parsed file; writes only if it changed something. The backup is a
 * copy of the original bytes; the new file keeps docker's own layout (tab-indented JSON).
 */
export async function editDockerConfig(
  env: NodeJS.ProcessEnv,
  mutate: (json: Record<string, unknown>) => string | null,
  now = new Date(),
): Promise<ConfigEdit> {
  const path = dockerConfigPath(env);
  const json = await readConfig(path).catch((error: unknown) => {
    if (error instanceof BerthError) throw error;
    throw new BerthError('fix.no_docker_config', `There is no docker config at ${path}.`);
  });
  const change = mutate(json);
  if (!change) {
    throw new BerthError('fix.nothing_to_change', `${path} has nothing this remedy would change.`);
  }
  const backup = `${path}${BACKUP_MARK}${now.toISOString().replace(/[:.]/g, '-')}`;
  await copyFile(path, backup);
  const temp = join(dirname(path), `.${basename(path)}.berth-${process.pid}.tmp`);
  await writeFile(temp, `${JSON.stringify(json, null, '\t')}\n`, { mode: 0o600 });
  await rename(temp, path);
  return { path, backup, change };
}

/** Puts the backup's bytes back; refuses anything that is not one of Berth's backups of it. */
export async function restoreDockerConfig(env: NodeJS.ProcessEnv, backup: string): Promise<string> {
  const path = dockerConfigPath(env);
  if (!backup.startsWith(`${path}${BACKUP_MARK}`) || backup.includes('\0')) {
    throw new BerthError(
      'fix.bad_undo',
      `${backup} is not a Berth backup of ${path}.`,
      'Use the undo id berth fix printed when it changed the file.',
    );
  }
  await stat(backup).catch(() => {
    throw new BerthError('fix.bad_undo', `The backup ${backup} is gone.`);
  });
  const temp = join(dirname(path), `.${basename(path)}.berth-${process.pid}.tmp`);
  await copyFile(backup, temp);
  await rename(temp, path);
  await rm(backup, { force: true });
  return path;
}

export function removeCredsStore(json: Record<string, unknown>): string | null {
  if (!('credsStore' in json)) return null;
  const was = String(json.credsStore);
  delete json.credsStore;
  return `removed "credsStore": "${was}"`;
}

export function removeCredHelper(json: Record<string, unknown>, host: string): string | null {
  const helpers = json.credHelpers;
  if (!helpers || typeof helpers !== 'object') return null;
  const map = helpers as Record<string, unknown>;
  if (!(host in map)) return null;
  const was = String(map[host]);
  json.credHelpers = Object.fromEntries(Object.entries(map).filter(([k]) => k !== host));
  return `removed "credHelpers": {"${host}": "${was}"}`;
}

export function removeAuth(json: Record<string, unknown>, host: string): string | null {
  const auths = json.auths;
  if (!auths || typeof auths !== 'object') return null;
  const map = auths as Record<string, unknown>;
  const keys = Object.keys(map).filter((k) => authKeyHost(k) === host);
  if (keys.length === 0) return null;
  json.auths = Object.fromEntries(Object.entries(map).filter(([k]) => !keys.includes(k)));
  return `removed "auths" ${keys.map((k) => `"${k}"`).join(', ')}`;
}
