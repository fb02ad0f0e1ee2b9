/**
 * FamiliarMatch, on a port of Go's path.Match: `*` and `?` never cross "/", `[...]` classes
 * with ranges and negation, `\` escapes, and a malformed pattern is an error (never a
 * silent false). https://pkg.go.dev/path#Match
 */
import { ReferenceError } from './errors';
import { familiarName, familiarString } from './normalize';
import { isNamed, referenceString } from './reference';
import type { Reference } from './reference';

function badPattern(pattern: string): ReferenceError {
  return new ReferenceError('ErrBadPattern', pattern);
}

function scanChunk(pattern: string): { star: boolean; chunk: string; rest: string } {
  let star = false;
  let p = pattern;
  while (p.startsWith('*')) {
    p = p.slice(1);
    star = true;
  }
  let inRange = false;
  let i = 0;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 < p.length) i++;
    } else if (c === '[') inRange = true;
    else if (c === ']') inRange = false;
    else if (c === '*' && !inRange) break;
  }
  return { star, chunk: p.slice(0, i), rest: p.slice(i) };
}

function getEsc(chunk: string, pattern: string): { r: string; rest: string } {
  if (chunk === '' || chunk[0] === '-' || chunk[0] === ']') throw badPattern(pattern);
  let c = chunk;
  if (c[0] === '\\') {
    c = c.slice(1);
    if (c === '') throw badPattern(pattern);
  }
  const r = c[0] ?? '';
  const rest = c.slice(1);
  if (rest === '') throw badPattern(pattern);
  return { r, rest };
}

/** Matches one chunk at the start of s; returns the rest of s, or null. Checks syntax fully. */
function matchChunk(chunkIn: string, sIn: string, pattern: string): string | null {
  let chunk = chunkIn;
  let s = sIn;
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const c = chunk[0];
    if (c === '[') {
      const r = failed ? '' : (s[0] ?? '');
      if (!failed) s = s.slice(1);
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk[0] === '^') {
        negated = true;
        chunk = chunk.slice(1);
      }
      let matched = false;
      let ranges = 0;
      for (;;) {
        if (chunk[0] === ']' && ranges > 0) {
          chunk = chunk.slice(1);
          break;
        }
        const lo = getEsc(chunk, pattern);
        let hi = lo.r;
        chunk = lo.rest;
        if (chunk[0] === '-') {
          const h = getEsc(chunk.slice(1), pattern);
          hi = h.r;
          chunk = h.rest;
        }
        if (lo.r <= r && r <= hi) matched = true;
        ranges++;
      }
      if (matched === negated) failed = true;
    } else if (c === '?') {
      if (!failed) {
        if (s[0] === '/') failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    } else {
      if (c === '\\') {
        chunk = chunk.slice(1);
        if (chunk === '') throw badPattern(pattern);
      }
      if (!failed) {
        if (chunk[0] !== s[0]) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? null : s;
}

export function pathMatch(patternIn: string, nameIn: string): boolean {
  let pattern = patternIn;
  let name = nameIn;
  outer: while (pattern.length > 0) {
    const scanned = scanChunk(pattern);
    const { star, chunk } = scanned;
    pattern = scanned.rest;
    if (star && chunk === '') return !name.includes('/');
    const t = matchChunk(chunk, name, patternIn);
    if (t !== null && (t.length === 0 || pattern.length > 0)) {
      name = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < name.length && name[i] !== '/'; i++) {
        const rest = matchChunk(chunk, name.slice(i + 1), patternIn);
        if (rest !== null) {
          if (pattern.length === 0 && rest.length > 0) continue;
          name = rest;
          continue outer;
        }
      }
    }
    // No match: still report a malformed remainder of the pattern, as Go does.
    while (pattern.length > 0) {
      const next = scanChunk(pattern);
      pattern = next.rest;
      matchChunk(next.chunk, '', patternIn);
    }
    return false;
  }
  return name.length === 0;
}

/** reference.Match: the pattern against the full String(). */
export function match(pattern: string, ref: Reference): boolean {
  return pathMatch(pattern, referenceString(ref));
}

/** FamiliarMatch: against the familiar string, then the familiar name. */
export function familiarMatch(pattern: string, ref: Reference): boolean {
  if (pathMatch(pattern, familiarString(ref))) return true;
  return isNamed(ref) ? pathMatch(pattern, familiarName(ref)) : false;
}
