/**
 * The explainer's aligning actions (issue 15, point 3): Berth writes its credential where the
 * terminal tool's own login would, and then the real `docker pull` and `skopeo inspect` (the
 * containers/image podman uses) reach the private image with it. Real keychain, real registry,
 * real dockerd, real CLIs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { inProcessClient } from '../../src/host/in-process';
import type { BerthCore } from '../../src/host/core';
import { describeWithHarness } from '../harness/context';
import { berthWith } from './pull-setup';

describeWithHarness('aligning docker and podman with Berth', (h) => {
  const registry = h.basicRegistry.host;
  const image = `${registry}/team/flows:1`;
  const password = h.users.alice ?? '';
  const cores: BerthCore[] = [];
  afterAll(() => cores.forEach((core) => core.close()));

  async function aBerth(dockerConfig?: unknown, env: Record<string, string> = {}) {
    // podman's own auth file, where `podman login` would write it (REGISTRY_AUTH_FILE first).
    const authFile = join(mkdtempSync(join(tmpdir(), 'berth-align-')), 'containers', 'auth.json');
    const setup = await berthWith(h, {
      logins: [{ registry, username: 'alice', secret: password }],
      ...(dockerConfig ? { dockerConfig } : {}),
      env: { REGISTRY_AUTH_FILE: authFile, ...env },
    });
    cores.push(setup.core);
    return { ...setup, client: inProcessClient(setup.core), authFile };
  }

  it('writes the docker config entry docker login would, after which a terminal docker pull works', async () => {
    const { client, home, env } = await aBerth({ auths: { 'other.example': { auth: 'eDp5' } } });
    const dockerEnv = {
      ...process.env,
      DOCKER_CONFIG: join(home, '.docker'),
      DOCKER_HOST: env.DOCKER_HOST,
    };
    const dockerPull = () =>
      execFileSync('docker', ['pull', '-q', image], {
        env: dockerEnv,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    execFileSync('docker', ['rmi', '-f', image], { env: dockerEnv, stdio: 'ignore' });
    // The control: before aligning, docker goes anonymous and the registry refuses it.
    expect(dockerPull).toThrow(/unauthorized|authentication required|no basic auth/i);
    const before = await client.invoke('credentials.explain', { reference: image });
    expect(before.tools?.docker.outcome).toBe('anonymous');

    const configPath = join(home, '.docker', 'config.json');
    const original = readFileSync(configPath);
    const result = await client.invoke('credentials.align', {
      reference: image,
      tool: 'docker',
      confirmed: true,
    });
    expect(result.path).toBe(configPath);
    expect(result.key).toBe(registry);
    expect(result.explanation.tools?.docker).toMatchObject({
      outcome: 'credential',
      username: 'alice',
    });
    // The old file is kept byte for byte; the other entry stays; the new file is owner-only.
    expect(readFileSync(result.backup ?? '')).toEqual(original);
    const written = JSON.parse(readFileSync(configPath, 'utf8')) as {
      auths: Record<string, { auth: string }>;
    };
    expect(written.auths['other.example']).toEqual({ auth: 'eDp5' });
    expect(Buffer.from(written.auths[registry]?.auth ?? '', 'base64').toString()).toBe(
      `alice:${password}`,
    );
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    // The secret never came back over the contract.
    expect(JSON.stringify(result)).not.toContain(password);

    expect(dockerPull().trim()).toBe(image);
  });

  it("writes podman's auth.json where podman login would, after which skopeo (containers/image) reads the image", async () => {
    const { client, authFile } = await aBerth();
    const skopeo = () =>
      execFileSync(
        'skopeo',
        ['inspect', '--tls-verify=false', '--authfile', authFile, `docker://${image}`],
        { encoding: 'utf8', stdio: 'pipe' },
      );
    expect(existsSync(authFile)).toBe(false);
    const result = await client.invoke('credentials.align', {
      reference: image,
      tool: 'podman',
      confirmed: true,
    });
    expect(result.path).toBe(authFile);
    expect(result.backup).toBeNull();
    expect(result.explanation.tools?.podman).toMatchObject({
      outcome: 'credential',
      username: 'alice',
    });
    expect(JSON.parse(skopeo()) as { Name: string }).toMatchObject({
      Name: `${registry}/team/flows`,
    });
  });

  it('puts the file back and says why when docker would not read the entry (its credential helper answers)', async () => {
    // A helper that answers for the registry with another user: docker asks it, not auths
    // (docker/cli nativeStore.Get), so an auths entry would change nothing.
    const bin = mkdtempSync(join(tmpdir(), 'berth-align-bin-'));
    const helper = join(bin, 'docker-credential-corp');
    writeFileSync(
      helper,
      '#!/bin/sh\ncat >/dev/null\necho \'{"ServerURL":"x","Username":"bob","Secret":"bob-secret"}\'\n',
      { mode: 0o755 },
    );
    const { client, home } = await aBerth(
      { credHelpers: { [registry]: 'corp' } },
      { PATH: `${bin}:${process.env.PATH ?? ''}` },
    );
    const configPath = join(home, '.docker', 'config.json');
    const original = readFileSync(configPath);
    const before = await client.invoke('credentials.explain', { reference: image });
    expect(before.tools?.docker).toMatchObject({ outcome: 'credential', username: 'bob' });
    await expect(
      client.invoke('credentials.align', { reference: image, tool: 'docker', confirmed: true }),
    ).rejects.toMatchObject({ code: 'credentials.align_not_read' });
    expect(readFileSync(configPath)).toEqual(original);
  });

  it('refuses without the confirmation, and leaves a file that is not JSON alone', async () => {
    const { client, home } = await aBerth();
    await expect(
      client.invoke('credentials.align', {
        reference: image,
        tool: 'docker',
        // @ts-expect-error the contract requires the confirmation
        confirmed: false,
      }),
    ).rejects.toMatchObject({ code: 'request.invalid' });
    mkdirSync(join(home, '.docker'), { recursive: true });
    writeFileSync(join(home, '.docker', 'config.json'), '{ not json');
    await expect(
      client.invoke('credentials.align', { reference: image, tool: 'docker', confirmed: true }),
    ).rejects.toMatchObject({ code: 'credentials.align_file_unreadable' });
    expect(readFileSync(join(home, '.docker', 'config.json'), 'utf8')).toBe('{ not json');
  });
});
