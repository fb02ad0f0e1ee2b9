/**
 * Kubelet's choice of pull-secret entry for an image, modelled on kubernetes'
 * pkg/credentialprovider/keyring.go (BasicDockerKeyring.Add / Lookup, URLsMatch), read at
 *   https://github.com/kubernetes/kubernetes/blob/4f3d0e3bde114269650781020d9b05cbd428d4ba/pkg/credentialprovider/keyring.go
 * and, for the URL helpers, v1.35.0 (keyring.go L220 parseSchemelessURL, L231 splitURL,
 * L241 urlsMatchStr, L262 urlsMatch, as ported verbatim by containerd/nydus-snapshotter).
 * The rules, each a test row in test/unit/credentials/kube-keyring.test.ts:
 * - Add: a key without http(s):// gets https:// and is parsed as a URL (a key Go's url.Parse
 *   rejects is ignored); the index key is host + path, where a path of /v1/… or /v2/… loses
 *   its /v1 or /v2 and a path of "" or "/" is dropped;
 * - the index is de-duplicated and reverse-sorted (byte order), "so more specific paths are
 *   matched first": quay.io/coreos before quay.io, myreg.azurecr.io before *.azurecr.io;
 * - Lookup walks that index and returns every match, in order; kubelet's puller tries them
 *   one after another (kuberuntime_image.go), so all matches matter, not only the first;
 * - a key matches when the ports are equal (none == none), the hosts have the same number of
 *   dot-separated parts, each part matches as a filepath.Match glob (`*.azurecr.io`), and
 *   the key's path is a plain string prefix of the image path (so `quay.io/core` also
 *   matches quay.io/coreos/etcd: no segment boundary is checked);
 * - nothing matched and the image is on Docker Hub (isDefaultRegistryMatch): the entry
 *   filed under index.docker.io (e.g. https://index.docker.io/v1/) is used.
 * Hosts and globs are compared case-sensitively, as Go's url.Parse keeps them.
 * The image kubelet looks up is the repository from parsers.ParseImageName
 * (docker/distribution's ParseNormalizedNamed: docker.io/library/nginx for nginx:1).
 */
import { nameOf, parseNormalizedNamed } from '../shared/reference';
import type { KubeletKey, KubeletMatch } from '../shared/kube-pull-secret';

const DEFAULT_REGISTRY_HOST = 'index.docker.io';

interface SchemelessUrl {
  host: string;
  path: string;
}

/** Go's url.Parse("https://" + s), as far as host and path go; null where Go errors. */
function parseUrl(value: string): SchemelessUrl | null {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(value);
  if (!match) return null;
  let authority = match[2] ?? '';
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  // Go refuses spaces and control characters in a host, and a port that is not digits.
  if ([...authority].some((c) => c <= ' ' || c === '\x7f')) return null;
  const bracketEnd = authority.lastIndexOf(']');
  const colon = authority.lastIndexOf(':');
  if (colon > bracketEnd && !/^\d*$/.test(authority.slice(colon + 1))) return null;
  let path: string;
  try {
    path = decodeURIComponent(match[3] ?? '');
  } catch {
    return null; // a bad %-escape: url.Parse fails
  }
  return { host: authority, path };
}

function parseSchemeless(value: string): SchemelessUrl | null {
  return parseUrl(`https://${value}`);
}

/** net.SplitHostPort, falling back to the whole host and no port, then split on dots. */
function splitHost(host: string): { parts: string[]; port: string } {
  let name = host;
  let port = '';
  const v6 = /^\[([^\]]*)\]:(\d*)$/.exec(host);
  if (v6) [name, port] = [v6[1] ?? '', v6[2] ?? ''];
  else if (host.split(':').length === 2) [name, port] = host.split(':') as [string, string];
  return { parts: name.split('.'), port };
}

/**
 * Go's filepath.Match for one host part (no separators in it): `*`, `?`, `[...]` with `^`
 * negation and ranges, `\` escapes. A malformed pattern is ErrBadPattern: no match.
 */
export function globMatch(pattern: string, text: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\') {
      const next = pattern[++i];
      if (next === undefined) return false;
      source += escapeRegExp(next);
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      if (body === '' || /(^-|-$)/.test(body)) return false;
      source += `[${negated ? '^' : ''}${body.replace(/[\]\\^]/g, '\\$&')}]`;
      i = end;
    } else source += escapeRegExp(c);
  }
  try {
    return new RegExp(`^${source}$`, 'u').test(text);
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** BasicDockerKeyring.Add: the index key of one `auths` key, or null when ignored. */
export function keyringIndexKey(serverKey: string): string | null {
  const value = /^https?:\/\//.test(serverKey) ? serverKey : `https://${serverKey}`;
  const parsed = parseUrl(value);
  if (!parsed) return null;
  let path = parsed.path;
  if (path.startsWith('/v2/') || path.startsWith('/v1/')) path = path.slice(3);
  return path.length > 0 && path !== '/' ? parsed.host + path : parsed.host;
}

/** urlsMatchStr(glob, target): kubelet's test of one index key against the repository. */
export function kubeletUrlsMatch(glob: string, target: string): boolean {
  const g = parseSchemeless(glob);
  const t = parseSchemeless(target);
  if (!g || !t) return false;
  const gh = splitHost(g.host);
  const th = splitHost(t.host);
  if (gh.port !== th.port) return false;
  if (gh.parts.length !== th.parts.length) return false;
  if (!t.path.startsWith(g.path)) return false;
  return gh.parts.every((part, i) => globMatch(part, th.parts[i] ?? ''));
}

/** isDefaultRegistryMatch: will kubelet (and the runtime) pull this from Docker Hub? */
export function isDefaultRegistryMatch(repository: string): boolean {
  const slash = repository.indexOf('/');
  const first = slash < 0 ? repository : repository.slice(0, slash);
  if (first.length === 0) return false;
  if (slash < 0) return true;
  if (first === 'docker.io' || first === 'index.docker.io') return true;
  return !/[.:]/.test(first);
}

/** The repository kubelet looks up for an image reference (parsers.ParseImageName). */
export function kubeletRepository(image: string): string {
  return nameOf(parseNormalizedNamed(image));
}

export interface SecretEntry {
  key: string;
  username: string | null;
}

/** Which entries of the given pull secret(s) kubelet would try for the image, in order. */
export function kubeletLookup(
  image: string,
  entries: SecretEntry[],
  from: KubeletMatch['from'],
): KubeletMatch {
  const repository = kubeletRepository(image);
  const indexed = entries.map((entry) => ({ entry, indexKey: keyringIndexKey(entry.key) }));
  const index = [
    ...new Set(indexed.flatMap((e) => (e.indexKey === null ? [] : [e.indexKey]))),
  ].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const matchingIndex = index.filter((key) => kubeletUrlsMatch(key, repository));
  let tried = matchingIndex.flatMap((key) =>
    indexed.filter((e) => e.indexKey === key).map((e) => e.entry.key),
  );
  let viaDefaultRegistry = false;
  if (tried.length === 0 && isDefaultRegistryMatch(repository)) {
    tried = indexed.filter((e) => e.indexKey === DEFAULT_REGISTRY_HOST).map((e) => e.entry.key);
    viaDefaultRegistry = tried.length > 0;
  }
  const keys: KubeletKey[] = indexed.map(({ entry, indexKey }) => {
    const position = tried.indexOf(entry.key);
    return {
      key: entry.key,
      username: entry.username,
      indexKey,
      matched: position >= 0,
      order: position >= 0 ? position + 1 : null,
      note: noteFor(entry.key, indexKey, repository, position >= 0, viaDefaultRegistry),
    };
  });
  const first = keys.find((k) => k.order === 1);
  return {
    repository,
    keys,
    tried,
    viaDefaultRegistry,
    from,
    summary: first
      ? `"${first.key}"${first.username ? ` (${first.username})` : ''}${viaDefaultRegistry ? ', as the Docker Hub default' : ''}${tried.length > 1 ? `, then ${tried.length - 1} more in order if refused` : ''}`
      : entries.length === 0
        ? 'no pull secret to match'
        : `no entry matches ${repository}: kubelet pulls anonymously`,
  };
}

function noteFor(
  key: string,
  indexKey: string | null,
  repository: string,
  matched: boolean,
  viaDefault: boolean,
): string {
  if (indexKey === null) return `kubelet ignores "${key}": it is not a URL Go can parse`;
  if (matched && viaDefault)
    return `no key names ${repository}; kubelet uses the Docker Hub entry (index.docker.io)`;
  if (matched) return `matches ${repository} as ${indexKey}`;
  const key_ = parseSchemeless(indexKey);
  const target = parseSchemeless(repository);
  if (!key_ || !target) return 'does not match';
  const k = splitHost(key_.host);
  const t = splitHost(target.host);
  if (k.port !== t.port)
    return `port ${k.port || '(none)'} is not the image's ${t.port || '(none)'}: kubelet compares ports exactly`;
  if (k.parts.length !== t.parts.length)
    return `${key_.host} has ${k.parts.length} host parts, ${target.host} has ${t.parts.length}: a glob matches one part each`;
  if (!target.path.startsWith(key_.path))
    return `the key's path ${key_.path} is not a prefix of ${target.path}`;
  return `the host ${key_.host} does not match ${target.host} (case-sensitive, one glob per part)`;
}
