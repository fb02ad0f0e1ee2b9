/**
 * The daemon.json remedies against a real dockerd (issue 13, point 5): each dockerd here reads
 * its own daemon.json (--config-file, found by Berth in /proc from the socket it serves), as a
 * user's reads /etc/docker/daemon.json. The real docker CLI is the oracle: its pull fails, the
 * fix is applied with `berth fix`, `docker info` shows the engine took it (SIGHUP, no restart),
 * the same `docker pull` succeeds, and undo puts the file back byte for byte and docker refuses
 * again.
 * - insecure-registries: a plain-HTTP registry on an address that is not loopback;
 * - registry-mirrors: an engine with no way to Docker Hub, and a local mirror holding the image;
 * - a key dockerd takes as a flag too: refused (dockerd would not start with both).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { engineFacingAddress } from '../harness/addresses';
import { describeWithHarness } from '../harness/context';
import { pushBusybox } from '../harness/push-image';
import { startDockerd } from '../harness/dockerd';
import type { RunningDockerd } from '../harness/dockerd';
import { shortTempDir } from '../harness/processes';
import { startRegistry } from '../harness/registry';
import type { RunningRegistry } from '../harness/registry';
import { berth } from './berth-cli';

// A user's file: four-space indents and settings of their own, all kept by the edit.
const ORIGINAL = '{\n    "debug": false,\n    "max-concurrent-downloads": 3\n}\n';

describeWithHarness(
  'remedy: the engine’s daemon.json (insecure registries, Docker Hub mirrors)',
  (h) => {
    const dir = shortTempDir('bdj-');
    const home = join(dir.path, 'home');
    const configPath = join(dir.path, 'etc', 'daemon.json');
    let dockerd: RunningDockerd;
    let plain: RunningRegistry;
    let mirror: RunningRegistry;
    let image: string;
    const env = () => ({
      DOCKER_HOST: dockerd.dockerHost,
      HOME: home,
      BERTH_HOME: home,
      DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
    });
    const docker = (...args: string[]) =>
      spawnSync('docker', ['--host', dockerd.dockerHost, ...args], { encoding: 'utf8' });
    const dockerInfo = (field: string) =>
      JSON.parse(docker('info', '--format', `{{json .RegistryConfig.${field}}}`).stdout) as unknown;
    const push = (target: string) => pushBusybox(h.dockerHost, target);

    beforeAll(async () => {
      mkdirSync(home);
      mkdirSync(join(dir.path, 'etc'));
      writeFileSync(configPath, ORIGINAL);
      const address = engineFacingAddress();
      [dockerd, plain, mirror] = await Promise.all([
        startDockerd({ args: ['--config-file', configPath] }),
        startRegistry({ auth: 'none', users: {}, address }),
        startRegistry({ auth: 'none', users: {}, address }),
      ]);
      image = `${plain.host}/team/plain:1`;
      push(image);
      push(`${mirror.host}/library/berth-mirror-check:1`);
    });
    // Each case starts from the user's file, even after a case that failed half-way.
    beforeEach(() => writeFileSync(configPath, ORIGINAL));
    afterAll(async () => {
      await Promise.all([dockerd?.stop(), plain?.stop(), mirror?.stop()]);
      dir.remove();
    });

    it('insecure-registries: docker refuses plain HTTP; the fix adds the host in place and reloads; docker pulls; undo restores byte for byte', async () => {
      const refused = docker('pull', image);
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('server gave HTTP response to HTTPS client');

      const doctor = await berth(['doctor', '--message', refused.stderr, '--json'], env());
      expect(doctor.code, doctor.stderr).toBe(0);
      const d = JSON.parse(doctor.stdout) as Diagnosis;
      expect(d.cause).toBe('insecure_registry');
      const remedy = d.remedies?.find((r) => r.kind === 'daemon-json');
      expect(remedy?.id).toBe(`daemon-json:insecure-registries:${encodeURIComponent(plain.host)}`);
      // The preview names the file this dockerd reads, found from its socket.
      expect(remedy?.changes.join('\n')).toContain(configPath);
      expect(remedy?.changes.join('\n')).toContain('SIGHUP');

      const fixed = await berth(['fix', remedy?.id ?? '', '--yes', '--json'], env());
      expect(fixed.code, fixed.stderr).toBe(0);
      const outcome = JSON.parse(fixed.stdout) as {
        applied: boolean;
        undo: string;
        changes: string[];
      };
      expect(outcome.applied).toBe(true);
      expect(outcome.changes, outcome.changes.join('\n')).toContain(`+         "${plain.host}"`);
      const written = readFileSync(configPath, 'utf8');
      // The user's lines stay as they were; the list is added in their indentation.
      expect(written).toContain('    "debug": false,\n    "max-concurrent-downloads": 3');
      expect((JSON.parse(written) as Record<string, unknown>)['insecure-registries']).toEqual([
        plain.host,
      ]);
      // The engine itself says it took the change, without a restart.
      const indexes = dockerInfo('IndexConfigs') as Record<string, { Secure: boolean }>;
      expect(indexes[plain.host]?.Secure).toBe(false);
      const pulled = docker('pull', image);
      expect(pulled.status, pulled.stderr).toBe(0);

      const undone = await berth(['fix', outcome.undo, '--yes', '--json'], env());
      expect(undone.code, undone.stderr).toBe(0);
      expect(readFileSync(configPath, 'utf8')).toBe(ORIGINAL);
      expect(dockerInfo('IndexConfigs') as Record<string, unknown>).not.toHaveProperty(plain.host);
      docker('image', 'rm', image);
      expect(docker('pull', image).status).not.toBe(0);
    });

    it('registry-mirrors: offered for Docker Hub limits; a mirror the user names serves docker.io images once applied; undo takes it out', async () => {
      const hub = 'berth-mirror-check:1';
      const offline = docker('pull', hub);
      expect(offline.status).not.toBe(0);

      const limited = await berth(
        [
          'doctor',
          '--message',
          'Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
          '--json',
        ],
        env(),
      );
      const offered = (JSON.parse(limited.stdout) as Diagnosis).remedies?.find(
        (r) => r.kind === 'daemon-json',
      );
      expect(offered?.id).toBe(
        `daemon-json:registry-mirrors:${encodeURIComponent('https://mirror.gcr.io')}`,
      );
      expect(offered?.changes.join('\n')).toContain(configPath);

      const own = `daemon-json:registry-mirrors:${encodeURIComponent(`http://${mirror.host}`)}`;
      const fixed = await berth(['fix', own, '--yes', '--json'], env());
      expect(fixed.code, fixed.stderr).toBe(0);
      const outcome = JSON.parse(fixed.stdout) as { undo: string; summary: string };
      expect(outcome.summary).toContain(`through http://${mirror.host}`);
      expect(dockerInfo('Mirrors')).toEqual([`http://${mirror.host}/`]);
      const pulled = docker('pull', hub);
      expect(pulled.status, pulled.stderr).toBe(0);

      const undone = await berth(['fix', outcome.undo, '--yes', '--json'], env());
      expect(undone.code, undone.stderr).toBe(0);
      expect(readFileSync(configPath, 'utf8')).toBe(ORIGINAL);
      expect(dockerInfo('Mirrors')).toEqual([]);
    });

    it('a list dockerd also takes as a flag is refused before it can stop dockerd from starting', async () => {
      const flagged = await startDockerd({
        args: ['--config-file', configPath, '--insecure-registry', '10.9.9.9:5000'],
      });
      try {
        const fixed = await berth(
          [
            'fix',
            `daemon-json:insecure-registries:${encodeURIComponent(plain.host)}`,
            '--yes',
            '--json',
          ],
          { ...env(), DOCKER_HOST: flagged.dockerHost },
        );
        expect(fixed.code).not.toBe(0);
        const error = JSON.parse(fixed.stdout || fixed.stderr) as {
          error: { code: string; hint: string };
        };
        expect(error.error.code).toBe('fix.daemon_flag_conflict');
        expect(error.error.hint).toContain('--insecure-registry');
        expect(readFileSync(configPath, 'utf8')).toBe(ORIGINAL);
      } finally {
        await flagged.stop();
      }
    });
  },
);
