import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CappedLogFile } from '../../../src/runs/log-file';
import { followOutput } from '../../../src/runs/output-stream';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

async function logFile(): Promise<CappedLogFile> {
  return CappedLogFile.create(join(tempDir('berth-output-'), 'run.log'));
}

describe('a run’s output on its way to the caller', () => {
  it('coalesces 10,000 small writes into a few chunks, in order, and logs every byte', async () => {
    const stream = new PassThrough();
    const log = await logFile();
    const chunks: string[] = [];
    const done = followOutput(stream, { log, onOutput: (c) => void chunks.push(c) });
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i + 1}\r\n`);
    for (const line of lines) stream.write(line);
    stream.end();
    await done;
    await log.close();
    expect(chunks.join('')).toBe(lines.join(''));
    expect(chunks.length).toBeLessThan(50);
    expect(readFileSync(log.path, 'utf8')).toBe(lines.join(''));
  });

  it('splits a read bigger than a chunk without cutting a UTF-8 character in two', async () => {
    const stream = new PassThrough();
    const log = await logFile();
    const chunks: string[] = [];
    const done = followOutput(stream, {
      log,
      onOutput: (c) => void chunks.push(c),
      maxChunkBytes: 1000,
    });
    const text = 'é✓'.repeat(20_000); // 2- and 3-byte characters: 1000 falls inside some
    stream.end(Buffer.from(text));
    await done;
    await log.close();
    expect(chunks.join('')).toBe(text);
    expect(chunks.every((c) => Buffer.byteLength(c) <= 1000)).toBe(true);
    expect(chunks.some((c) => c.includes('\uFFFD'))).toBe(false);
  });

  it('holds the engine’s stream while the caller has not taken the last chunk', async () => {
    const stream = new PassThrough();
    const log = await logFile();
    let release = () => {};
    const received: string[] = [];
    const done = followOutput(stream, {
      log,
      maxChunkBytes: 10,
      onOutput: (c) => {
        received.push(c);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    stream.write('0123456789');
    expect(stream.isPaused()).toBe(true);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.isPaused()).toBe(false);
    stream.end('abcdefghij');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await done;
    await log.close();
    expect(received.join('')).toBe('0123456789abcdefghij');
  });

  it('hands on the first chunk at once, and coalesces the ones right behind it', async () => {
    const stream = new PassThrough();
    const log = await logFile();
    const chunks: string[] = [];
    const done = followOutput(stream, {
      log,
      intervalMs: 60_000,
      onOutput: (c) => void chunks.push(c),
    });
    stream.write('hello from the flow\r\n');
    await new Promise((resolve) => setImmediate(resolve));
    // Not after the interval: the first line of a run is shown as soon as it comes.
    expect(chunks).toEqual(['hello from the flow\r\n']);
    stream.write('second\r\n');
    stream.write('third\r\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toHaveLength(1);
    stream.end();
    await done;
    await log.close();
    expect(chunks).toEqual(['hello from the flow\r\n', 'second\r\nthird\r\n']);
  });
});
