/**
 * Docker's normalisation (distribution/reference normalize.go): the docker.io default, the
 * library/ prefix for official images, localhost and index.docker.io, and the familiar
 * (short) forms the docker CLI prints.
 * https://github.com/distribution/reference/blob/main/normalize.go
 */
import { ReferenceError } from './errors';
import { anchoredIdentifierRegexp } from './grammar';
import { isNamed, nameOf, parse, referenceString, trimNamed, validateDigest } from './reference';
import type { Reference } from './reference';

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const LOCALHOST = 'localhost';

/** splitDockerDomain: is the first component a registry, or the first part of a Hub path? */
export function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { domain: DEFAULT_DOMAIN, remainder: OFFICIAL_REPO_PREFIX + name };
  const maybeDomain = name.slice(0, slash);
  const maybeRemainder = name.slice(slash + 1);
  let domain: string;
  let remainder: string;
  if (maybeDomain === LOCALHOST) {
    [domain, remainder] = [maybeDomain, maybeRemainder];
  } else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) {
    [domain, remainder] = [DEFAULT_DOMAIN, maybeRemainder];
  } else if (/[.:]/.test(maybeDomain) || maybeDomain.toLowerCase() !== maybeDomain) {
    // A "." or ":" means a host name, an IP or a port; uppercase is never a Hub namespace.
    [domain, remainder] = [maybeDomain, maybeRemainder];
  } else {
    [domain, remainder] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/'))
    remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** ParseNormalizedNamed: what `docker pull <input>` means, fully qualified. */
export function parseNormalizedNamed(input: string): Reference {
  if (anchoredIdentifierRegexp.test(input)) {
    throw new ReferenceError(
      'ErrIdentifier',
      input,
      `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`,
    );
  }
  const { domain, remainder } = splitDockerDomain(input);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new ReferenceError(
      'ErrNameContainsUppercase',
      input,
      `invalid reference format: repository name (${remote}) must be lowercase`,
    );
  }
  const ref = parse(`${domain}/${remainder}`);
  if (!isNamed(ref)) throw new ReferenceError('ErrReferenceInvalidFormat', input);
  return ref;
}

/** ParseNamed: only the canonical form is accepted (docker.io/library/nginx, not nginx). */
export function parseNamed(input: string): Reference {
  const ref = parseNormalizedNamed(input);
  if (referenceString(ref) !== input) throw new ReferenceError('ErrNameNotCanonical', input);
  return ref;
}

/** ParseAnyReference: a bare image ID or digest, or else a normalised name. */
export function parseAnyReference(input: string): Reference {
  if (anchoredIdentifierRegexp.test(input))
    return { domain: '', path: '', tag: '', digest: `sha256:${input}` };
  try {
    validateDigest(input);
    return { domain: '', path: '', tag: '', digest: input };
  } catch {
    return parseNormalizedNamed(input);
  }
}

/** ParseDockerRef: what the engine pulls: a digest wins over a tag, and no tag means latest. */
export function parseDockerRef(input: string): Reference {
  const ref = parseNormalizedNamed(input);
  if (ref.digest) return { ...trimNamed(ref), digest: ref.digest };
  return ref.tag ? ref : { ...ref, tag: 'latest' };
}

/** familiarizeName: drop docker.io, and library/ for single-level official images. */
function familiarize(ref: Reference): Reference {
  if (ref.domain !== DEFAULT_DOMAIN) return ref;
  let path = ref.path;
  if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
    const rest = path.slice(OFFICIAL_REPO_PREFIX.length);
    if (!rest.includes('/')) path = rest;
  }
  return { ...ref, domain: '', path };
}

export function familiarName(ref: Reference): string {
  return nameOf(familiarize(ref));
}

export function familiarString(ref: Reference): string {
  return isNamed(ref) ? referenceString(familiarize(ref)) : referenceString(ref);
}
