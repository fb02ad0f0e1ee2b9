/**
 * A login when registries.json cannot be written (issue 12, point 7), with the real CLI, the
 * real gnome-keyring (read back with secret-tool) and a real file system that refuses: a tmpfs
 * mounted read-only, and a tiny tmpfs filled to the last byte, so the kernel itself answers
 * EROFS and ENOSPC. Mounting needs root, which CI has; elsewhere the block is skipped loudly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE } from '../../src/credentials/keychain';
import { harness } from '../harness/context';
import { berth } from './berth-cli';

const h = harness();
const canMount = process.getuid?.() === 0;
if (!canMount && !process.env.CI) console.warn('SKIPPED: mounting a tmpfs needs root');

function lookup(account: string, bus: string): string | null {
  try {
    return execFileSync(
      'secret-tool',
      ['lookup', 'service', KEYCHAIN_SERVICE, 'username', account],
      {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: bus },
      },
    ).toString();
  } catch {
    return null;
  }
}

describe.skipIf(!h || (!canMount && !process.env.CI))('a login on a disk that refuses', () => {
  const mounts: string[] = [];
  const tmpfs = (size: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of mounts) {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const login = (home: string, registry: string, secret: string) =>
    berth(
      ['login', registry, '-u', 'alice', '--password-stdin', '--no-verify', '--json'],
      { BERTH_HOME: home, HOME: home, DBUS_SESSION_BUS_ADDRESS: h?.keyringBus ?? '' },
      secret,
    );
  const codeOf = (stdout: string) =>
    (JSON.parse(stdout) as { error?: { code: string; message: string } }).error;

  it('read-only BERTH_HOME: the login fails by name and the keychain keeps no secret', async () => {
    const home = tmpfs('1m');
    execFileSync('mount', ['-o', 'remount,ro', home]);
    const registry = 'readonly.example.test:5000';
    const r = await login(home, registry, 'ro-canary-secret');
    expect(r.code).toBe(1);
    expect(codeOf(r.stdout)).toMatchObject({
      code: 'credentials.metadata_write_failed',
      message: expect.stringContaining('read-only'),
    });
    expect(lookup(`alice@${registry}`, h?.keyringBus ?? '')).toBeNull();
  });

  it('full disk: no secret left in the keychain, no lock left behind, the next login works', async () => {
    const home = tmpfs('64k');
    // Fill every block: the kernel stops the write with ENOSPC and keeps what fitted.
    const filler = join(home, 'filler');
    expect(() => writeFileSync(filler, Buffer.alloc(1024 * 1024, 1))).toThrow(/ENOSPC/);
    const registry = 'full.example.test:5000';
    const r = await login(home, registry, 'full-canary-secret');
    expect(r.code).toBe(1);
    expect(codeOf(r.stdout)).toMatchObject({
      code: 'credentials.metadata_write_failed',
      message: expect.stringContaining('disk is full'),
    });
    expect(lookup(`alice@${registry}`, h?.keyringBus ?? '')).toBeNull();
    expect(readdirSync(home)).toEqual(['filler']);

    // Space again: the very next login goes through (a lock left behind would make it wait
    // 5 s and fail with credentials.metadata_locked, as it does on main before this fix).
    rmSync(filler);
    const again = await login(home, registry, 'full-canary-secret');
    expect(again.stdout).not.toContain('metadata_locked');
    expect(again.code).toBe(0);
    expect(lookup(`alice@${registry}`, h?.keyringBus ?? '')).toBe('full-canary-secret');
    expect(existsSync(join(home, 'registries.json'))).toBe(true);
    await berth(['logout', registry, '--json'], {
      BERTH_HOME: home,
      HOME: home,
      DBUS_SESSION_BUS_ADDRESS: h?.keyringBus ?? '',
    });
  });
});
