/**
 * Node 20's compile cache for the CLI (src/cli/compile-cache.ts), in real Node processes: a
 * second run finds the first run's cache, a rebuilt file never meets its old code (even at the
 * same length, which is all V8 checks), and a cache that cannot be written changes nothing.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'berth-compile-cache-'));
const loader = join(work, 'compile-cache.cjs');
const root = join(work, 'app');
const outside = join(work, 'app-old', 'outside.cjs'); // shares root's prefix, not its folder

/** Runs `node` with the cache kept for `root`, requiring `files` in turn; prints their values. */
function run(env: Record<string, string>, files = [join(root, 'a.cjs')]) {
  const script = `require(${JSON.stringify(loader)}).keepCompiledCode(${JSON.stringify(root)}, 'pull');
    process.stdout.write(${JSON.stringify(files)}.map((f) => String(require(f))).join(','));`;
  const result = spawnSync(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH ?? '', HOME: work, ...env },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

const cacheFiles = (cacheHome: string) => {
  const base = join(
    cacheHome,
    'berth',
    'compile-cache',
    `${process.version}-${process.arch}`,
    'pull',
  );
  return existsSync(base) ? readdirSync(base) : [];
};

beforeAll(async () => {
  await build({
    entryPoints: ['src/cli/compile-cache.ts'],
    outfile: loader,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
  });
  writeFileSync(join(work, 'placeholder'), '');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the CLI compile cache on Node 20', () => {
  it("keeps the first run's compiled code and serves the second run from it", () => {
    const cacheHome = join(work, 'c1');
    mkdirSync(root, { recursive: true });
    mkdirSync(dirname(outside), { recursive: true });
    writeFileSync(join(root, 'a.cjs'), 'module.exports = [1, 2, 3].map((n) => n * 2).join("-");\n');
    writeFileSync(outside, 'module.exports = "outside";\n');
    expect(run({ XDG_CACHE_HOME: cacheHome }, [join(root, 'a.cjs'), outside])).toBe(
      '2-4-6,outside',
    );
    // One file: the one under root; nothing for a file outside it.
    expect(cacheFiles(cacheHome)).toHaveLength(1);
    expect(cacheFiles(cacheHome)[0]).toMatch(/^a\.cjs-/);
    expect(run({ XDG_CACHE_HOME: cacheHome })).toBe('2-4-6');
    expect(cacheFiles(cacheHome)).toHaveLength(1);
  });

  it('never runs old code for a rebuilt file of the same length', () => {
    const cacheHome = join(work, 'c2');
    const file = join(root, 'a.cjs');
    writeFileSync(file, 'module.exports = "old";\n');
    utimesSync(file, new Date(1_700_000_000_000), new Date(1_700_000_000_000));
    expect(run({ XDG_CACHE_HOME: cacheHome })).toBe('old');
    writeFileSync(file, 'module.exports = "new";\n');
    utimesSync(file, new Date(1_700_000_100_000), new Date(1_700_000_100_000));
    expect(run({ XDG_CACHE_HOME: cacheHome })).toBe('new');
  });

  it('a run that writes clears the old builds of what it loaded and what went unused for a month', () => {
    const cacheHome = join(work, 'c4');
    const file = join(root, 'a.cjs');
    const other = join(root, 'b.cjs');
    writeFileSync(other, 'module.exports = "b";\n');
    writeFileSync(file, 'module.exports = "v1";\n');
    utimesSync(file, new Date(1_700_000_000_000), new Date(1_700_000_000_000));
    expect(run({ XDG_CACHE_HOME: cacheHome }, [file, other])).toBe('v1,b');
    const [first] = cacheFiles(cacheHome).filter((n) => n.startsWith('a.cjs-'));
    expect(cacheFiles(cacheHome)).toHaveLength(2);
    // An update: a.cjs rebuilt. Its old cache can never be read again and goes; b.cjs's,
    // not loaded this time but recent, stays.
    writeFileSync(file, 'module.exports = "v2";\n');
    utimesSync(file, new Date(1_700_000_100_000), new Date(1_700_000_100_000));
    expect(run({ XDG_CACHE_HOME: cacheHome })).toBe('v2');
    const after = cacheFiles(cacheHome);
    expect(after).not.toContain(first);
    expect(after.filter((n) => n.startsWith('a.cjs-'))).toHaveLength(1);
    expect(after.filter((n) => n.startsWith('b.cjs-'))).toHaveLength(1);
    // Unused for a month (an earlier version's chunk): gone at the next run that writes.
    const folder = join(
      cacheHome,
      'berth',
      'compile-cache',
      `${process.version}-${process.arch}`,
      'pull',
    );
    const old = after.find((n) => n.startsWith('b.cjs-')) ?? '';
    const monthAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    utimesSync(join(folder, old), monthAgo, monthAgo);
    writeFileSync(file, 'module.exports = "v3";\n');
    utimesSync(file, new Date(1_700_000_200_000), new Date(1_700_000_200_000));
    expect(run({ XDG_CACHE_HOME: cacheHome })).toBe('v3');
    expect(cacheFiles(cacheHome).filter((n) => n.startsWith('b.cjs-'))).toHaveLength(0);
    // A run that only reads removes nothing.
    expect(run({ XDG_CACHE_HOME: cacheHome }, [file, other])).toBe('v3,b');
    const steady = cacheFiles(cacheHome);
    expect(run({ XDG_CACHE_HOME: cacheHome })).toBe('v3');
    expect(cacheFiles(cacheHome)).toEqual(steady);
  });

  it('changes nothing when the cache cannot be written, or is turned off', () => {
    writeFileSync(join(root, 'a.cjs'), 'module.exports = "runs";\n');
    // XDG_CACHE_HOME is a file: no folder can be made under it.
    expect(run({ XDG_CACHE_HOME: join(work, 'placeholder') })).toBe('runs');
    const off = join(work, 'c3');
    expect(run({ XDG_CACHE_HOME: off, NODE_DISABLE_COMPILE_CACHE: '1' })).toBe('runs');
    expect(existsSync(off)).toBe(false);
  });
});
