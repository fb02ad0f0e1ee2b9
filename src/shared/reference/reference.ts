/**
 * Parse and compose references exactly as distribution/reference's reference.go does: no
 * normalisation here (that is normalize.ts), just the grammar and its checks.
 */
import { ReferenceError } from './errors';
import {
  NAME_TOTAL_LENGTH_MAX,
  anchoredDigestRegexp,
  anchoredNameRegexp,
  anchoredTagRegexp,
  referenceRegexp,
} from './grammar';

/**
 * A parsed reference. `domain` and `path` are empty for a digest-only reference; `tag` and
 * `digest` are empty when absent (Go's Tagged / Digested interfaces).
 */
export interface Reference {
  readonly domain: string;
  readonly path: string;
  readonly tag: string;
  readonly digest: string;
}

/** Name() in Go: domain/path, or the path alone when there is no domain. */
export function nameOf(ref: Reference): string {
  return ref.domain ? `${ref.domain}/${ref.path}` : ref.path;
}

export function isNamed(ref: Reference): boolean {
  return ref.path !== '';
}

/** String() in Go: name[:tag][@digest]. */
export function referenceString(ref: Reference): string {
  return `${nameOf(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `${isNamed(ref) ? '@' : ''}${ref.digest}` : ''}`;
}

/**
 * go-digest's Parse: the algorithm must be one Berth can verify and the hex part must have
 * its length. Only sha256 is available, as in the upstream tests (which import crypto/sha256
 * alone), and as every registry uses in practice.
 */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64 };
export function validateDigest(digest: string): void {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon + 1 === digest.length)
    throw new ReferenceError('ErrChecksumInvalidFormat', digest);
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) {
    if (!anchoredDigestRegexp.test(digest))
      throw new ReferenceError('ErrChecksumInvalidFormat', digest);
    throw new ReferenceError('ErrDigestUnsupported', digest);
  }
  if (encoded.length !== length) throw new ReferenceError('ErrDigestInvalidLength', digest);
  if (!/^[a-f0-9]+$/.test(encoded)) throw new ReferenceError('ErrChecksumInvalidFormat', digest);
}

function splitName(name: string): { domain: string; path: string } {
  const match = anchoredNameRegexp.exec(name);
  return match ? { domain: match[1] ?? '', path: match[2] ?? '' } : { domain: '', path: name };
}

/** reference.Parse: the grammar, the path length limit and the digest check. */
export function parse(input: string): Reference {
  const match = referenceRegexp.exec(input);
  if (!match) {
    if (input === '') throw new ReferenceError('ErrNameEmpty');
    if (referenceRegexp.test(input.toLowerCase()))
      throw new ReferenceError('ErrNameContainsUppercase', input);
    throw new ReferenceError('ErrReferenceInvalidFormat', input);
  }
  const { domain, path } = splitName(match[1] ?? '');
  if (path.length > NAME_TOTAL_LENGTH_MAX) throw new ReferenceError('ErrNameTooLong', input);
  const digest = match[3] ?? '';
  if (digest) validateDigest(digest);
  const ref = { domain, path, tag: match[2] ?? '', digest };
  if (!isNamed(ref) && !digest) throw new ReferenceError('ErrNameEmpty');
  return ref;
}

/** reference.WithName: a name alone, without tag or digest. */
export function withName(name: string): Reference {
  const match = anchoredNameRegexp.exec(name);
  if (!match) throw new ReferenceError('ErrReferenceInvalidFormat', name);
  const path = match[2] ?? '';
  if (path.length > NAME_TOTAL_LENGTH_MAX) throw new ReferenceError('ErrNameTooLong', name);
  return { domain: match[1] ?? '', path, tag: '', digest: '' };
}

/** reference.WithTag: keeps a digest the reference already has. */
export function withTag(ref: Reference, tag: string): Reference {
  if (!anchoredTagRegexp.test(tag)) throw new ReferenceError('ErrTagInvalidFormat', tag);
  return { ...ref, tag };
}

/** reference.WithDigest: keeps a tag the reference already has. */
export function withDigest(ref: Reference, digest: string): Reference {
  if (!anchoredDigestRegexp.test(digest))
    throw new ReferenceError('ErrDigestInvalidFormat', digest);
  return { ...ref, digest };
}

/** reference.TrimNamed: the repository alone. */
export function trimNamed(ref: Reference): Reference {
  return { domain: ref.domain, path: ref.path, tag: '', digest: '' };
}
