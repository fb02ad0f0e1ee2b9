import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../src/ledger';
import { findRun, readLogTail, rerunRequest, runEntries } from '../../../src/runs/run-history';
import type { RunEntry } from '../../../src/shared/ledger';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

function entry(id: string, overrides: Partial<RunEntry> = {}): RunEntry {
  return {
    id,
    kind: 'run',
    time: '2026-11-30T05:00:00.000Z',
    flowId: 'berth:berth.yaml:count',
    flowName: 'count',
    projectDir: '/home/me/proj',
    parameters: { n: 3, label: 'x' },
    reference: 'docker.io/library/python:3.12',
    digest: `sha256:${'c'.repeat(64)}`,
    engine: 'unix:///var/run/docker.sock',
    pullPolicy: 'IF_NOT_PRESENT',
    durationMs: 1200,
    exitCode: 0,
    result: 'success',
    cause: null,
    message: null,
    logFile: null,
    ...overrides,
  };
}

async function ledgerWith(entries: RunEntry[]): Promise<Ledger> {
  const ledger = new Ledger(tempDir('berth-history-'));
  for (const e of entries) await ledger.append(e);
  return ledger;
}

describe('past runs', () => {
  it('are listed newest first, optionally for one flow', async () => {
    const ledger = await ledgerWith([
      entry('aaaa1111'),
      entry('bbbb2222', { flowId: 'other' }),
      entry('cccc3333'),
    ]);
    expect((await runEntries(ledger)).entries.map((e) => e.id)).toEqual([
      'cccc3333',
      'bbbb2222',
      'aaaa1111',
    ]);
    expect((await runEntries(ledger, 'other')).entries.map((e) => e.id)).toEqual(['bbbb2222']);
  });

  it('are found by id or by a unique start of it, and an ambiguous start says so', async () => {
    const ledger = await ledgerWith([entry('abcd1111'), entry('abcd2222'), entry('ffff0000')]);
    expect((await findRun(ledger, 'abcd2222')).id).toBe('abcd2222');
    expect((await findRun(ledger, 'ffff')).id).toBe('ffff0000');
    await expect(findRun(ledger, 'abcd')).rejects.toMatchObject({ code: 'run.ambiguous_id' });
    await expect(findRun(ledger, 'ab')).rejects.toMatchObject({ code: 'run.not_found' });
    await expect(findRun(ledger, '9999')).rejects.toMatchObject({ code: 'run.not_found' });
  });

  it('run again with the same inputs, on the context they named, or the current engine', () => {
    expect(rerunRequest(entry('a', { engine: 'remote-tls' }))).toEqual({
      dir: '/home/me/proj',
      flowId: 'berth:berth.yaml:count',
      parameters: { n: 3, label: 'x' },
      image: 'docker.io/library/python:3.12',
      pullPolicy: 'IF_NOT_PRESENT',
      engine: 'remote-tls',
    });
    expect(rerunRequest(entry('b'))).not.toHaveProperty('engine');
    // Re-run exactly: the image ID that ran, beside the reference the user knows.
    const id = `sha256:${'a'.repeat(64)}`;
    expect(rerunRequest(entry('c', { imageId: id }))).toMatchObject({
      image: 'docker.io/library/python:3.12',
      imageId: id,
    });
  });

  it('show the end of a long log from its first whole line', async () => {
    const path = join(tempDir('berth-tail-'), 'run.log');
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}\r\n`).join('');
    writeFileSync(path, lines);
    const tail = await readLogTail(path, 100);
    expect(tail.truncated).toBe(true);
    expect(tail.bytes).toBe(Buffer.byteLength(lines));
    expect(tail.text.startsWith('line ')).toBe(true);
    expect(tail.text.endsWith('line 1000\r\n')).toBe(true);
    expect((await readLogTail(path)).text).toBe(lines);
    await expect(readLogTail(join(path, '..', 'gone.log'))).rejects.toMatchObject({
      code: 'run.log_missing',
    });
  });
});
