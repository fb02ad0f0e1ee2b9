/**
 * Docker Content Trust (cause content_trust), with the real docker CLI as the oracle: a real
 * Notary server (Debian's notary-server) and a real registry, a repository the CLI itself
 * signed (`DOCKER_CONTENT_TRUST=1 docker push`), one never signed, and a Notary server that is
 * not there. Each refusal the CLI prints is pasted into `berth doctor --message`; the verdict
 * must be content_trust (not the registry login, TLS or DNS its words also hold), and the
 * command the fix gives must make the same pull succeed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { describeWithHarness } from '../harness/context';
import { startNotary } from '../harness/notary';
import type { RunningNotary } from '../harness/notary';
import { freePort, shortTempDir } from '../harness/processes';
import { pushBusybox } from '../harness/push-image';
import { startRegistry } from '../harness/registry';
import type { RunningRegistry } from '../harness/registry';
import { berth } from './berth-cli';

describeWithHarness('content trust: the docker CLI’s Notary check, diagnosed', (h) => {
  const dir = shortTempDir('bct-');
  const home = join(dir.path, 'home');
  const dockerConfig = join(home, '.docker');
  let registry: RunningRegistry;
  let notary: RunningNotary;

  /** The docker CLI with content trust on, against `trustServer`; passphrases only for signing. */
  const docker = (trustServer: string, ...args: string[]) =>
    spawnSync('docker', ['--host', h.dockerHost, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        DOCKER_CONFIG: dockerConfig,
        DOCKER_CONTENT_TRUST: '1',
        DOCKER_CONTENT_TRUST_SERVER: trustServer,
        DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: 'berth-root-passphrase',
        DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: 'berth-repo-passphrase',
      },
    });
  const plainDocker = (...args: string[]) =>
    spawnSync('docker', ['--host', h.dockerHost, ...args], { encoding: 'utf8' });
  const diagnose = async (pasted: string): Promise<Diagnosis> => {
    const out = await berth(['doctor', '--message', pasted, '--json'], {
      HOME: home,
      BERTH_HOME: home,
    });
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as Diagnosis;
  };
  /** The fix's own command, run as the user would copy it. */
  const fixCommand = (d: Diagnosis) => {
    const line = d.fix.find((f) => f.includes('docker pull --disable-content-trust'));
    return /docker pull --disable-content-trust (\S+)/.exec(line ?? '')?.[1];
  };

  beforeAll(async () => {
    mkdirSync(dockerConfig, { recursive: true });
    [registry, notary] = await Promise.all([
      startRegistry({ auth: 'none', users: {} }),
      startNotary(),
    ]);
    notary.trustFrom(dockerConfig);
    for (const name of ['team/unsigned:1', 'team/signed:1', 'team/signed:plain']) {
      pushBusybox(h.dockerHost, `${registry.host}/${name}`);
    }
    // The CLI signs team/signed:1 as it pushes it: the repository now has trust data, its tag
    // "plain" none.
    const signed = `${registry.host}/team/signed:1`;
    expect(plainDocker('pull', '-q', signed).status).toBe(0);
    const push = docker(notary.url, 'push', signed);
    expect(push.status, push.stderr).toBe(0);
    expect(push.stdout).toContain(`Successfully signed ${signed}`);
    plainDocker('image', 'rm', signed);
  });
  afterAll(async () => {
    await Promise.all([registry?.stop(), notary?.stop()]);
    for (const name of ['team/unsigned:1', 'team/signed:1', 'team/signed:plain']) {
      plainDocker('image', 'rm', `${registry.host}/${name}`);
    }
    dir.remove();
  });

  it('a repository never signed: the CLI refuses; the verdict is content_trust, and its command pulls it', async () => {
    const image = `${registry.host}/team/unsigned:1`;
    const refused = docker(notary.url, 'pull', image);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('does not have trust data for');

    // The error alone names the repository, not the tag: no command that would pull :latest.
    const alone = await diagnose(refused.stderr);
    expect(alone.cause).toBe('content_trust');
    expect(fixCommand(alone)).toBeUndefined();
    expect(alone.fix.join('\n')).toContain('--disable-content-trust');

    // Pasted as the terminal shows it, the command names the image and its tag.
    const pasted = await diagnose(`$ docker pull ${image}\n${refused.stderr}`);
    expect(pasted.cause).toBe('content_trust');
    expect(pasted.fix[0]).toContain('holds no signature');
    expect(fixCommand(pasted)).toBe(image);
    const pulled = docker(notary.url, 'pull', '--disable-content-trust', image);
    expect(pulled.status, pulled.stderr).toBe(0);
    plainDocker('image', 'rm', image);
  });

  it('a signed repository: its signed tag pulls with the check on, its unsigned tag is refused as content_trust', async () => {
    const signed = docker(notary.url, 'pull', `${registry.host}/team/signed:1`);
    expect(signed.status, signed.stderr).toBe(0);

    const image = `${registry.host}/team/signed:plain`;
    const refused = docker(notary.url, 'pull', image);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('No valid trust data for plain');
    const d = await diagnose(`$ docker pull ${image}\n${refused.stderr}`);
    expect(d.cause).toBe('content_trust');
    expect(fixCommand(d)).toBe(image);
    expect(docker(notary.url, 'pull', '--disable-content-trust', image).status).toBe(0);

    // With the live probe the registry is seen to serve the tag: the refusal stays the CLI's.
    const probed = await berth(
      ['doctor', image, '--message', refused.stderr, '--probe', '--json'],
      { HOME: home, BERTH_HOME: home, DOCKER_HOST: h.dockerHost },
      undefined,
      60_000,
    );
    expect(probed.code, probed.stderr).toBe(0);
    const live = JSON.parse(probed.stdout) as Diagnosis;
    expect(live.cause).toBe('content_trust');
    expect(live.summary).toContain(`The registry serves ${image} to Berth`);
    expect(live.summary).toContain('content trust check');
  });

  it('no Notary server at the address: the CLI cannot reach it; content_trust says so, not the registry’s network', async () => {
    const nowhere = `https://127.0.0.1:${await freePort()}`;
    const image = `${registry.host}/team/unsigned:1`;
    const refused = docker(nowhere, 'pull', image);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('error contacting notary server');
    expect(refused.stderr).toContain('connection refused');
    const d = await diagnose(refused.stderr);
    expect(d.cause).toBe('content_trust');
    expect(d.fix[0]).toContain('did not answer or refused');
  });
});
