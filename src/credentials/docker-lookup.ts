/**
 * Which credential the docker CLI sends for a registry, by docker/cli v20.10's own rules (the
 * CLI Debian ships; checked against it by test/oracle):
 * - the server key is `https://index.docker.io/v1/` for Docker Hub, else the host as the image
 *   reference writes it (registry/config.go ElectAuthServer, command.ResolveAuthConfig);
 * - cli/config/configfile/file.go getConfiguredCredentialStore: `credHelpers[key]` when the key
 *   is present (an empty name means the file store), else `credsStore`, else the file store;
 * - cli/config/credentials/file_store.go Get: the exact `auths` key, else the first key whose
 *   ConvertToHostname (scheme `http://`/`https://` cut, case-sensitively, then everything from
 *   the first `/`) equals the server key. Hub's key has a path, so only its exact spelling works;
 * - cli/config/credentials/native_store.go Get: the helper's answer replaces the inline entry;
 *   "credentials not found in native keychain" (the exact text, docker-credential-helpers
 *   client.Get) means no credential, while any other failure leaves the inline entry, which
 *   ResolveAuthConfig sends anyway (it ignores the error). Docker waits for a helper forever;
 *   Berth gives up after HELPER_TIMEOUT_MS and does what docker does after a failure;
 * - configfile LoadFromReader: `auth` (base64 user:password) replaces username/password fields;
 *   without it the fields are used as written;
 * - cli/config/config.go Load (20.10): with no config.json, the legacy ~/.dockercfg is read.
 *   Newer CLIs (v25+) dropped that fallback: this answer is for 20.10.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ToolVerdict } from '../shared/credentials';
import { BerthError } from '../shared/errors';
import { HELPER_TIMEOUT_MS, helperGet, helperProgram } from './credential-helper';
import type { HelperCredential } from './credential-helper';
import {
  decodeAuthEntry,
  displayPath,
  DOCKER_HUB_KEY,
  dockerConfigPath,
  readAuthFile,
  registryOfKey,
} from './docker-config';
import type { AuthEntry, DockerConfig, LookupOptions } from './docker-config';
import type { FoundCredential } from './found-credential';

/** What a tool does for an image, with the credential (and its secret) it would send. */
export interface ToolAnswer {
  verdict: ToolVerdict;
  found: FoundCredential | null;
  problems: BerthError[];
}

/** docker/cli credentials.ConvertToHostname: scheme cut case-sensitively, then the first `/`. */
export function convertToHostname(key: string): string {
  const stripped = key.startsWith('http://')
    ? key.slice(7)
    : key.startsWith('https://')
      ? key.slice(8)
      : key;
  return stripped.split('/', 1)[0] ?? '';
}

/**
 * The current CLI's ConvertToHostname (docker 28, observed by test/oracle case k10): a key
 * with any `scheme://` is read as a URL, as Go's url.Parse reads it, so the scheme's case does
 * not matter (`HTTPS://host` serves host), and userinfo is dropped; without one, the first `/`
 * ends the host as before.
 */
export function convertToHostnameNewer(key: string): string {
  const url = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(key);
  if (!url) return key.split('/', 1)[0] ?? '';
  const authority = url[1] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1);
}

/** The key docker looks credentials up by, for a registry as an image reference writes it. */
export function dockerServerKeyOf(registry: string): string {
  return registry === 'docker.io' ? DOCKER_HUB_KEY : registry;
}

/** file_store.go Get: the exact key, else the first whose hostname form equals it. */
export function dockerAuthsKeyFor(
  auths: Record<string, AuthEntry>,
  serverKey: string,
): string | null {
  return dockerAuthsKeysFor(auths, serverKey)[0] ?? null;
}

/**
 * Every key file_store.go Get may return: the exact key alone, else all whose hostname form
 * equals it. Get ranges over a Go map (`for r, ac := range c.file.GetAuthConfigs()`), and Go
 * randomises map order, so with two such keys docker sends either, run to run (observed by
 * test/oracle case k15: bob in one CI run, alice in the next).
 */
export function dockerAuthsKeysFor(auths: Record<string, AuthEntry>, serverKey: string): string[] {
  if (Object.hasOwn(auths, serverKey)) return [serverKey];
  return Object.keys(auths).filter((key) => convertToHostname(key) === serverKey);
}

/** getConfiguredCredentialStore: the helper for a key, '' for the file store. */
export function dockerHelperFor(config: DockerConfig, serverKey: string): string {
  const helpers = config.credHelpers ?? {};
  return Object.hasOwn(helpers, serverKey) ? (helpers[serverKey] ?? '') : (config.credsStore ?? '');
}

const anonymous = (why: string, problems: BerthError[] = []): ToolAnswer => ({
  verdict: { outcome: 'anonymous', username: null, identityToken: false, sourceLabel: null, why },
  found: null,
  problems,
});

function sends(found: FoundCredential, why: string, problems: BerthError[] = []): ToolAnswer {
  // dockerd's basic and token handlers send nothing without both a username and a password.
  if (!found.identityToken && (!found.username || !found.secret)) {
    return anonymous(`${why}, but it has no password, so nothing is sent.`, problems);
  }
  return credentialAnswer(found, why, problems);
}

/** A tool's answer that it sends `found`, for the reason `why` (docker's and podman's). */
export function credentialAnswer(
  found: FoundCredential,
  why: string,
  problems: BerthError[] = [],
): ToolAnswer {
  return {
    verdict: {
      outcome: 'credential',
      username: found.username,
      identityToken: found.identityToken,
      sourceLabel: found.sourceLabel,
      why,
    },
    found,
    problems,
  };
}

/** The inline entry as docker decodes it (auth wins over username/password; a token rides along). */
function inlineCredential(key: string, entry: AuthEntry, file: string): HelperCredential | null {
  return decodeAuthEntry(key, entry, file, 'docker');
}

/** The config docker reads: config.json, else (20.10) the legacy ~/.dockercfg. */
export async function readDockerConfigAsDocker(
  env: NodeJS.ProcessEnv,
): Promise<{ file: string; config: DockerConfig } | null> {
  const file = dockerConfigPath(env);
  const config = await readAuthFile(file);
  if (config) return { file, config };
  const legacy = join(env.HOME || homedir(), '.dockercfg');
  const old = await readAuthFile(legacy, { legacy: true });
  return old ? { file: legacy, config: old } : null;
}

/** The version docker's rules here are for: Debian's CLI, the oracle's (test/oracle). */
export const DOCKER_RULES_VERSION = 'docker CLI 20.10';
const NEWER_DOCKER = 'docker CLI 23+';

/**
 * What the docker CLI sends for `registry`, as 20.10 decides, and where a current CLI differs.
 * The one difference the oracle finds: docker 23 removed the fallback to the legacy
 * ~/.dockercfg (docker/cli#2504, cli/config/config.go Load), so what 20.10 reads from it a
 * current CLI never sends.
 */
export async function dockerAnswer(
  env: NodeJS.ProcessEnv,
  registry: string,
  opts: LookupOptions = {},
): Promise<ToolAnswer> {
  const answer = await dockerAnswerOf20(env, registry, opts);
  const legacy = join(env.HOME || homedir(), '.dockercfg');
  const fromLegacy = answer.found?.file === legacy;
  const byUrl = fromLegacy ? null : await newerKeyAnswer(env, registry, answer, opts);
  return {
    ...answer,
    verdict: {
      ...answer.verdict,
      version: DOCKER_RULES_VERSION,
      ...(byUrl
        ? {
            newer: {
              ...byUrl.verdict,
              version: NEWER_DOCKER,
              why: `${NEWER_DOCKER} (checked: 28) reads a key with a scheme as a URL, whatever the scheme's case: ${byUrl.verdict.why}`,
            },
          }
        : {}),
      ...(fromLegacy
        ? {
            newer: {
              version: NEWER_DOCKER,
              outcome: 'anonymous' as const,
              username: null,
              identityToken: false,
              sourceLabel: null,
              why: `${NEWER_DOCKER} (checked: 28) no longer reads ${displayPath(legacy, env)} (docker/cli#2504) and, with no ${displayPath(dockerConfigPath(env), env)}, sends nothing.`,
            },
          }
        : {}),
    },
  };
}

/**
 * Where 20.10 finds no `auths` key for the registry but the current CLI's URL reading does
 * (`HTTPS://host`), what the current CLI sends: the same lookup with that key spelled as the
 * server key. Null where both read the keys alike.
 */
async function newerKeyAnswer(
  env: NodeJS.ProcessEnv,
  registry: string,
  answer: ToolAnswer,
  opts: LookupOptions,
): Promise<ToolAnswer | null> {
  if (answer.verdict.outcome === 'credential') return null;
  const read = await readDockerConfigAsDocker(env).catch(() => null);
  const auths = read?.config.auths;
  if (!read || !auths) return null;
  const serverKey = dockerServerKeyOf(registry);
  if (dockerAuthsKeyFor(auths, serverKey) !== null) return null;
  const key = Object.keys(auths).find((k) => convertToHostnameNewer(k) === serverKey);
  if (key === undefined) return null;
  const config = { ...read.config, auths: { [serverKey]: auths[key] ?? {} } };
  const newer = await dockerAnswerFor(config, read.file, registry, env, opts);
  return newer.verdict.outcome === answer.verdict.outcome &&
    newer.verdict.username === answer.verdict.username
    ? null
    : newer;
}

async function dockerAnswerOf20(
  env: NodeJS.ProcessEnv,
  registry: string,
  opts: LookupOptions,
): Promise<ToolAnswer> {
  let read: { file: string; config: DockerConfig } | null;
  try {
    read = await readDockerConfigAsDocker(env);
  } catch (error) {
    if (!(error instanceof BerthError)) throw error;
    return anonymous(`docker cannot load its config (${error.message}) and sends nothing.`, [
      error,
    ]);
  }
  if (!read) return anonymous(`There is no ${displayPath(dockerConfigPath(env), env)}.`);
  return dockerAnswerFor(read.config, read.file, registry, env, opts);
}

/** What the docker CLI sends for `registry`, from a config already read from `file`. */
export async function dockerAnswerFor(
  config: DockerConfig,
  file: string,
  registry: string,
  env: NodeJS.ProcessEnv,
  opts: LookupOptions = {},
): Promise<ToolAnswer> {
  const serverKey = dockerServerKeyOf(registry);
  const shown = displayPath(file, env);
  const auths = config.auths ?? {};
  const inlineKeys = dockerAuthsKeysFor(auths, serverKey);
  const inlineKey = inlineKeys[0] ?? null;
  const problems: BerthError[] = [];
  let inline: FoundCredential | null = null;
  if (inlineKey !== null) {
    try {
      const creds = inlineCredential(inlineKey, auths[inlineKey] ?? {}, file);
      if (creds) inline = foundIn(inlineKey, creds, 'docker-auths', `${shown} (auths)`, file);
    } catch (error) {
      if (!(error instanceof BerthError)) throw error;
      problems.push(error);
    }
  }
  const inlineWhy = inline
    ? `docker reads "${inline.serverKey}" in the auths of ${shown}`
    : `docker finds no auths entry for "${serverKey}" in ${shown}`;
  const helper = dockerHelperFor(config, serverKey);
  if (!helper) {
    if (!inline) return anonymous(`${inlineWhy}.`, problems);
    if (inlineKeys.length < 2) return sends(inline, inlineWhy, problems);
    return randomAmong(
      sends(inline, inlineWhy, problems),
      inlineKeys,
      auths,
      file,
      serverKey,
      shown,
    );
  }
  const byHelpers = Object.hasOwn(config.credHelpers ?? {}, serverKey);
  const where = byHelpers ? `credHelpers in ${shown}` : `credsStore in ${shown}`;
  let creds: HelperCredential | null;
  try {
    creds = await helperGet(helper, serverKey, env, shown, opts.timeoutMs ?? HELPER_TIMEOUT_MS);
  } catch (error) {
    if (!(error instanceof BerthError)) throw error;
    problems.push(error);
    const waits =
      error.code === 'credentials.helper_timeout'
        ? `docker waits for ${helperProgram(helper)} with no time limit; Berth gave up after ${(opts.timeoutMs ?? HELPER_TIMEOUT_MS) / 1000} s`
        : `${helperProgram(helper)} failed (${error.message}); docker prints that error`;
    return inline
      ? sends(inline, `${waits} and falls back: ${inlineWhy}`, problems)
      : anonymous(`${waits} and, with no auths entry for "${serverKey}", sends nothing.`, problems);
  }
  if (!creds) {
    return anonymous(
      `${helperProgram(helper)} (${where}) has no credential for "${serverKey}": docker sends nothing${inline ? `, not even the auths entry "${inline.serverKey}"` : ''}.`,
      problems,
    );
  }
  const source = byHelpers ? 'docker-credHelpers' : 'docker-credsStore';
  return sends(
    foundIn(serverKey, creds, source, `${helperProgram(helper)} (${where})`, file),
    `docker asks ${helperProgram(helper)} (${where}) for "${serverKey}"`,
    problems,
  );
}

/**
 * Several auths keys stand for the registry and none is it exactly: docker sends whichever Go's
 * map order gives first, so the answer names the others (`mayInstead`) and a problem says so.
 */
function randomAmong(
  answer: ToolAnswer,
  keys: readonly string[],
  auths: Record<string, AuthEntry>,
  file: string,
  serverKey: string,
  shown: string,
): ToolAnswer {
  const others = new Set<string>();
  for (const key of keys.slice(1)) {
    try {
      const creds = inlineCredential(key, auths[key] ?? {}, file);
      if (creds?.username && creds.username !== answer.verdict.username) others.add(creds.username);
    } catch {
      // An entry docker cannot decode is reported where it is read; here it only adds no one.
    }
  }
  if (others.size === 0) return answer;
  const listed = keys.map((k) => `"${k}"`).join(', ');
  const problem = new BerthError(
    'credentials.ambiguous_auths',
    `In ${shown}, ${listed} all stand for "${serverKey}": docker sends whichever it meets first in a random order, so pulls may alternate between ${[answer.verdict.username, ...others].join(' and ')}.`,
    `Keep one auths entry for ${serverKey} (docker logout ${serverKey}, then docker login ${serverKey}).`,
  );
  return {
    ...answer,
    verdict: {
      ...answer.verdict,
      why: `${answer.verdict.why}; or any of ${listed}, picked in Go's random map order`,
      mayInstead: [...others],
    },
    problems: [...answer.problems, problem],
  };
}

/** The credential docker sends, or null; a failing helper's error is thrown only if docker sends nothing. */
export async function dockerCredentialFor(
  config: DockerConfig,
  file: string,
  registry: string,
  env: NodeJS.ProcessEnv,
  opts: LookupOptions = {},
): Promise<FoundCredential | null> {
  const answer = await dockerAnswerFor(config, file, registry, env, opts);
  if (!answer.found && answer.problems[0]) throw answer.problems[0];
  return answer.found;
}

export function foundIn(
  serverKey: string,
  creds: HelperCredential,
  source: FoundCredential['source'],
  sourceLabel: string,
  file: string,
): FoundCredential {
  return { registry: registryOfKey(serverKey), serverKey, ...creds, source, sourceLabel, file };
}
