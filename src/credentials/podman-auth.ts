/**
 * Podman's auth.json, as containers/image reads it (containers-auth.json(5),
 * pkg/docker/config): the primary file is $REGISTRY_AUTH_FILE when set, else
 * $XDG_RUNTIME_DIR/containers/auth.json (on macOS and Windows ~/.config/containers/auth.json);
 * then ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json. The files are read in that order
 * until one has a credential for the image. (~/.docker/config.json comes next for podman; the
 * docker source covers it.)
 *
 * In a file, credHelpers[registry] comes first; else the `auths` key that is the longest
 * prefix of the image at a `/` boundary (`quay.io/team` before `quay.io`).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../shared/errors';
import { HELPER_TIMEOUT_MS, helperGet, helperProgram } from './credential-helper';
import type { HelperCredential } from './credential-helper';
import {
  problemCollector,
  decodeAuthEntry,
  displayPath,
  pathOfKey,
  readAuthFile,
  registryOfKey,
} from './docker-config';
import type { AuthFile, ListResult, LookupOptions } from './docker-config';
import type { FoundCredential } from './found-credential';

/** The auth.json files podman reads, in its order; they need not exist. */
export function podmanAuthCandidates(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME || homedir();
  const userConfig = join(env.XDG_CONFIG_HOME || join(home, '.config'), 'containers', 'auth.json');
  let primary: string;
  if (env.REGISTRY_AUTH_FILE) primary = env.REGISTRY_AUTH_FILE;
  else if (process.platform === 'darwin' || process.platform === 'win32') {
    primary = join(home, '.config', 'containers', 'auth.json');
  } else if (env.XDG_RUNTIME_DIR) {
    primary = join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json');
  } else {
    primary = join('/run/containers', String(process.getuid?.() ?? 0), 'auth.json');
  }
  return [...new Set([primary, userConfig])];
}

/** The first auth.json that exists, or null. */
export function podmanAuthPath(env: NodeJS.ProcessEnv): string | null {
  return podmanAuthCandidates(env).find((p) => existsSync(p)) ?? null;
}

export const readPodmanAuth = readAuthFile;

/** What a key covers: `registry` or `registry/path`, host normalised (docker.io, lowercase). */
function scopeOfKey(key: string): string {
  const path = pathOfKey(key);
  return path ? `${registryOfKey(key)}/${path}` : registryOfKey(key);
}

/** `quay.io/team/app` with its host normalised like keys are. */
function normalizeImage(image: string): string {
  const slash = image.indexOf('/');
  return slash < 0
    ? registryOfKey(image)
    : `${registryOfKey(image.slice(0, slash))}${image.slice(slash)}`;
}

/**
 * The key podman uses for `image` (registry/repository): the longest that is the registry or a
 * prefix of the image ending at a `/`. Of two spellings of one scope, the plain one wins.
 */
export function podmanKeyFor(keys: string[], image: string): string | null {
  const target = normalizeImage(image);
  const matches = keys
    .map((key) => ({ key, scope: scopeOfKey(key) }))
    .filter(({ scope }) => target === scope || target.startsWith(`${scope}/`))
    .sort(
      (a, b) =>
        b.scope.length - a.scope.length ||
        Number(b.key.trim() === b.scope) - Number(a.key.trim() === a.scope),
    );
  return matches[0]?.key ?? null;
}

/** The credHelpers key for a registry: exactly the registry, else any registry-wide spelling. */
function helperKeyFor(helpers: Record<string, string>, registry: string): string | null {
  if (Object.hasOwn(helpers, registry)) return registry;
  return (
    Object.keys(helpers).find((k) => registryOfKey(k) === registry && pathOfKey(k) === '') ?? null
  );
}

const labels = (file: string, env: NodeJS.ProcessEnv) => {
  const shown = displayPath(file, env);
  return {
    shown,
    auths: `podman auth.json (${shown})`,
    credHelpers: (helper: string) => `${helperProgram(helper)} (credHelpers in ${shown})`,
  };
};

const foundIn = (
  serverKey: string,
  creds: HelperCredential,
  sourceLabel: string,
  file: string,
): FoundCredential => ({
  registry: registryOfKey(serverKey),
  serverKey,
  ...creds,
  source: 'podman-auth',
  sourceLabel,
  file,
});

/**
 * What podman would use for `imageRepository` (e.g. `quay.io/team/app`) from one auth.json.
 * A credHelpers entry for the registry decides alone, as in containers/image.
 */
export async function podmanCredentialFor(
  auth: AuthFile,
  file: string,
  imageRepository: string,
  env: NodeJS.ProcessEnv = process.env,
  opts: LookupOptions = {},
): Promise<FoundCredential | null> {
  const label = labels(file, env);
  const registry = registryOfKey(normalizeImage(imageRepository));
  const helpers = auth.credHelpers ?? {};
  const helperKey = helperKeyFor(helpers, registry);
  const helper = helperKey === null ? '' : (helpers[helperKey] ?? '');
  if (helperKey !== null && helper) {
    const timeoutMs = opts.timeoutMs ?? HELPER_TIMEOUT_MS;
    const creds = await helperGet(helper, helperKey, env, label.shown, timeoutMs);
    return creds ? foundIn(helperKey, creds, label.credHelpers(helper), file) : null;
  }
  const auths = auth.auths ?? {};
  const key = podmanKeyFor(Object.keys(auths), imageRepository);
  if (key === null) return null;
  const creds = decodeAuthEntry(key, auths[key] ?? {}, file);
  return creds ? foundIn(key, creds, label.auths, file) : null;
}

/** podman's lookup over all its files: the first that has a credential for the image wins. */
export async function findPodmanCredential(
  env: NodeJS.ProcessEnv,
  imageRepository: string,
  opts: LookupOptions = {},
): Promise<FoundCredential | null> {
  for (const file of podmanAuthCandidates(env)) {
    const auth = await readAuthFile(file);
    if (!auth) continue;
    const found = await podmanCredentialFor(auth, file, imageRepository, env, opts);
    if (found) return found;
  }
  return null;
}

/**
 * Everything importable from one auth.json: each credHelpers entry (get) and each `auths`
 * entry, namespace keys included, unless a helper answers for its registry. A failing helper
 * or a broken entry becomes a problem; the rest is still listed.
 */
export async function listPodmanCredentials(
  auth: AuthFile,
  file: string,
  env: NodeJS.ProcessEnv,
  opts: LookupOptions = {},
): Promise<ListResult> {
  const timeoutMs = opts.timeoutMs ?? HELPER_TIMEOUT_MS;
  const label = labels(file, env);
  const byScope = new Map<string, FoundCredential>();
  const add = (found: FoundCredential) => {
    const scope = scopeOfKey(found.serverKey);
    const current = byScope.get(scope);
    if (!current || (found.serverKey.trim() === scope && current.serverKey.trim() !== scope)) {
      byScope.set(scope, found);
    }
  };
  const { problems, attempt } = problemCollector(`Reading ${file} failed.`);

  const helpers = auth.credHelpers ?? {};
  const helperRegistries = new Set<string>();
  for (const [key, helper] of Object.entries(helpers)) {
    if (!helper || pathOfKey(key) !== '') continue;
    helperRegistries.add(registryOfKey(key));
    await attempt(async () => {
      const creds = await helperGet(helper, key, env, label.shown, timeoutMs);
      if (creds) add(foundIn(key, creds, label.credHelpers(helper), file));
    });
  }
  for (const [key, entry] of Object.entries(auth.auths ?? {})) {
    if (helperRegistries.has(registryOfKey(key))) continue; // the helper answers for it
    await attempt(async () => {
      const creds = decodeAuthEntry(key, entry, file);
      if (creds) add(foundIn(key, creds, label.auths, file));
    });
  }
  return { found: [...byScope.values()], problems };
}

/**
 * Everything importable from all of podman's files; for a key in two files, the one podman
 * reads first wins. A file that cannot be read is a problem, not a failure.
 */
export async function scanPodmanCredentials(
  env: NodeJS.ProcessEnv,
  opts: LookupOptions = {},
): Promise<ListResult> {
  const found: FoundCredential[] = [];
  const problems: BerthError[] = [];
  const seen = new Set<string>();
  for (const file of podmanAuthCandidates(env)) {
    let auth: AuthFile | null;
    try {
      auth = await readAuthFile(file);
    } catch (error) {
      if (!(error instanceof BerthError)) throw error;
      problems.push(error);
      continue;
    }
    if (!auth) continue;
    const listed = await listPodmanCredentials(auth, file, env, opts);
    for (const f of listed.found) {
      const scope = scopeOfKey(f.serverKey);
      if (seen.has(scope)) continue;
      seen.add(scope);
      found.push(f);
    }
    problems.push(...listed.problems);
  }
  return { found, problems };
}
