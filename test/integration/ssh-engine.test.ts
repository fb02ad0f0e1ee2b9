import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { EngineInfo } from '../../src/shared/contract';
import type { PullEntry, RunEntry } from '../../src/shared/ledger';
import { createBerthCore } from '../../src/host/core';
import { describeWithHarness } from '../harness/context';
import { startSshd } from '../harness/sshd';
import type { RunningSshd } from '../harness/sshd';
import { berth } from './berth-cli';
import { exampleCopy } from './runs-setup';

// Each connection is a real ssh login: seconds apiece on a busy two-core CI machine.
vi.setConfig({ testTimeout: 180_000 });

describeWithHarness('an ssh:// engine, reached through the user’s ssh client', (h) => {
  let sshd: RunningSshd;
  let docker: Docker;
  beforeAll(async () => {
    sshd = await startSshd(h.socketPath);
    docker = new Docker({ socketPath: h.socketPath });
  });
  afterAll(async () => {
    await sshd.stop();
  });

  /** The user's environment: HOME holds ~/.ssh/config with the Host alias. */
  const userEnv = (extra: Record<string, string> = {}) => {
    const home = mkdtempSync(join(tmpdir(), 'berth-ssh-user-'));
    return {
      HOME: sshd.home,
      BERTH_HOME: home,
      PATH: `${sshd.clientBin}:${process.env.PATH ?? ''}`,
      DOCKER_HOST: `ssh://${sshd.alias}`,
      BERTH_REGISTRY_AUTH: JSON.stringify({
        [h.basicRegistry.host]: { username: 'alice', secret: h.users.alice ?? '' },
      }),
      ...extra,
    };
  };

  it('`berth engine` over a Host alias from ~/.ssh/config answers what `docker -H ssh://…` answers', async () => {
    const env = userEnv();
    const before = sshd.acceptedLogins();
    const { code, stdout, stderr } = await berth(['engine', '--json'], env, undefined, 90_000);
    expect(code, stdout + stderr).toBe(0);
    expect(stderr).toBe('');
    const info = JSON.parse(stdout) as EngineInfo;
    // The oracle: the docker CLI, with the same HOME and alias, through the same sshd.
    const oracle = execFileSync(
      'docker',
      [
        '-H',
        `ssh://${sshd.alias}`,
        'version',
        '--format',
        '{{.Server.Version}} {{.Server.APIVersion}}',
      ],
      { env, encoding: 'utf8', timeout: 30_000 },
    ).trim();
    expect(`${info.serverVersion} ${info.apiVersion}`).toBe(oracle);
    expect(info.endpoint).toMatchObject({ kind: 'ssh', address: `ssh://${sshd.alias}` });
    expect(sshd.acceptedLogins()).toBeGreaterThan(before);
  });

  it('`berth pull` goes through it, and the daemon behind it holds the pulled digest', async () => {
    const reference = `${h.basicRegistry.host}/team/flows:1`;
    const before = sshd.acceptedLogins();
    const pulled = await berth(['pull', reference, '--json'], userEnv(), undefined, 120_000);
    expect(pulled.code, pulled.stderr).toBe(0);
    const entry = JSON.parse(pulled.stdout) as PullEntry;
    expect(entry).toMatchObject({ reference, result: 'success', digest: h.seeded.flowsDigest });
    const inspected = await docker.getImage(reference).inspect();
    expect(inspected.RepoDigests).toContain(
      `${h.basicRegistry.host}/team/flows@${h.seeded.flowsDigest}`,
    );
    expect(sshd.acceptedLogins()).toBeGreaterThan(before);
  });

  it('`berth run` runs a flow through it, and the in-process service does too', async () => {
    const dir = exampleCopy('prefect-project');
    const env = userEnv();
    const before = sshd.acceptedLogins();
    const ran = await berth(
      ['run', 'hello-explicit', '--dir', dir, '--param', 'name=ssh', '--json'],
      env,
      undefined,
      150_000,
    );
    expect(ran.code, ran.stderr).toBe(0);
    const entry = JSON.parse(ran.stdout) as RunEntry;
    expect(entry).toMatchObject({ result: 'success', exitCode: 0 });
    expect(ran.stderr).toContain('Hi, ssh! (1/2)');
    expect(readFileSync(join(dir, 'out', 'ssh.txt'), 'utf8')).toBe('Hi, ssh!\n');
    expect(sshd.acceptedLogins()).toBeGreaterThan(before);

    const core = createBerthCore({ env });
    try {
      const status = await core.dispatch('engine.status', {});
      expect(status).toMatchObject({
        ok: true,
        data: { state: 'up', info: { endpoint: { kind: 'ssh' } } },
      });
    } finally {
      core.close();
    }
  });

  it('says ssh refused the login, naming the key to load, when the key is wrong', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-ssh-badkey-'));
    execFileSync('mkdir', ['-p', join(home, '.ssh')]);
    const wrongKey = join(home, 'wrongkey');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey]);
    writeFileSync(
      join(home, '.ssh', 'config'),
      `Host ${sshd.alias}\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  IdentityFile ${wrongKey}\n  IdentitiesOnly yes\n  BatchMode yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n`,
    );
    const { code, stdout } = await berth(
      ['engine', '--json'],
      userEnv({ HOME: home }),
      undefined,
      90_000,
    );
    expect(code, stdout).toBe(1);
    const { error } = JSON.parse(stdout) as {
      error: { code: string; message: string; hint: string };
    };
    expect(error.code).toBe('engine.ssh_failed');
    expect(error.message).toMatch(/Permission denied/);
    expect(error.hint).toMatch(/ssh-add|IdentityFile/);
  });

  it('says the ssh client is missing when there is no ssh on PATH', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'berth-no-ssh-'));
    const { code, stdout, stderr } = await berth(['engine', '--json'], userEnv({ PATH: empty }));
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/\bat .+\.(c?js|ts):\d+/); // no stack trace
    expect(JSON.parse(stdout)).toMatchObject({
      error: { code: 'engine.ssh_missing', hint: expect.stringMatching(/openssh/i) as unknown },
    });
  });
});
