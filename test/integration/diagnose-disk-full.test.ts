/**
 * A full disk (cause disk_full), for real: a dockerd whose data root is a 24 MB tmpfs, and a
 * 40 MB image of random bytes in a real registry. The docker CLI's own pull fails for want of
 * space; pasted into `berth doctor --message` it must read as the engine's storage (not the
 * registry, the login or the "local unpack" veto its wrapper words carry), with the command that
 * names the filesystem that filled; and Berth's own pull through that engine records the same
 * cause in the ledger.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { describeWithHarness } from '../harness/context';
import { startDockerd } from '../harness/dockerd';
import type { RunningDockerd } from '../harness/dockerd';
import { shortTempDir } from '../harness/processes';
import { startRegistry } from '../harness/registry';
import type { RunningRegistry } from '../harness/registry';
import { pushRandomImage } from '../harness/registry-seed';
import { berth } from './berth-cli';

describeWithHarness('a full disk: the engine’s storage, diagnosed (disk_full)', () => {
  const dir = shortTempDir('bdf-');
  const dataRoot = join(dir.path, 'root');
  const home = join(dir.path, 'home');
  let dockerd: RunningDockerd;
  let registry: RunningRegistry;
  let image: string;
  const env = () => ({ HOME: home, BERTH_HOME: home, DOCKER_HOST: dockerd.dockerHost });

  beforeAll(async () => {
    mkdirSync(dataRoot);
    mkdirSync(home);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dataRoot]);
    [dockerd, registry] = await Promise.all([
      startDockerd({ dataRoot }),
      startRegistry({ auth: 'none', users: {} }),
    ]);
    image = `${registry.host}/team/big:1`;
    await pushRandomImage(
      { url: registry.url, username: '', password: '' },
      'team/big',
      '1',
      40 * 1024 * 1024,
    );
  });
  afterAll(async () => {
    await Promise.all([dockerd?.stop(), registry?.stop()]);
    spawnSync('umount', ['-l', dataRoot]);
    dir.remove();
  });

  it('docker pull runs out of space; pasted, the verdict is disk_full, and its command names the filesystem that filled', async () => {
    const pulled = spawnSync('docker', ['--host', dockerd.dockerHost, 'pull', image], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(pulled.status).not.toBe(0);
    expect(pulled.stderr).toContain('no space left on device');

    const out = await berth(['doctor', '--message', pulled.stderr, '--json'], env());
    expect(out.code, out.stderr).toBe(0);
    const d = JSON.parse(out.stdout) as Diagnosis;
    expect(d.cause).toBe('disk_full');
    const step = d.fix.find((f) => f.includes('DockerRootDir'));
    expect(step).toContain("docker info --format '{{.DockerRootDir}}'");
    // The command the fix gives names the filesystem the engine's own words say filled.
    const root = spawnSync(
      'docker',
      ['--host', dockerd.dockerHost, 'info', '--format', '{{.DockerRootDir}}'],
      { encoding: 'utf8' },
    ).stdout.trim();
    expect(root).toBe(dataRoot);
    expect(pulled.stderr).toContain(`${root}/`);
  });

  it('berth pull through that engine fails the same way and records disk_full in the ledger', async () => {
    const pulled = await berth(['pull', image, '--json'], env(), undefined, 120_000);
    expect(pulled.code).not.toBe(0);
    const failure = JSON.parse(pulled.stdout) as {
      error: { code: string; message: string; details: { cause: string; entryId: string } };
    };
    expect(failure.error.code).toBe('pull.failed');
    expect(failure.error.message).toContain('no space left on device');
    expect(failure.error.details.cause).toBe('disk_full');

    const ledger = await berth(['ledger', '--json'], env());
    expect(ledger.code, ledger.stderr).toBe(0);
    const { entries } = JSON.parse(ledger.stdout) as {
      entries: { id: string; cause: string | null }[];
    };
    expect(entries.find((e) => e.id === failure.error.details.entryId)?.cause).toBe('disk_full');
  });
});
