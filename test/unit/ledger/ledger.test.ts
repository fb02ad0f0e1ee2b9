import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { Ledger, parseLedger } from '../../../src/ledger';
import type { PullEntry } from '../../../src/shared/ledger';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

function sampleEntry(overrides: Partial<PullEntry> = {}): PullEntry {
  return {
    id: 'e1',
    kind: 'pull',
    time: '2026-03-01T10:00:00.000Z',
    reference: '127.0.0.1:5000/team/flows:1',
    digest: `sha256:${'a'.repeat(64)}`,
    platform: 'linux/amd64',
    credentialSource: 'Berth (OS keychain)',
    durationMs: 1234,
    bytes: 5678,
    result: 'success',
    cause: null,
    message: null,
    ...overrides,
  };
}

function parsesAsJson(bytes: Buffer): boolean {
  try {
    JSON.parse(bytes.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

describe('the pull ledger', () => {
  it('appends one JSON line per entry and reads them back in order', async () => {
    const dir = tempDir('berth-ledger-');
    const ledger = new Ledger(join(dir, 'nested'));
    await ledger.append(sampleEntry({ id: 'one' }));
    await ledger.append(
      sampleEntry({ id: 'two', result: 'failed', digest: null, cause: 'pull.failed' }),
    );
    const text = readFileSync(ledger.path, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
    expect(ledger.path).toBe(join(dir, 'nested', 'ledger.jsonl'));
    expect(statSync(ledger.path).mode & 0o777).toBe(0o600);
    const { entries, skipped } = await ledger.read();
    expect(skipped).toBe(0);
    expect(entries.map((e) => e.id)).toEqual(['one', 'two']);
    expect(entries[1]).toMatchObject({ result: 'failed', cause: 'pull.failed' });
  });

  it('reads a missing file as an empty ledger', async () => {
    expect(await new Ledger(tempDir('berth-ledger-')).read()).toEqual({ entries: [], skipped: 0 });
  });

  it('skips and counts a truncated last line instead of failing', async () => {
    const ledger = new Ledger(tempDir('berth-ledger-'));
    await ledger.append(sampleEntry({ id: 'whole' }));
    const line = JSON.stringify(sampleEntry({ id: 'cut' }));
    appendFileSync(ledger.path, line.slice(0, 40));
    expect(await ledger.read()).toMatchObject({ entries: [{ id: 'whole' }], skipped: 1 });
  });

  it('starts the next append on a line of its own after a cut-off line, so no entry is lost', async () => {
    const ledger = new Ledger(tempDir('berth-ledger-'));
    await ledger.append(sampleEntry({ id: 'before' }));
    appendFileSync(ledger.path, JSON.stringify(sampleEntry({ id: 'cut' })).slice(0, 25));
    await ledger.append(sampleEntry({ id: 'after' }));
    const { entries, skipped } = await ledger.read();
    expect(entries.map((e) => e.id)).toEqual(['before', 'after']);
    expect(skipped).toBe(1);
  });

  it('skips lines that are not JSON or not entries, and blank lines silently', () => {
    const good = JSON.stringify(sampleEntry());
    const text = [
      good,
      'garbage',
      '',
      JSON.stringify({ ...sampleEntry(), result: 'maybe' }),
      '   ',
      '{"id":',
      good,
      '',
    ].join('\n');
    expect(parseLedger(text)).toMatchObject({ entries: [{}, {}], skipped: 3 });
  });

  it('reads the one entry of an id without parsing the others', async () => {
    const ledger = new Ledger(tempDir('berth-ledger-'));
    for (let i = 0; i < 50; i++) await ledger.append(sampleEntry({ id: `entry-${i}` }));
    // A cut line of another entry, and an entry that only mentions the id elsewhere.
    appendFileSync(ledger.path, '{"id":"entry-7","kind":"pu\n');
    await ledger.append(sampleEntry({ id: 'entry-99', reference: 'example.com/entry-31:1' }));
    const one = await ledger.read('entry-31');
    expect(one.entries.map((e) => e.id)).toEqual(['entry-31']);
    expect(one.skipped).toBe(0);
    expect((await ledger.read('entry-7')).skipped).toBe(1);
    expect((await ledger.read('no-such-entry')).entries).toEqual([]);
    const all = await ledger.read();
    expect(all.entries).toHaveLength(51);
    expect(all.skipped).toBe(1);
    // With prefix, the entries whose id starts with it, and not one that only mentions it.
    const started = await ledger.read('entry-3', { prefix: true });
    expect(started.entries.map((e) => e.id).sort()).toEqual(
      ['entry-3', ...Array.from({ length: 10 }, (_, i) => `entry-3${i}`)].sort(),
    );
    expect(started.skipped).toBe(0);
  });

  it('finds one id in the last lines of a long ledger without reading the rest, and in the rest when it is older', async () => {
    const dir = tempDir('berth-ledger-');
    const ledger = new Ledger(dir, { tailBytes: 4096 });
    // An older copy of the newest entry's line, far from the end, with another reference: a read
    // of the whole file would return it too; one of the end alone returns only the newest.
    await ledger.append(sampleEntry({ id: 'newest', reference: 'old/copy:1' }));
    for (let i = 0; i < 200; i++) await ledger.append(sampleEntry({ id: `e${i}` }));
    await ledger.append(sampleEntry({ id: 'newest' }));
    expect(statSync(ledger.path).size).toBeGreaterThan(10 * 4096);

    const recent = await ledger.read('newest');
    expect(recent.entries.map((e) => e.reference)).toEqual(['127.0.0.1:5000/team/flows:1']);
    // Older than the window: found by reading it all.
    expect((await ledger.read('e3')).entries.map((e) => e.id)).toEqual(['e3']);
    expect((await ledger.read('absent')).entries).toEqual([]);
    // A prefix may match lines anywhere: always the whole file.
    expect((await ledger.read('newest', { prefix: true })).entries).toHaveLength(2);
    // A window that starts inside a line drops that line, never half of it.
    const cut = new Ledger(dir, { tailBytes: statSync(ledger.path).size - 10 });
    expect((await cut.read('newest')).entries).toHaveLength(1);
    expect((await cut.read('newest')).skipped).toBe(0);
  });

  it('refuses to write an entry that breaks the schema', async () => {
    const ledger = new Ledger(tempDir('berth-ledger-'));
    await expect(ledger.append({ ...sampleEntry(), bytes: -1 })).rejects.toThrow();
    expect(await ledger.read()).toEqual({ entries: [], skipped: 0 });
  });

  it('keeps every entry when many appends run at once', async () => {
    const ledger = new Ledger(tempDir('berth-ledger-'));
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => ledger.append(sampleEntry({ id: `e${i}` }))),
    );
    const { entries, skipped } = await ledger.read();
    expect(skipped).toBe(0);
    expect(new Set(entries.map((e) => e.id)).size).toBe(100);
  });

  it('always parses after a writer is killed with SIGKILL at 50 random moments', async () => {
    const dir = tempDir('berth-ledger-crash-');
    const root = join(import.meta.dirname, '..', '..', '..');
    // The real module, bundled for a plain Node child that keeps appending.
    const child = join(dir, 'append-forever.mjs');
    await build({
      stdin: {
        contents: `
          import { Ledger } from './src/ledger/ledger.ts';
          const ledger = new Ledger(process.argv[2]);
          const run = process.argv[3];
          let n = 0;
          for (;;) {
            // "ready" after the first whole entry, so every kill finds a ledger file.
            if (n === 1) process.stdout.write('ready\\n');
            await ledger.append({
              id: run + '-' + n++, kind: 'pull', time: new Date().toISOString(),
              reference: 'docker.io/library/nginx:latest', digest: null, platform: 'linux/amd64',
              credentialSource: 'anonymous', durationMs: n, bytes: n, result: 'failed',
              cause: 'pull.failed', message: 'x'.repeat(Math.floor(Math.random() * 16 * 1024)),
            });
            // Paced like a busy app (appends do not wait for the disk), so 50 runs do not
            // grow the file to gigabytes.
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
        `,
        resolveDir: root,
        sourcefile: 'append-forever.ts',
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: child,
      logLevel: 'warning',
    });
    const data = join(dir, 'data');
    const ledger = new Ledger(data);
    let entriesBefore = 0;
    let torn = 0;
    for (let run = 0; run < 50; run++) {
      const writer = spawn(process.execPath, [child, data, String(run)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        writer.once('error', reject);
        writer.stdout.once('data', () => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 30));
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      writer.kill('SIGKILL');
      await exited;
      // A kill can tear the line being written too: Linux stops a write() to a file between
      // pages once a fatal signal is pending (generic_perform_write), and lines reach 16 KiB.
      const written = readFileSync(ledger.path);
      if (
        written.at(-1) !== 0x0a &&
        !parsesAsJson(written.subarray(written.lastIndexOf(0x0a) + 1))
      ) {
        torn += 1;
      }
      const afterKill = await ledger.read();
      expect(afterKill.entries.length).toBeGreaterThanOrEqual(entriesBefore);
      expect(afterKill.skipped).toBe(torn);
      entriesBefore = afterKill.entries.length;
      // Every other run, tear the last line at a random byte, as a power cut would, before
      // the next writer starts.
      const text = readFileSync(ledger.path);
      if (run % 2 === 1 && text.at(-1) === 0x0a) {
        const start = text.lastIndexOf(0x0a, text.length - 2) + 1;
        const cut = start + 1 + Math.floor(Math.random() * (text.length - start - 2));
        truncateSync(ledger.path, cut);
        torn += 1;
        const afterTear = await ledger.read();
        expect(afterTear).toMatchObject({ skipped: torn });
        expect(afterTear.entries).toHaveLength(entriesBefore - 1);
        entriesBefore -= 1;
      }
    }
    // No torn line swallowed the entry written after it: each line holds at most one start.
    const lines = readFileSync(ledger.path, 'utf8').split('\n');
    for (const line of lines) expect(line.split('{"id":').length - 1).toBeLessThanOrEqual(1);
    const final = await ledger.read();
    expect(final.skipped).toBe(torn);
    expect(torn).toBeGreaterThan(15);
    expect(final.entries.length).toBeGreaterThan(50);
    expect(final.entries.length + final.skipped).toBe(lines.filter((l) => l.trim()).length);
    await ledger.append(sampleEntry({ id: 'after-the-crashes' }));
    expect((await ledger.read()).entries.at(-1)?.id).toBe('after-the-crashes');
  }, 60_000);
});
