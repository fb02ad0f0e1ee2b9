/**
 * .dockerignore as the docker CLI reads and applies it, so the context Berth sends and hashes
 * is the one `docker build` would send. Modelled on moby/patternmatcher (patternmatcher.go at
 * commit 1d6a3f42: New, Pattern.compile, MatchesOrParentMatches) and on the reader in
 * moby/patternmatcher/ignorefile (ReadAll: `#` comments, trimmed lines, `!` exceptions, paths
 * cleaned and their leading "/" dropped). The last pattern that matches a path (or one of its
 * parent folders) decides; a `!` pattern brings a path back.
 */
import { posix } from 'node:path';
import { BerthError } from '../shared/errors';

interface Pattern {
  exclusion: boolean;
  cleaned: string;
  test(path: string): boolean;
}

export interface IgnoreRules {
  patterns: readonly Pattern[];
  /** Some pattern re-includes (`!`): an excluded folder must still be walked. */
  hasExclusions: boolean;
}

/** posix.normalize without a trailing slash, "." for nothing: Go's filepath.Clean. */
function clean(path: string): string {
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

const REGEX_SPECIAL = new Set([...'.+()|{}$^']);

/** Pattern.compile: exact, prefix (`a/**`), suffix (`**\/a`) or a regular expression. */
function compile(cleaned: string): (path: string) => boolean {
  let regex = '^';
  let kind: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  const chars = [...cleaned];
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i] ?? '';
    const first = i === 0;
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i += 1;
        if (chars[i + 1] === '/') i += 1; // "**/" is "**"
        if (i + 1 >= chars.length) {
          if (kind === 'exact') kind = 'prefix';
          else {
            regex += '.*';
            kind = 'regexp';
          }
        } else {
          regex += '(.*/)?';
          kind = 'regexp';
        }
        if (first) kind = 'suffix';
      } else {
        regex += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      regex += '[^/]';
      kind = 'regexp';
    } else if (REGEX_SPECIAL.has(ch)) {
      regex += `\\${ch}`;
    } else if (ch === '\\') {
      const next = chars[i + 1];
      if (next !== undefined) {
        regex += `\\${next}`;
        i += 1;
        kind = 'regexp';
      } else regex += '\\\\';
    } else if (ch === '[' || ch === ']') {
      regex += ch;
      kind = 'regexp';
    } else {
      regex += ch;
    }
  }
  if (kind === 'exact') return (path) => path === cleaned;
  if (kind === 'prefix') {
    const prefix = cleaned.slice(0, -2);
    return (path) => path.startsWith(prefix);
  }
  if (kind === 'suffix') {
    const suffix = cleaned.slice(2);
    return (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`${regex}$`, 'u');
  } catch {
    throw new BerthError(
      'build.bad_dockerignore',
      `.dockerignore has a pattern docker cannot read: ${cleaned}`,
      'Fix the pattern (an unclosed [ is the usual cause); docker build would refuse it too.',
    );
  }
  return (path) => compiled.test(path);
}

/** The rules of a .dockerignore's text; files the build needs are always kept (as the CLI does). */
export function parseDockerignore(text: string, keep: readonly string[] = []): IgnoreRules {
  const patterns: Pattern[] = [];
  const lines = [...text.split(/\r?\n/), ...keep.map((file) => `!${file}`)];
  for (const raw of lines) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let exclusion = false;
    if (line.startsWith('!')) {
      exclusion = true;
      line = line.slice(1).trim();
      if (line === '') continue;
    }
    let cleaned = clean(line);
    if (cleaned.length > 1 && cleaned.startsWith('/')) cleaned = cleaned.slice(1);
    patterns.push({ exclusion, cleaned, test: compile(cleaned) });
  }
  return { patterns, hasExclusions: patterns.some((p) => p.exclusion) };
}

/** MatchesOrParentMatches: is this slash-separated path (relative to the context) left out? */
export function isIgnored(rules: IgnoreRules, path: string): boolean {
  const file = clean(path);
  if (file === '.') return false;
  const parents = posix.dirname(file) === '.' ? [] : posix.dirname(file).split('/');
  let matched = false;
  for (const pattern of rules.patterns) {
    if (pattern.exclusion !== matched) continue;
    let match = pattern.test(file);
    for (let i = 0; !match && i < parents.length; i += 1) {
      match = pattern.test(parents.slice(0, i + 1).join('/'));
    }
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}
