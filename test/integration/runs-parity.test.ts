/**
 * The prod-parity check (runs.check, `berth run --check`) against the real dockerd and the
 * real registry: the image on or off the engine, the local digest against the registry's
 * after the tag moved, an image of another platform, env left to the worker, an entrypoint
 * that is not there. The engine and the registry decide every expected value.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ParityReport } from '../../src/shared/runs';
import { describeWithHarness } from '../harness/context';
import { tagAndPush } from '../harness/seed';
import { berth as cli } from './berth-cli';
import { berthOn, projectOf } from './runs-setup';
import type { RunBerth } from './runs-setup';

describeWithHarness('the parity check before a run, on a real dockerd and registry', (h) => {
  let b: RunBerth;
  let docker: Docker;
  const auth = () => ({
    username: 'alice',
    password: h.users.alice ?? '',
    serveraddress: h.basicRegistry.host,
  });

  async function check(dir: string, flowId: string, env?: Record<string, string>) {
    const answer = await b.core.dispatch('runs.check', { dir, flowId, ...(env ? { env } : {}) });
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    const report = answer.data as ParityReport;
    return Object.fromEntries(report.checks.map((c) => [c.id, c]));
  }

  beforeAll(() => {
    b = berthOn(h);
    docker = new Docker({ socketPath: h.socketPath });
  });
  afterAll(() => b.core.close());

  it('says the image is missing (with Pull), then current, then stale once the registry’s tag moves', async () => {
    const image = `${h.basicRegistry.host}/team/parity:1`;
    const pushed = await tagAndPush(docker, h.pythonImage, image, auth());
    await docker.getImage(image).remove({ force: true });
    const dir = projectOf({
      'berth.yaml': `flows:\n  - name: p\n    image: ${image}\n    command: ['true']\n`,
    });
    const missing = await check(dir, 'p');
    expect(missing.image).toMatchObject({ status: 'warning', pull: image });
    expect(missing.digest?.message).toContain(pushed.replace('sha256:', '').slice(0, 12));

    const pulled = await b.core.pulls.pull(image);
    expect(pulled.error).toBeUndefined();
    const current = await check(dir, 'p');
    expect(current.image?.status).toBe('ok');
    expect(current.digest).toMatchObject({ status: 'ok' });
    expect(current.digest?.message).toMatch(/is the registry's current/);
    expect(current.platform?.status).toBe('ok');

    // Another image pushed under the same tag: the local copy is now stale.
    const local = await docker.getImage(image).inspect();
    const moved = await tagAndPush(
      docker,
      `${h.basicRegistry.host}/team/flows:1`,
      image,
      auth(),
    ).catch(async () => {
      await b.core.pulls.pull(`${h.basicRegistry.host}/team/flows:1`);
      return tagAndPush(docker, `${h.basicRegistry.host}/team/flows:1`, image, auth());
    });
    expect(moved).not.toBe(pushed);
    // Put the old copy back under the tag, as a machine that pulled before would have it.
    await docker.getImage(local.Id).tag({ repo: `${h.basicRegistry.host}/team/parity`, tag: '1' });
    const stale = await check(dir, 'p');
    expect(stale.digest).toMatchObject({ status: 'warning', pull: image });
    expect(stale.digest?.message).toContain(moved.replace('sha256:', '').slice(0, 12));
  }, 120_000);

  it('says an image of another platform would run under emulation', async () => {
    // An image the engine holds for linux/arm64, loaded as `docker load` takes a saved image
    // (one layer of one file, its config saying arm64): nothing to pull, nothing to run.
    const other = 'berth-test/arm-only:1';
    const dir = projectOf({ 'img/hello.txt': 'hi\n' });
    execFileSync('tar', ['-C', join(dir, 'img'), '-cf', join(dir, 'layer.tar'), 'hello.txt']);
    const diffId = createHash('sha256')
      .update(readFileSync(join(dir, 'layer.tar')))
      .digest('hex');
    const config = {
      architecture: 'arm64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [`sha256:${diffId}`] },
    };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify([{ Config: 'config.json', RepoTags: [other], Layers: ['layer.tar'] }]),
    );
    execFileSync('tar', [
      '-C',
      dir,
      '-cf',
      join(dir, 'saved.tar'),
      'manifest.json',
      'config.json',
      'layer.tar',
    ]);
    const stream = await docker.loadImage(createReadStream(join(dir, 'saved.tar')));
    await new Promise((done, fail) =>
      docker.modem.followProgress(stream, (error: Error | null) =>
        error ? fail(error) : done(null),
      ),
    );
    expect((await docker.getImage(other).inspect()).Architecture).toBe('arm64');
    writeFileSync(
      join(dir, 'berth.yaml'),
      `flows:\n  - name: arm\n    image: ${other}\n    pull_policy: never\n    command: ['true']\n`,
    );
    const found = await check(dir, 'arm');
    expect(found.platform).toMatchObject({ status: 'warning' });
    expect(found.platform?.message).toMatch(/linux\/arm64.*emulation/);
  }, 120_000);

  it('names env left to the worker and an entrypoint that is not there; `berth run --check` exits 1', async () => {
    const dir = projectOf({
      'prefect.yaml': `deployments:
  - name: needs-env
    entrypoint: flows/main.py:main
    work_pool: { job_variables: { image: ${h.pythonImage}, env: { API_TOKEN: "{{ $BERTH_PARITY_UNSET }}" } } }
  - name: lost
    entrypoint: flows/gone.py:main
    work_pool: { job_variables: { image: ${h.pythonImage} } }
`,
      'flows/main.py': 'def main():\n    pass\n',
    });
    const needs = await check(dir, 'needs-env');
    expect(needs.env).toMatchObject({ status: 'problem' });
    expect(needs.env?.message).toContain('API_TOKEN');
    expect(needs.entrypoint?.status).toBe('ok');
    const given = await check(dir, 'needs-env', { API_TOKEN: 'x' });
    expect(given.env?.status).toBe('ok');
    const lost = await check(dir, 'lost');
    expect(lost.entrypoint).toMatchObject({ status: 'problem' });
    expect(lost.entrypoint?.message).toContain('flows/gone.py does not exist');

    const env = { DOCKER_HOST: h.dockerHost, BERTH_HOME: b.home, HOME: b.home };
    const printed = await cli(['run', 'lost', '--dir', dir, '--check'], env, undefined, 60_000);
    expect(printed.code).toBe(1);
    expect(printed.stdout).toMatch(/FAIL entrypoint +entrypoint flows\/gone\.py:main/);
    expect(printed.stdout).toMatch(/ok {3}image/);
  }, 120_000);
});
