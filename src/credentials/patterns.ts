/**
 * Match patterns pick which images a credential serves, e.g. `myregistry.azurecr.io/team-a/*`
 * or `*.dkr.ecr.*.amazonaws.com/*`. Globs are picomatch's, matched against the image's
 * normalised name (`docker.io/library/nginx`): `*` stays within one path segment, except that a
 * trailing `/*` covers everything below, because that is what people mean by `registry/*`.
 * The most specific pattern wins: the one with the most literal characters.
 */
import picomatch from 'picomatch';
import { BerthError } from '../shared/errors';

export interface CompiledPattern {
  pattern: string;
  /** Literal characters: more is more specific. */
  specificity: number;
  matches(image: string): boolean;
}

const GLOB_CHARS = /[*?[\]{}()!+@]/g;

export function validatePattern(pattern: string): string | null {
  const trimmed = pattern.trim();
  if (!trimmed) return 'A pattern cannot be empty.';
  if (/\s/.test(trimmed)) return `"${trimmed}" contains a space.`;
  if (/^[a-z]+:\/\//i.test(trimmed))
    return `"${trimmed}" has a scheme: write the host without https://.`;
  const slash = trimmed.indexOf('/');
  const host = slash < 0 ? trimmed : trimmed.slice(0, slash);
  if (!host || host === '**')
    return `"${trimmed}" must start with a registry host, e.g. ghcr.io/org/*.`;
  const path = slash < 0 ? '' : trimmed.slice(slash + 1);
  if (/[@:]/.test(path))
    return `"${trimmed}" names a tag or digest: patterns match repositories only.`;
  try {
    picomatch.makeRe(trimmed);
  } catch (error) {
    return `"${trimmed}" is not a valid pattern: ${(error as Error).message}`;
  }
  return null;
}

export function compilePattern(pattern: string): CompiledPattern {
  const problem = validatePattern(pattern);
  if (problem) {
    throw new BerthError(
      'credentials.invalid_pattern',
      problem,
      'Example: myregistry.azurecr.io/team-a/*',
    );
  }
  const trimmed = pattern.trim().toLowerCase();
  const glob = trimmed.includes('/')
    ? trimmed.endsWith('/*')
      ? `${trimmed.slice(0, -2)}/**`
      : trimmed
    : `${trimmed}/**`;
  const isMatch = picomatch(glob, { dot: true });
  return {
    pattern: pattern.trim(),
    specificity: trimmed.replace(GLOB_CHARS, '').length,
    matches: (image) => isMatch(image.toLowerCase()),
  };
}

/** A credential without patterns serves every image on its registry. */
export function defaultPattern(registry: string): string {
  return `${registry}/*`;
}
