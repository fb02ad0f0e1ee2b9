import { expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { berth } from './berth-cli';

describeWithHarness('the berth CLI against a real dockerd', (h) => {
  it('`berth engine --json` prints the engine it is connected to', async () => {
    const { code, stdout } = await berth(['engine', '--json'], { DOCKER_HOST: h.dockerHost });
    expect(code).toBe(0);
    const info = JSON.parse(stdout) as {
      endpoint: { address: string };
      storageDriver: string;
      serverVersion: string;
    };
    expect(info.endpoint.address).toBe(h.dockerHost);
    expect(info.storageDriver).toBe('vfs');
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
  });

  it('`berth images --json` prints the seeded images with their repo digests', async () => {
    const { code, stdout } = await berth(['images', '--json'], { DOCKER_HOST: h.dockerHost });
    expect(code).toBe(0);
    const images = JSON.parse(stdout) as { repoTags: string[]; repoDigests: string[] }[];
    const flows = images.find((i) => i.repoTags.includes('local/flows:2024.1'));
    expect(flows?.repoDigests).toContain(
      `${h.basicRegistry.host}/team/flows@${h.seeded.flowsDigest}`,
    );
  });

  it('`berth images --filter` narrows the human table', async () => {
    const { code, stdout } = await berth(['images', '--filter', 'flows'], {
      DOCKER_HOST: h.dockerHost,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^REPOSITORY:TAG/);
    expect(stdout).toMatch(/flows/);
    expect(stdout).not.toContain('busybox');
  });

  it('exits non-zero with a JSON error naming the cause when the socket does not exist', async () => {
    const { code, stdout } = await berth(['engine', '--json'], {
      DOCKER_HOST: 'unix:///tmp/berth-no-such.sock',
    });
    expect(code).toBe(1);
    const { error } = JSON.parse(stdout) as {
      error: { code: string; message: string; hint: string };
    };
    expect(error.code).toBe('engine.socket_missing');
    expect(error.message).toContain('/tmp/berth-no-such.sock');
    expect(error.hint).toMatch(/DOCKER_HOST/);
  });

  it('explains a malformed DOCKER_HOST instead of crashing', async () => {
    const { code, stdout, stderr } = await berth(['images'], {
      DOCKER_HOST: 'docker.example:2375',
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('DOCKER_HOST is set to "docker.example:2375"');
    expect(stderr).toContain('engine.bad_host');
    expect(stderr).not.toMatch(/\bat .+\.(c?js|ts):\d+/); // no stack trace
  });

  it('reports connection refused on a TCP port where nothing listens', async () => {
    const { code, stdout } = await berth(['engine', '--json'], {
      DOCKER_HOST: 'tcp://127.0.0.1:1',
    });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'engine.refused' } });
  });

  it('answers an unknown command with a usage error in JSON', async () => {
    const { code, stdout } = await berth(['frobnicate', '--json'], {});
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'usage.invalid' } });
  });
});
