import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CappedLogFile } from '../../../src/runs/log-file';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

describe('a capped run log', () => {
  it('keeps everything under the cap, byte for byte, colours included', async () => {
    const path = join(tempDir('berth-log-'), 'run.log');
    const log = await CappedLogFile.create(path, 1024);
    log.write(Buffer.from('\x1b[32mok\x1b[0m\n'));
    log.write(Buffer.from('second\n'));
    await log.close();
    expect(readFileSync(path, 'utf8')).toBe('\x1b[32mok\x1b[0m\nsecond\n');
  });

  it('stops at the cap and says how much it dropped, for 100k lines', async () => {
    const path = join(tempDir('berth-log-'), 'run.log');
    const log = await CappedLogFile.create(path, 64 * 1024);
    let total = 0;
    for (let i = 0; i < 100_000; i++) {
      const line = Buffer.from(`line ${i}\n`);
      total += line.length;
      log.write(line);
    }
    await log.close();
    const text = readFileSync(path, 'utf8');
    expect(log.bytesWritten).toBe(64 * 1024);
    expect(log.bytesDropped).toBe(total - 64 * 1024);
    expect(text.startsWith('line 0\nline 1\n')).toBe(true);
    expect(text).toContain(`${total - 64 * 1024} more bytes were not kept`);
    expect(Buffer.byteLength(text)).toBeLessThan(64 * 1024 + 200);
  });
});
