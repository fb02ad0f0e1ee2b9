import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarOf } from '../../../src/engine/containers';
import { LAUNCHER_PATH } from '../../../src/runs/run-spec';
import { LAUNCHER_PY } from '../../../src/flows/launcher';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

/** Extracts with the system's tar, as the engine's archive endpoint would read it. */
function extract(tar: Buffer): string {
  const dir = tempDir('berth-tar-');
  writeFileSync(join(dir, 'files.tar'), tar);
  execFileSync('tar', ['-xf', join(dir, 'files.tar'), '-C', dir, '--no-same-owner']);
  return dir;
}

describe('the files put into a run’s container', () => {
  it('are a tar that GNU tar reads back byte for byte, with their mode and parent folders', async () => {
    const dir = extract(
      await tarOf([
        { path: LAUNCHER_PATH, content: LAUNCHER_PY },
        { path: '/opt/berth/run.sh', content: '#!/bin/sh\necho ✓\n', mode: 0o755 },
      ]),
    );
    expect(readFileSync(join(dir, LAUNCHER_PATH), 'utf8')).toBe(LAUNCHER_PY);
    expect(readFileSync(join(dir, 'opt/berth/run.sh'), 'utf8')).toBe('#!/bin/sh\necho ✓\n');
    expect(statSync(join(dir, 'opt/berth/run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, LAUNCHER_PATH)).mode & 0o777).toBe(0o644);
  });

  it('keep a path longer than 100 bytes whole, through the ustar prefix', async () => {
    const long = `/opt/${'deep/'.repeat(25)}file.txt`;
    const dir = extract(await tarOf([{ path: long, content: 'deep' }]));
    expect(readFileSync(join(dir, long), 'utf8')).toBe('deep');
  });

  it('refuse a path that climbs out with ..', async () => {
    await expect(tarOf([{ path: '/opt/../../etc/passwd', content: 'x' }])).rejects.toThrow(
      /Not a path inside the container/,
    );
  });
});
