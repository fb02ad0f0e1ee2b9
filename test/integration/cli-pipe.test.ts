/**
 * `berth … | head`: the reader closes the pipe after the lines it wanted, and the next write
 * fails with EPIPE. The built CLI must end quietly (status 0, nothing on stderr) as git or ls
 * do, not with Node's "Unhandled 'error' event" and a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Ledger } from '../../src/ledger/ledger';
import { BIN } from './berth-cli';

it('a reader that closes the pipe early ends berth ledger --json quietly', async () => {
  const home = mkdtempSync(join(tmpdir(), 'berth-pipe-'));
  const ledger = new Ledger(home);
  // Far more than a pipe's buffer (64 KiB), so the CLI is still writing when the reader leaves.
  for (let i = 0; i < 600; i++) {
    await ledger.append({
      id: `entry-${String(i).padStart(4, '0')}`,
      kind: 'pull',
      time: new Date(Date.UTC(2026, 11, 4, 0, 0, i)).toISOString(),
      reference: `registry.example:5000/team/app:${i}`,
      digest: `sha256:${'a'.repeat(64)}`,
      previousDigest: null,
      platform: 'linux/amd64',
      credentialSource: 'anonymous',
      durationMs: 100 + i,
      bytes: 1000 * i,
      result: 'success',
      cause: null,
      message: null,
    });
  }
  const child = spawn(process.execPath, [BIN, 'ledger', '--json'], {
    env: { PATH: process.env.PATH ?? '', HOME: home, BERTH_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // Read the first chunk, then go away, as `head -c 100` does.
  const first = await new Promise<string>((resolve) =>
    child.stdout.once('data', (c: Buffer) => resolve(c.toString())),
  );
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(first).toContain('"entries"');
  expect(stderr).not.toContain('EPIPE');
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
