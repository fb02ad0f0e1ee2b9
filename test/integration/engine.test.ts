import { afterAll, beforeAll, expect, it } from 'vitest';
import Docker from 'dockerode';
import { describeWithHarness } from '../harness/context';
import { controlDockerd } from '../harness/control';
import { importBusybox } from '../harness/seed';
import { createBerthCore } from '../../src/host/core';
import type { BerthCore } from '../../src/host/core';
import type { EngineStatus, ImageDetails, ImageSummary, Result } from '../../src/shared/contract';

function data<T>(result: Result): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data as T;
}

describeWithHarness('engine service against a real dockerd', (h) => {
  let core: BerthCore;
  let docker: Docker;

  beforeAll(() => {
    core = createBerthCore({
      env: { DOCKER_HOST: h.dockerHost, HOME: '/nonexistent', BERTH_HOME: '/tmp/berth-test-home' },
      monitorIntervals: { upIntervalMs: 200, downIntervalMs: 200 },
    });
    docker = new Docker({ socketPath: h.socketPath });
  });
  afterAll(() => core.close());

  it('reports the engine as up with the endpoint from DOCKER_HOST and the real version', async () => {
    const status = data<EngineStatus>(await core.dispatch('engine.status', {}));
    expect(status.state).toBe('up');
    if (status.state !== 'up') return;
    const version = await docker.version();
    expect(status.info.endpoint).toEqual({
      kind: 'unix',
      address: h.dockerHost,
      source: 'DOCKER_HOST',
      tls: false,
    });
    expect(status.info.serverVersion).toBe(version.Version);
    expect(status.info.apiVersion).toBe(version.ApiVersion);
    expect(`${status.info.os}/${status.info.arch}`).toBe(`${version.Os}/${version.Arch}`);
    expect(status.info.storageDriver).toBe('vfs');
  });

  it('lists the seeded images with tags, sizes and the digest the registry gave on push', async () => {
    const images = data<ImageSummary[]>(await core.dispatch('images.list', {}));
    const tags = images.flatMap((i) => i.repoTags);
    expect(tags).toEqual(expect.arrayContaining(['local/busybox:1', 'local/flows:2024.1']));
    const flows = images.find((i) => i.repoTags.includes('local/flows:2024.1'));
    expect(flows?.repoDigests).toContain(
      `${h.basicRegistry.host}/team/flows@${h.seeded.flowsDigest}`,
    );
    expect(flows?.size).toBeGreaterThan(500_000);
    expect(Date.now() - Date.parse(flows?.created ?? '')).toBeLessThan(3_600_000);
  });

  it('inspects an image: platform, labels, env, entrypoint, cmd, working dir and layers', async () => {
    const details = data<ImageDetails>(
      await core.dispatch('images.inspect', { id: 'local/flows:2024.1' }),
    );
    expect(details.os).toBe('linux');
    expect(details.labels['org.opencontainers.image.title']).toBe('flows');
    expect(details.env).toContain('PREFECT_LOGGING_LEVEL=INFO');
    expect(details.entrypoint).toEqual(['/bin/sh', '-c']);
    expect(details.cmd).toEqual(['echo hello from flows']);
    expect(details.workingDir).toBe('/opt/flows');
    expect(details.layers).toHaveLength(1);
    expect(details.layers[0]?.diffId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(details.layers[0]?.size).toBeGreaterThan(500_000);
  });

  it('says which image is missing when asked to inspect one that does not exist', async () => {
    const result = await core.dispatch('images.inspect', { id: 'local/nope:9' });
    expect(result).toMatchObject({ ok: false, error: { code: 'engine.not_found' } });
    expect(!result.ok && result.error.message).toContain('local/nope:9');
  });

  it('refuses to remove an image a container uses, naming the container, and removes it once free', async () => {
    await importBusybox(docker, { repo: 'local/inuse', tag: '1' });
    const container = await docker.createContainer({ Image: 'local/inuse:1', Cmd: ['true'] });
    try {
      const refused = await core.dispatch('images.remove', { id: 'local/inuse:1' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'engine.image_in_use' } });
      expect(!refused.ok && refused.error.message).toContain(container.id.slice(0, 12));
      expect(!refused.ok && refused.error.hint).toContain(`docker rm ${container.id.slice(0, 12)}`);
      // Still there: nothing was forced.
      await expect(docker.getImage('local/inuse:1').inspect()).resolves.toBeTruthy();
    } finally {
      await container.remove();
    }
    const removed = data<{ untagged: string[]; deleted: string[] }>(
      await core.dispatch('images.remove', { id: 'local/inuse:1' }),
    );
    expect(removed.untagged).toContain('local/inuse:1');
    expect(removed.deleted.length).toBeGreaterThan(0);
  });

  it('rejects a malformed request before it reaches the engine', async () => {
    const result = await core.dispatch('images.inspect', { id: '' });
    expect(result).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
  });

  it('notices the engine going down and coming back, pushing engine.status events', async () => {
    const seen: string[] = [];
    const unsubscribe = core.bus.subscribe((event, payload) => {
      if (event === 'engine.status') {
        const status = payload as EngineStatus;
        seen.push(status.state === 'up' ? 'up' : `down:${status.error.code}`);
      }
    });
    core.watch();
    try {
      await expect.poll(() => core.monitor.current()?.state, { timeout: 10_000 }).toBe('up');
      await controlDockerd(h.controlUrl, 'stop');
      await expect
        .poll(() => seen.at(-1), { timeout: 15_000 })
        .toMatch(/^down:engine\.(socket_missing|refused)$/);
      const down = data<EngineStatus>(await core.dispatch('engine.status', {}));
      expect(down.state).toBe('down');
      if (down.state === 'down') expect(down.error.hint).toMatch(/Start Docker/);
      await controlDockerd(h.controlUrl, 'start');
      await expect.poll(() => seen.at(-1), { timeout: 30_000 }).toBe('up');
      const images = data<ImageSummary[]>(await core.dispatch('images.list', {}));
      expect(images.flatMap((i) => i.repoTags)).toContain('local/busybox:1');
    } finally {
      unsubscribe();
      core.monitor.stop();
    }
  });
});
