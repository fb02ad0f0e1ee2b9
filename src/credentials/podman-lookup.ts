/**
 * Which credential podman 4.3 and skopeo 1.9 send for an image, by containers/image v5.23's
 * pkg/docker/config/config.go (checked against both tools by test/oracle):
 * - getAuthFilePaths: the primary file ($REGISTRY_AUTH_FILE, else
 *   $XDG_RUNTIME_DIR/containers/auth.json, skipped with a warning when that folder does not
 *   exist, else /run/containers/<uid>/auth.json), then ${XDG_CONFIG_HOME:-~/.config}/containers/
 *   auth.json, then $DOCKER_CONFIG/config.json or ~/.docker/config.json, then ~/.dockercfg
 *   (legacy format). Files are read in order until one yields a credential;
 * - findAuthentication, in each file: `credHelpers[registry]` decides for that file alone (its
 *   "not found" moves on to the next file; any other failure, an empty name included, fails the
 *   pull); `credsStore` is ignored; then the exact keys `registry/repo`, its parents, `registry`
 *   (authKeysForRef); then any key whose normalizeAuthFileKey form (scheme cut, then the path
 *   when there was a scheme; docker.io spellings as index.docker.io) is the registry's;
 * - decodeDockerAuth: only `auth` counts (username/password fields are ignored); an entry that
 *   does not decode to user:password moves on to the next file; an identitytoken counts beside
 *   an `auth` and is exchanged with the refresh_token grant.
 * Keys are compared case-sensitively.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../shared/errors';
import { HELPER_TIMEOUT_MS, helperGet, helperProgram } from './credential-helper';
import { decodeAuthEntry, displayPath, readAuthFile } from './docker-config';
import type { AuthFile, LookupOptions } from './docker-config';
import { credentialAnswer, foundIn } from './docker-lookup';
import type { ToolAnswer } from './docker-lookup';
import type { FoundCredential } from './found-credential';

export interface PodmanAuthFile {
  path: string;
  /** ~/.dockercfg: the file is the auths map itself, and keys are cut at their path. */
  legacy: boolean;
  /** Docker's file, which podman reads after its own. */
  docker: boolean;
}

/** podman and skopeo share containers/image but pick its primary file differently. */
export type ContainersTool = 'podman' | 'skopeo';

/**
 * The --authfile a tool passes to containers/image: skopeo 1.9 takes $REGISTRY_AUTH_FILE;
 * podman 4.3 (containers/common pkg/auth GetDefaultAuthFile) falls back to
 * $DOCKER_CONFIG/config.json, and refuses to run when that file is missing (CheckAuthFile).
 */
export function authFileFlag(env: NodeJS.ProcessEnv, tool: ContainersTool): string | null {
  if (env.REGISTRY_AUTH_FILE) return env.REGISTRY_AUTH_FILE;
  if (tool === 'podman' && env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  return null;
}

/** The files containers/image reads, in order; `warnings` says what it skipped and why. */
export function podmanAuthFiles(
  env: NodeJS.ProcessEnv,
  tool: ContainersTool = 'podman',
): {
  files: PodmanAuthFile[];
  warnings: string[];
} {
  const home = env.HOME || homedir();
  const files: PodmanAuthFile[] = [];
  const warnings: string[] = [];
  const own = (path: string) => files.push({ path, legacy: false, docker: false });
  const flag = authFileFlag(env, tool);
  if (flag) own(flag);
  else if (process.platform === 'darwin' || process.platform === 'win32') {
    own(join(home, '.config', 'containers', 'auth.json'));
  } else if (env.XDG_RUNTIME_DIR) {
    if (existsSync(env.XDG_RUNTIME_DIR)) own(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
    else
      warnings.push(
        `$XDG_RUNTIME_DIR (${env.XDG_RUNTIME_DIR}) does not exist: podman skips its auth.json.`,
      );
  } else {
    own(join('/run/containers', String(process.getuid?.() ?? 0), 'auth.json'));
  }
  own(join(env.XDG_CONFIG_HOME || join(home, '.config'), 'containers', 'auth.json'));
  files.push({
    path: env.DOCKER_CONFIG
      ? join(env.DOCKER_CONFIG, 'config.json')
      : join(home, '.docker', 'config.json'),
    legacy: false,
    docker: true,
  });
  files.push({ path: join(home, '.dockercfg'), legacy: true, docker: true });
  return { files, warnings };
}

/** authKeysForRef: `host/a/b` → [`host/a/b`, `host/a`, `host`]. */
export function authKeysForRepository(repository: string): string[] {
  const keys: string[] = [];
  let name = repository;
  for (;;) {
    keys.push(name);
    const slash = name.lastIndexOf('/');
    if (slash < 0) return keys;
    name = name.slice(0, slash);
  }
}

const normalizeRegistry = (registry: string) =>
  registry === 'registry-1.docker.io' || registry === 'docker.io' ? 'index.docker.io' : registry;

/** normalizeAuthFileKey: the scheme cut (and then the path), Hub's spellings made one. */
export function normalizeAuthFileKey(key: string, legacy: boolean): string {
  let stripped = key.startsWith('http://') ? key.slice(7) : key;
  stripped = stripped.startsWith('https://') ? stripped.slice(8) : stripped;
  if (legacy || stripped !== key) stripped = stripped.split('/', 1)[0] ?? '';
  return normalizeRegistry(stripped);
}

/** The `auths` key containers/image reads in one file for the repository, or null. */
export function podmanAuthsKeyFor(
  keys: string[],
  registry: string,
  repository: string,
  legacy: boolean,
): string | null {
  const exact = authKeysForRepository(repository).find((k) => keys.includes(k));
  if (exact !== undefined) return exact;
  const wanted = normalizeAuthFileKey(registry, legacy);
  return keys.find((k) => normalizeAuthFileKey(k, legacy) === wanted) ?? null;
}

const fails = (why: string, problems: BerthError[]): ToolAnswer => ({
  verdict: { outcome: 'fails', username: null, identityToken: false, sourceLabel: null, why },
  found: null,
  problems,
});

/** What podman (or skopeo) sends for `repository`, e.g. `quay.io/team/app`. */
export async function podmanAnswer(
  env: NodeJS.ProcessEnv,
  repository: string,
  opts: LookupOptions & { tool?: ContainersTool } = {},
): Promise<ToolAnswer> {
  const tool = opts.tool ?? 'podman';
  const registry = repository.split('/', 1)[0] ?? repository;
  const flag = authFileFlag(env, tool);
  if (tool === 'podman' && flag && !existsSync(flag)) {
    const shown = displayPath(flag, env);
    const why = env.REGISTRY_AUTH_FILE ? '$REGISTRY_AUTH_FILE' : '$DOCKER_CONFIG';
    return fails(
      `podman takes ${shown} (from ${why}) as its auth file, and it does not exist: podman refuses to pull.`,
      [],
    );
  }
  const { files, warnings } = podmanAuthFiles(env, tool);
  const passed: string[] = [...warnings];
  for (const file of files) {
    const shown = displayPath(file.path, env);
    const whose = file.docker ? `docker's ${shown}` : shown;
    let auth: AuthFile | null;
    try {
      auth = await readAuthFile(file.path, { legacy: file.legacy, emptyIsInvalid: true });
    } catch (error) {
      if (!(error instanceof BerthError)) throw error;
      return fails(`${tool} cannot read ${whose} (${error.message}) and fails the pull.`, [error]);
    }
    if (!auth) continue;
    const helpers = auth.credHelpers ?? {};
    if (Object.hasOwn(helpers, registry)) {
      const helper = helpers[registry] ?? '';
      const program = helperProgram(helper);
      if (!helper) {
        return fails(
          `credHelpers in ${whose} names an empty helper for ${registry}: ${tool} cannot run "${program}" and fails the pull.`,
          [],
        );
      }
      try {
        const creds = await helperGet(
          helper,
          registry,
          env,
          shown,
          opts.timeoutMs ?? HELPER_TIMEOUT_MS,
        );
        if (creds) {
          const found = foundIn(
            registry,
            creds,
            'podman-auth',
            `${program} (credHelpers in ${whose})`,
            file.path,
          );
          return sends(found, `${tool} asks ${program} (credHelpers in ${whose}) for ${registry}`);
        }
        passed.push(`${program} has nothing for ${registry}`);
        continue;
      } catch (error) {
        if (!(error instanceof BerthError)) throw error;
        return fails(
          `${program} (credHelpers in ${whose}) failed (${error.message}): ${tool} fails the pull rather than fall back.`,
          [error],
        );
      }
    }
    const auths = auth.auths ?? {};
    const key = podmanAuthsKeyFor(Object.keys(auths), registry, repository, file.legacy);
    if (key === null) continue;
    let creds;
    try {
      creds = decodeAuthEntry(key, auths[key] ?? {}, file.path, 'podman');
    } catch (error) {
      if (!(error instanceof BerthError)) throw error;
      return fails(`${tool} cannot decode "${key}" in ${whose} and fails the pull.`, [error]);
    }
    if (!creds) {
      passed.push(`"${key}" in ${whose} has no "auth" podman can use`);
      continue;
    }
    const label = file.docker ? `${shown} (auths, read by ${tool})` : `podman auth.json (${shown})`;
    const found = foundIn(key, creds, 'podman-auth', label, file.path);
    return sends(found, `${tool} reads "${key}" in ${whose}`);
  }
  return {
    verdict: {
      outcome: 'anonymous',
      username: null,
      identityToken: false,
      sourceLabel: null,
      why: `${tool} finds no credential for ${repository}${passed.length ? ` (${passed.join('; ')})` : ''}.`,
    },
    found: null,
    problems: [],
  };
}

function sends(found: FoundCredential, why: string): ToolAnswer {
  return credentialAnswer(found, why);
}
