/**
 * ~/.docker/config.json as the docker CLI reads it (docker/cli, cli/config/configfile and
 * cli/config/credentials). Podman's auth.json has the same `auths`/`credHelpers` format, so the
 * reader and the entry decoding here serve podman-auth.ts too.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { BerthError } from '../shared/errors';
import { HELPER_TIMEOUT_MS, helperGet, helperList, helperProgram } from './credential-helper';
import type { HelperCredential } from './credential-helper';
import type { FoundCredential } from './found-credential';
import { lazySchema } from '../shared/lazy-schema';

export const AuthEntry = lazySchema(() =>
  z.looseObject({
    /** base64 of "username:secret", split at the first colon. */
    auth: z.string().nullish(),
    username: z.string().nullish(),
    password: z.string().nullish(),
    /** An OAuth refresh token (ACR, `docker login` with a token): sent instead of a password. */
    identitytoken: z.string().nullish(),
  }),
);
export type AuthEntry = z.infer<typeof AuthEntry>;

/** null counts as absent, as with Go's encoding/json (and so docker). */
export const DockerConfig = lazySchema(() =>
  z.looseObject({
    auths: z.record(z.string(), AuthEntry).nullish(),
    credsStore: z.string().nullish(),
    credHelpers: z.record(z.string(), z.string()).nullish(),
  }),
);
export type DockerConfig = z.infer<typeof DockerConfig>;
/** Podman's auth.json: the same shape (credsStore is docker's alone). */
export type AuthFile = DockerConfig;

export interface LookupOptions {
  /** For each credential helper run; default 10 s. */
  timeoutMs?: number;
}

export interface ListResult {
  found: FoundCredential[];
  /** What could not be read; the rest is still listed. */
  problems: BerthError[];
}

const MAX_BYTES = 1024 * 1024;
/** The key the docker CLI files Docker Hub under, in auths and for helpers. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const DOCKER_HUB_HOSTS = new Set(['index.docker.io', 'registry-1.docker.io', 'docker.io']);

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG
    ? join(env.DOCKER_CONFIG, 'config.json')
    : join(env.HOME || homedir(), '.docker', 'config.json');
}

/** A path for people: $HOME shown as ~. */
export function displayPath(path: string, env: NodeJS.ProcessEnv): string {
  const home = (env.HOME || homedir()).replace(/\/+$/, '');
  if (!home) return path;
  if (path === home) return '~';
  return path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

// ---------------------------------------------------------------------------------------------
// Reading the file

/** null when the file does not exist; a BerthError naming the file when it cannot be used. */
export async function readAuthFile(
  path: string,
  opts: { legacy?: boolean; emptyIsInvalid?: boolean } = {},
): Promise<DockerConfig | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw unreadable(path, code ?? (error as Error).message);
  }
  let text: string;
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new BerthError(
        'credentials.config_invalid',
        `${path} is not a file.`,
        'Move it aside: a credentials file must be a JSON file.',
        { file: path },
      );
    }
    if (info.size > MAX_BYTES) throw tooLarge(path, info.size);
    const bytes = await handle.readFile();
    if (bytes.length > MAX_BYTES) throw tooLarge(path, bytes.length);
    text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof BerthError) throw error;
    throw unreadable(path, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  } finally {
    await handle.close();
  }
  // docker treats an empty config file as an empty config; containers/image (v5.23
  // pkg/docker/config readJSONFile) hands the empty bytes to json.Unmarshal, which fails.
  if (!text.trim() && !opts.emptyIsInvalid) return {};
  // The legacy ~/.dockercfg is the auths map alone.
  return opts.legacy ? parseAuthFile(`{"auths":${text}}`, path) : parseAuthFile(text, path);
}

export const readDockerConfig = readAuthFile;

const CONFIG_FIELDS = ['auths', 'credsStore', 'credHelpers'] as const;
const ENTRY_FIELDS = ['auth', 'username', 'password', 'identitytoken'] as const;

/**
 * An object's keys as Go's encoding/json hands them to a struct: each key in turn goes to the
 * field it names exactly or, failing that, case-insensitively, and a later key overwrites an
 * earlier one (encoding/json decode.go, object(): "prefer an exact match … fall back to a
 * case-insensitive match"). So docker and containers/image both honour `"credSstore"` or
 * `"Auths"`, as users' files have them (google/containerregistry#144; checked by the oracle).
 * Map keys (registries, helper hosts) stay as written.
 */
function goFields(value: unknown, fields: readonly string[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    const field = fields.includes(key) ? key : fields.find((f) => f.toLowerCase() === lower);
    if (field) out[field] = item;
    // Unknown keys pass through (the schema is loose); never one that would set a prototype.
    else if (key !== '__proto__') out[key] = item;
  }
  return out;
}

function asGoDecodes(json: unknown): unknown {
  const config = goFields(json, CONFIG_FIELDS);
  if (!config || typeof config !== 'object' || !('auths' in config)) return config;
  const { auths } = config;
  if (!auths || typeof auths !== 'object' || Array.isArray(auths)) return config;
  const entries: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(auths)) {
    if (key !== '__proto__') entries[key] = goFields(entry, ENTRY_FIELDS);
  }
  return { ...config, auths: entries };
}

/** Parses the text of a config.json or auth.json; `path` only names it in errors. */
export function parseAuthFile(text: string, path: string): DockerConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const { what, offset } = describeJsonError(text, error);
    const where = offset === null ? '' : ` at ${lineAndColumn(text, offset)}`;
    throw new BerthError(
      'credentials.config_invalid',
      `${path} is not valid JSON: ${what}${where}.`,
      'Fix the file (a stray or missing comma is the usual cause), or move it aside and log in again.',
      { file: path, ...(offset === null ? {} : { position: offset }) },
    );
  }
  const parsed = DockerConfig.safeParse(asGoDecodes(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue ? formatPath(issue.path) : '';
    throw new BerthError(
      'credentials.config_invalid',
      `${path} does not have the shape of a credentials file: ${at ? `${at}: ` : ''}${issue?.message ?? 'wrong shape'}.`,
      'It should be a JSON object with "auths" (registry → {"auth": …}), and optionally "credsStore" and "credHelpers".',
      { file: path, ...(at ? { at } : {}) },
    );
  }
  return parsed.data;
}

const unreadable = (path: string, reason: string) =>
  new BerthError(
    'credentials.config_invalid',
    `Cannot read ${path} (${reason}).`,
    'Check that the file is readable by you.',
    { file: path },
  );

const tooLarge = (path: string, size: number) =>
  new BerthError(
    'credentials.config_invalid',
    `${path} is ${size} bytes; a credentials file is never larger than 1 MiB, so Berth does not read it.`,
    'Check that the path points at the right file, or move it aside.',
    { file: path, size },
  );

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) =>
      typeof part === 'number'
        ? `[${part}]`
        : typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)
          ? `.${part}`
          : `[${JSON.stringify(String(part))}]`,
    )
    .join('')
    .replace(/^\./, '');
}

/**
 * What JSON.parse objected to, without its excerpt of the text (which may be a secret): V8's
 * own words when they carry no excerpt, else a position found by jsonErrorOffset.
 */
function describeJsonError(text: string, error: unknown): { what: string; offset: number | null } {
  const message = error instanceof Error ? error.message : '';
  const positioned = /^([^"]*?)(?: in JSON)? at position (\d+)/.exec(message);
  if (positioned?.[1] && positioned[2]) {
    return { what: positioned[1], offset: Number(positioned[2]) };
  }
  const offset = jsonErrorOffset(text);
  if (offset === null) return { what: 'the JSON parser gave up', offset: null };
  return {
    what: offset >= text.length ? 'the file ends too early' : 'unexpected character',
    offset,
  };
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const JSON_WORDS = ['true', 'false', 'null'];

/**
 * The offset of the first JSON syntax error in `text`, or null when it is valid. Iterative, so
 * deep nesting cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number | null {
  type Want = 'value' | 'value-or-]' | 'key' | 'key-or-}' | ':' | ',-or-close' | 'end';
  const stack: ('{' | '[')[] = [];
  const n = text.length;
  let want = 'value' as Want;
  let i = 0;
  const valueDone = () => {
    want = stack.length > 0 ? ',-or-close' : 'end';
  };
  const close = () => {
    i++;
    stack.pop();
    valueDone();
  };
  /** From an opening quote to past the closing one; false with `i` at the fault. */
  const skipString = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c !== 0x5c) {
        i++;
        continue;
      }
      const escape = text[i + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
        i += 6;
      } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
        i += 2;
      } else {
        return false;
      }
    }
    return false;
  };

  for (;;) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
    if (i >= n) return want === 'end' ? null : n;
    const c = text[i];
    if (want === 'end') return i;
    if (want === ':') {
      if (c !== ':') return i;
      i++;
      want = 'value';
      continue;
    }
    if (want === ',-or-close') {
      const top = stack[stack.length - 1];
      if (c === ',') {
        i++;
        want = top === '{' ? 'key' : 'value';
      } else if (c === (top === '{' ? '}' : ']')) {
        close();
      } else {
        return i;
      }
      continue;
    }
    if (want === 'key' || want === 'key-or-}') {
      if (want === 'key-or-}' && c === '}') {
        close();
        continue;
      }
      if (c !== '"' || !skipString()) return i;
      want = ':';
      continue;
    }
    if (want === 'value-or-]' && c === ']') {
      close();
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      want = c === '{' ? 'key-or-}' : 'value-or-]';
      continue;
    }
    if (c === '"') {
      if (!skipString()) return i;
      valueDone();
      continue;
    }
    const word = JSON_WORDS.find((w) => text.startsWith(w, i));
    if (word) {
      i += word.length;
      valueDone();
      continue;
    }
    JSON_NUMBER.lastIndex = i;
    if (!JSON_NUMBER.exec(text)) return i;
    i = JSON_NUMBER.lastIndex;
    valueDone();
  }
}

// ---------------------------------------------------------------------------------------------
// Keys and entries

/**
 * The registry a key names, as references write it: `https://index.docker.io/v1/`,
 * `index.docker.io`, `registry-1.docker.io` → docker.io; `https://ghcr.io` → ghcr.io;
 * `localhost:5000/team` → localhost:5000. The host is lowercased.
 */
export function registryOfKey(key: string): string {
  const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = (withoutScheme.split('/', 1)[0] ?? '').toLowerCase();
  return DOCKER_HUB_HOSTS.has(host) ? 'docker.io' : host;
}

/** The repository path of a podman key (`quay.io/team` → team); '' for registry-wide keys. */
export function pathOfKey(key: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key.trim())) return ''; // URL keys (docker's) are registry-wide
  const trimmed = key.trim();
  const slash = trimmed.indexOf('/');
  return slash < 0 ? '' : trimmed.slice(slash + 1).replace(/\/+$/, '');
}

/** The key docker uses for a registry in credHelpers and with helpers: Hub's v1 URL, else the host. */
export function dockerServerKey(registry: string): string {
  const normalized = registryOfKey(registry);
  return normalized === 'docker.io' ? DOCKER_HUB_KEY : normalized;
}

/**
 * Whether the docker CLI could ever pick this key for a registry: a host, a URL with no path,
 * or an old `/v1/` API URL. Paths (`quay.io/team`, Docker Desktop's
 * `https://index.docker.io/v1/access-token`) are not registry credentials for docker.
 */
function isDockerRegistryKey(key: string): boolean {
  const withoutScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  const path = slash < 0 ? '' : withoutScheme.slice(slash + 1).replace(/\/+$/, '');
  return path === '' || path === 'v1' || path === 'v2';
}

/** Whether docker reads `key` for the host it names (see docker-lookup.ts for the rules). */
function isDockerUsedKey(auths: Record<string, AuthEntry>, key: string): boolean {
  const stripped = key.startsWith('http://')
    ? key.slice(7)
    : key.startsWith('https://')
      ? key.slice(8)
      : key;
  const host = stripped.split('/', 1)[0] ?? '';
  if (DOCKER_HUB_HOSTS.has(host)) return key === DOCKER_HUB_KEY;
  if (Object.hasOwn(auths, host)) return key === host;
  return (
    Object.keys(auths).find((k) => {
      const s = k.startsWith('http://') ? k.slice(7) : k.startsWith('https://') ? k.slice(8) : k;
      return (s.split('/', 1)[0] ?? '') === host;
    }) === key
  );
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/**
 * The credential an `auths` entry holds, or null when it holds none (an empty entry written by
 * `docker login` next to a credsStore). An `auth` that is not base64 of "user:secret" is an
 * error naming the key: docker refuses the whole file for it.
 */
export function decodeAuthEntry(
  key: string,
  entry: AuthEntry,
  file: string,
  rules: 'docker' | 'podman' = 'docker',
): HelperCredential | null {
  let fromAuth: { username: string; secret: string } | null = null;
  const auth = entry.auth?.trim();
  if (auth) {
    const invalid = (what: string) =>
      new BerthError(
        'credentials.config_invalid',
        `The "auth" of ${key} in ${file} ${what}.`,
        `Log in to ${registryOfKey(key)} again (docker login / podman login) to rewrite it, or remove the entry.`,
        { file, key },
      );
    if (!BASE64.test(auth)) throw invalid('is not base64');
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // containers/image decodeDockerAuth skips an entry without a colon (docker's "{}" marker).
    if (colon < 0 && rules === 'podman') return null;
    if (colon <= 0) throw invalid('does not decode to "username:password"');
    // Split at the first colon: passwords and tokens may hold colons. docker trims NULs.
    fromAuth = {
      username: decoded.slice(0, colon),
      secret: decoded.slice(colon + 1).replace(/^\0+|\0+$/g, ''),
    };
  }
  if (rules === 'podman') {
    // containers/image 5.23 decodeDockerAuth reads `auth` only: username/password fields are
    // ignored, and an identitytoken counts only beside an `auth`.
    if (!fromAuth) return null;
    if (entry.identitytoken) {
      return { username: fromAuth.username, secret: entry.identitytoken, identityToken: true };
    }
    return fromAuth.secret ? { ...fromAuth, identityToken: false } : null;
  }
  if (entry.identitytoken) {
    return {
      username: fromAuth?.username || entry.username || '<token>',
      secret: entry.identitytoken,
      identityToken: true,
    };
  }
  if (fromAuth) return fromAuth.secret ? { ...fromAuth, identityToken: false } : null;
  if (entry.username && entry.password) {
    return { username: entry.username, secret: entry.password, identityToken: false };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Docker's lookup and listing

/** The helper docker/cli's getConfiguredCredentialStore picks for a server key ('' = the file). */
function configuredHelper(config: DockerConfig, key: string): string {
  const helpers = config.credHelpers ?? {};
  return Object.hasOwn(helpers, key) ? (helpers[key] ?? '') : (config.credsStore ?? '');
}

const labels = (file: string, env: NodeJS.ProcessEnv) => {
  const shown = displayPath(file, env);
  return {
    auths: `${shown} (auths)`,
    credsStore: (helper: string) => `${helperProgram(helper)} (credsStore in ${shown})`,
    credHelpers: (helper: string) => `${helperProgram(helper)} (credHelpers in ${shown})`,
  };
};

function foundIn(
  serverKey: string,
  creds: HelperCredential,
  source: FoundCredential['source'],
  sourceLabel: string,
  file: string,
): FoundCredential {
  return { registry: registryOfKey(serverKey), serverKey, ...creds, source, sourceLabel, file };
}

/** Keeps one credential per registry, preferring docker's own key for it. */
class ByRegistry {
  private readonly chosen = new Map<string, { found: FoundCredential; rank: number }>();
  add(found: FoundCredential): void {
    const rank =
      found.serverKey === dockerServerKey(found.registry)
        ? 0
        : found.serverKey === found.registry
          ? 1
          : 2;
    const current = this.chosen.get(found.registry);
    if (!current || rank < current.rank) this.chosen.set(found.registry, { found, rank });
  }
  list(): FoundCredential[] {
    return [...this.chosen.values()].map((c) => c.found);
  }
}

/**
 * Everything importable from a docker config, as docker would use it: each credHelpers entry
 * (get), the credsStore's credentials (list, then get; the keys of `auths` are asked too, as
 * `docker login` leaves an empty entry there), and the inline `auths` no helper overrides. A
 * failing helper or a broken entry becomes a problem; the rest is still listed.
 */
/**
 * For listings that go on past a broken entry: `attempt` runs a step and files what it throws
 * as a problem (a non-Berth error gets `fallback`, never its own text, which could quote a
 * secret).
 */
export function problemCollector(fallback: string): {
  problems: BerthError[];
  attempt(run: () => Promise<void>): Promise<void>;
} {
  const problems: BerthError[] = [];
  return {
    problems,
    attempt: async (run) => {
      try {
        await run();
      } catch (error) {
        problems.push(
          error instanceof BerthError
            ? error
            : new BerthError('credentials.import_failed', fallback),
        );
      }
    },
  };
}

export async function listDockerCredentials(
  config: DockerConfig,
  file: string,
  env: NodeJS.ProcessEnv,
  opts: LookupOptions = {},
): Promise<ListResult> {
  const timeoutMs = opts.timeoutMs ?? HELPER_TIMEOUT_MS;
  const shown = displayPath(file, env);
  const label = labels(file, env);
  const chosen = new ByRegistry();
  const { problems, attempt } = problemCollector('Reading a docker credential failed.');

  const helpers = config.credHelpers ?? {};
  const helperRegistries = new Set(Object.keys(helpers).map(registryOfKey));
  for (const [key, helper] of Object.entries(helpers)) {
    if (!helper) continue; // an empty entry sends docker to the file for that key
    await attempt(async () => {
      const creds = await helperGet(helper, key, env, shown, timeoutMs);
      if (creds)
        chosen.add(foundIn(key, creds, 'docker-credHelpers', label.credHelpers(helper), file));
    });
  }

  const store = config.credsStore;
  if (store) {
    await attempt(async () => {
      const listed = Object.keys(await helperList(store, env, shown, timeoutMs));
      const keys = [...new Set([...listed, ...Object.keys(config.auths ?? {})])];
      for (const key of keys) {
        if (!isDockerRegistryKey(key) || helperRegistries.has(registryOfKey(key))) continue;
        await attempt(async () => {
          const creds = await helperGet(store, key, env, shown, timeoutMs);
          if (creds)
            chosen.add(foundIn(key, creds, 'docker-credsStore', label.credsStore(store), file));
        });
      }
    });
  }

  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    // Only the key docker really reads for its host: docker/cli's file store takes the exact
    // key, else the first whose ConvertToHostname (scheme cut, then the first '/') is the
    // host, so `host:5000/team` serves host:5000; Hub only under its v1 URL.
    if (!isDockerUsedKey(config.auths ?? {}, key)) continue;
    if (configuredHelper(config, dockerServerKey(key))) continue; // a helper answers for it
    await attempt(async () => {
      const creds = decodeAuthEntry(key, entry, file);
      if (creds) chosen.add(foundIn(key, creds, 'docker-auths', label.auths, file));
    });
  }
  return { found: chosen.list(), problems };
}
