/** Pure filtering and ordering of tag names: substring or regex filter; lexical, semver, newest. */
import type { TagDetails } from '../../../src/shared/contract';

export type TagSort = 'lexical' | 'semver' | 'newest';

interface SemVer {
  parts: [number, number, number];
  pre: string[];
}

const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** `1`, `1.2`, `v1.2.3`, `1.2.3-rc.1`: missing minor/patch count as 0. */
export function parseSemver(tag: string): SemVer | null {
  const m = SEMVER.exec(tag);
  if (!m) return null;
  return {
    parts: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)],
    pre: m[4] ? m[4].split('.') : [],
  };
}

function comparePre(a: string[], b: string[]): number {
  // A release ranks above its prereleases (semver §11).
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (!Number.isNaN(nx)) return -1;
    else if (!Number.isNaN(ny)) return 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Ascending semver; tags that are not versions come after all versions, in lexical order. */
export function compareSemver(a: string, b: string): number {
  return compareParsed(a, parseSemver(a), b, parseSemver(b));
}

function lexical(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareParsed(a: string, x: SemVer | null, b: string, y: SemVer | null): number {
  if (!x || !y) return x ? -1 : y ? 1 : lexical(a, b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  return comparePre(x.pre, y.pre) || lexical(a, b);
}

export type FilterResult =
  { ok: true; match: (tag: string) => boolean } | { ok: false; error: string };

export function tagFilter(text: string, regex: boolean): FilterResult {
  if (!text) return { ok: true, match: () => true };
  if (!regex) {
    const needle = text.toLowerCase();
    return { ok: true, match: (tag) => tag.toLowerCase().includes(needle) };
  }
  try {
    const re = new RegExp(text, 'i');
    return { ok: true, match: (tag) => re.test(tag) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'Invalid regex' };
  }
}

export function orderTags(
  tags: readonly string[],
  sort: TagSort,
  details: ReadonlyMap<string, TagDetails>,
): string[] {
  if (sort === 'lexical') return [...tags].sort();
  // Each tag's key is computed once, not in every comparison: 10,000 tags take about 140,000
  // comparisons, and parsing a version or a date in each one cost a keystroke ~30 ms.
  if (sort === 'semver') {
    const keyed = tags.map((tag) => ({ tag, version: parseSemver(tag) }));
    keyed.sort((p, q) => compareParsed(q.tag, q.version, p.tag, p.version));
    return keyed.map((k) => k.tag);
  }
  // Newest first by created; tags whose date is unknown (yet) keep lexical order at the end.
  const keyed = tags.map((tag) => {
    const created = details.get(tag)?.created;
    return { tag, time: created ? Date.parse(created) : Number.NEGATIVE_INFINITY };
  });
  keyed.sort((p, q) => q.time - p.time || lexical(p.tag, q.tag));
  return keyed.map((k) => k.tag);
}
