/**
 * Every case of distribution/reference's own test tables (shared/conformance), run against
 * Berth's parser. A missing vectors file fails the suite; no case is skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ReferenceError,
  anchoredDomainRegexp,
  anchoredIdentifierRegexp,
  anchoredNameRegexp,
  familiarMatch,
  familiarName,
  familiarString,
  nameOf,
  parse,
  parseAnyReference,
  parseDockerRef,
  parseNamed,
  parseNormalizedNamed,
  referenceRegexp,
  referenceString,
  withDigest,
  withName,
  withTag,
} from '../../../src/shared/reference';
import type { Reference, ReferenceErrorName } from '../../../src/shared/reference';

const VECTORS = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'conformance',
  'distribution-reference-vectors.json',
);

interface Case {
  table: string;
  func: string;
  input?: string;
  err: string | null;
  [field: string]: unknown;
}
interface Vectors {
  parse: Case[];
  normalize: Case[];
  compose: Case[];
  match: Case[];
  regexp: Case[];
  counts: Record<string, unknown>;
}

it('finds the conformance vectors beside the repository (../shared)', () => {
  expect(existsSync(VECTORS), VECTORS).toBe(true);
});
const vectors = JSON.parse(readFileSync(VECTORS, 'utf8')) as Vectors;

/** Go sentinel names in the file → Berth's sentinels. */
const SENTINELS: Record<string, ReferenceErrorName> = {
  ErrReferenceInvalidFormat: 'ErrReferenceInvalidFormat',
  ErrTagInvalidFormat: 'ErrTagInvalidFormat',
  ErrDigestInvalidFormat: 'ErrDigestInvalidFormat',
  ErrNameContainsUppercase: 'ErrNameContainsUppercase',
  ErrNameEmpty: 'ErrNameEmpty',
  ErrNameTooLong: 'ErrNameTooLong',
  ErrNameNotCanonical: 'ErrNameNotCanonical',
  'digest.ErrDigestInvalidFormat': 'ErrChecksumInvalidFormat',
  'digest.ErrDigestInvalidLength': 'ErrDigestInvalidLength',
  'digest.ErrDigestUnsupported': 'ErrDigestUnsupported',
};

function outcome(run: () => unknown): { value?: unknown; error?: unknown } {
  try {
    return { value: run() };
  } catch (error) {
    return { error };
  }
}

/** err null: must succeed; "ANY": must fail; a sentinel: must fail with exactly it. */
function expectErr(c: Case, result: { error?: unknown }): boolean {
  if (c.err === null) {
    expect(result.error, String(result.error)).toBeUndefined();
    return true;
  }
  expect(result.error).toBeInstanceOf(ReferenceError);
  if (c.err !== 'ANY') {
    const sentinel = SENTINELS[c.err];
    expect(sentinel, `unknown sentinel ${c.err}`).toBeDefined();
    expect((result.error as ReferenceError).sentinel).toBe(sentinel);
  }
  return false;
}

/** Fields that are null in the file are not asserted by the source test. */
function expectFields(c: Case, ref: Reference): void {
  if (typeof c.repository === 'string') expect(nameOf(ref)).toBe(c.repository);
  if (typeof c.domain === 'string') expect(ref.domain).toBe(c.domain);
  if (typeof c.path === 'string') expect(ref.path).toBe(c.path);
  if (typeof c.tag === 'string') expect(ref.tag).toBe(c.tag);
  if (typeof c.digest === 'string') expect(ref.digest).toBe(c.digest);
  if (typeof c.string === 'string') expect(referenceString(ref)).toBe(c.string);
}

const label = (c: Case, what: unknown) =>
  `${c.table}: ${c.func} ${JSON.stringify(what).slice(0, 90)} → ${c.err ?? 'ok'}`;

describe('parse table (reference_test.go)', () => {
  const run: Record<string, (input: string) => Reference> = {
    Parse: parse,
    WithName: withName,
    'WithName + Domain/Path': withName,
    ParseNamed: parseNamed,
    'Field.UnmarshalText (calls Parse) + AsField/MarshalText round-trip': (input) =>
      parse(referenceString(parse(input))),
  };
  it.each(vectors.parse.map((c) => [label(c, c.input), c] as const))('%s', (_, c) => {
    const fn = run[c.func];
    expect(fn, c.func).toBeDefined();
    const result = outcome(() => fn?.(c.input ?? ''));
    if (expectErr(c, result)) expectFields(c, result.value as Reference);
  });
});

describe('normalize table (normalize_test.go)', () => {
  const run: Record<string, (input: string) => Reference> = {
    ParseNormalizedNamed: parseNormalizedNamed,
    ParseAnyReference: parseAnyReference,
    ParseDockerRef: parseDockerRef,
  };
  it.each(vectors.normalize.map((c) => [label(c, c.input), c] as const))('%s', (_, c) => {
    const fn = run[c.func];
    expect(fn, c.func).toBeDefined();
    const result = outcome(() => fn?.(c.input ?? ''));
    if (!expectErr(c, result)) return;
    const ref = result.value as Reference;
    if (typeof c.normalized === 'string') expect(referenceString(ref)).toBe(c.normalized);
    if (typeof c.domain === 'string') expect(ref.domain).toBe(c.domain);
    if (typeof c.path === 'string') expect(ref.path).toBe(c.path);
    if (typeof c.familiar === 'string') {
      expect(c.familiar_fn === 'FamiliarString' ? familiarString(ref) : familiarName(ref)).toBe(
        c.familiar,
      );
    }
    if (typeof c.is_tagged === 'boolean') expect(ref.tag !== '').toBe(c.is_tagged);
    if (typeof c.is_canonical === 'boolean') expect(ref.digest !== '').toBe(c.is_canonical);
    if (c.result_kind === 'digestReference') expect(ref.path).toBe('');
    if (c.result_kind === 'same as Parse(normalized)')
      expect(ref).toEqual(parse(String(c.normalized)));
  });
});

describe('compose table (WithTag / WithDigest)', () => {
  it.each(vectors.compose.map((c) => [label(c, [c.name, c.tag, c.digest]), c] as const))(
    '%s',
    (_, c) => {
      const name = String(c.name);
      const tag = typeof c.tag === 'string' ? c.tag : '';
      const digest = typeof c.digest === 'string' ? c.digest : '';
      const result = outcome(() => {
        if (c.func.startsWith('ParseNormalizedNamed')) {
          const base = parseNormalizedNamed(name);
          return c.func.endsWith('WithTag') ? withTag(base, tag) : withDigest(base, digest);
        }
        let ref = withName(name);
        if (c.func.endsWith('+ WithTag')) {
          if (digest) ref = withDigest(ref, digest);
          return withTag(ref, tag);
        }
        if (tag) ref = withTag(ref, tag);
        return withDigest(ref, digest);
      });
      if (expectErr(c, result) && typeof c.combined === 'string') {
        expect(referenceString(result.value as Reference)).toBe(c.combined);
      }
    },
  );
});

describe('match table (FamiliarMatch)', () => {
  it.each(vectors.match.map((c) => [label(c, [c.pattern, c.reference]), c] as const))(
    '%s',
    (_, c) => {
      const result = outcome(() =>
        familiarMatch(String(c.pattern), parseAnyReference(String(c.reference))),
      );
      if (expectErr(c, result)) expect(result.value).toBe(c.expected);
    },
  );
});

describe('regexp table (regexp_test.go)', () => {
  const regexps: Record<string, RegExp> = {
    "^domainAndPort$ (domain [':' port])": anchoredDomainRegexp,
    'anchoredNameRegexp (subs = [domain, remote-name])': anchoredNameRegexp,
    'referenceRegexp (subs = [name, tag, digest])': referenceRegexp,
    'anchoredIdentifierRegexp (^[a-f0-9]{64}$)': anchoredIdentifierRegexp,
  };
  it.each(
    vectors.regexp.map(
      (c) =>
        [
          `${String(c.regexp).slice(0, 30)} ${JSON.stringify(c.input).slice(0, 80)} → ${String(c.match)}`,
          c,
        ] as const,
    ),
  )('%s', (_, c) => {
    const regexp = regexps[String(c.regexp)];
    expect(regexp, String(c.regexp)).toBeDefined();
    const m = regexp?.exec(String(c.input)) ?? null;
    expect(m !== null).toBe(c.match);
    if (m && Array.isArray(c.subs)) expect(m.slice(1).map((s) => s ?? '')).toEqual(c.subs);
  });
});

it('runs as many cases as the file counts', () => {
  for (const table of ['parse', 'normalize', 'compose', 'match', 'regexp'] as const) {
    expect(vectors[table].length).toBe(vectors.counts[table]);
  }
});
