/** Small helpers for tests that expect a thrown BerthError or need self-cleaning temp dirs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { BerthError } from '../../src/shared/errors';

/** The error `run` throws; fails the test when it does not throw. */
export async function failure(run: () => Promise<unknown>): Promise<BerthError> {
  try {
    await run();
  } catch (error) {
    return error as BerthError;
  }
  throw new Error('expected a failure');
}

/** A temp dir factory whose dirs are removed after each test of the calling file. */
export function tempDirs(): (prefix: string) => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
