/**
 * A build whose FROM is a private image on the harness's htpasswd registry, through the real
 * dockerd: without a login the build fails with the diagnosis of the base image's pull; with a
 * login stored in the real keychain the engine gets that login (X-Registry-Config) for the
 * base image's registry only, never the other registry Berth holds a login for, and builds.
 * The run record (`berth runs show --json`) keeps the build. The project is a berth.yaml
 * naming a Dockerfile in a subfolder.
 */
import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planBuild } from '../../src/build';
import type { EnginePort } from '../../src/engine';
import { discoverFlows } from '../../src/flows/discover';
import { describeWithHarness } from '../harness/context';
import { importBusybox, tagAndPush } from '../harness/seed';
import { berth as cli } from './berth-cli';
import { berthWith } from './pull-setup';
import { projectOf } from './runs-setup';

const BUILD_TIMEOUT = 900_000;

describeWithHarness('a build FROM a private image', (h) => {
  const id = randomUUID().slice(0, 8);
  const base = `${h.basicRegistry.host}/build-private/base-${id}:1`;
  const built = `berth-build-test/private-${id}`;
  const dockerfile = `FROM ${base}\nCOPY marker.txt /marker.txt\n`;
  let docker: Docker;
  let dir: string;

  beforeAll(async () => {
    docker = new Docker({ socketPath: h.socketPath });
    // A private image that is on the registry only: pushed with alice's login, then untagged
    // here, so the build's FROM must pull it.
    const sourceRepo = `berth-build-private-src/${id}`;
    const source = `${sourceRepo}:1`;
    await importBusybox(docker, { repo: sourceRepo, tag: '1' });
    await tagAndPush(docker, source, base, {
      username: 'alice',
      password: h.users.alice ?? '',
      serveraddress: h.basicRegistry.host,
    });
    await docker.getImage(base).remove();
    await docker.getImage(source).remove();
    dir = projectOf({
      'berth.yaml': `flows:\n  - name: private\n    image: ${built}:dev\n    command: [cat, /marker.txt]\n    build:\n      dockerfile: docker/Dockerfile\n`,
      'docker/Dockerfile': dockerfile,
      'marker.txt': `built on ${id}\n`,
    });
  }, BUILD_TIMEOUT);

  afterAll(async () => {
    for (const image of [`${built}:dev`, base]) {
      await docker
        .getImage(image)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });

  it(
    'fails without a login, with the diagnosis of the base image pull',
    async () => {
      const { env } = await berthWith(h);
      const result = await cli(
        ['build', 'private', '--dir', dir, '--json'],
        env,
        undefined,
        600_000,
      );
      expect(result.code).not.toBe(0);
      const { error } = JSON.parse(result.stdout) as {
        error: { code: string; message: string; details: Record<string, unknown> };
      };
      expect(error.code).toBe('build.base_image_missing');
      expect(error.message).toContain(base);
      expect(error.details).toMatchObject({ image: base, cause: 'no_credentials' });
      expect(error.message).toContain('docker/Dockerfile:1');
    },
    BUILD_TIMEOUT,
  );

  it(
    'builds with the stored login, sent for the base image registry only; runs show keeps the build',
    async () => {
      const { core, env } = await berthWith(h, {
        logins: [
          { registry: h.basicRegistry.host, username: 'alice', secret: h.users.alice ?? '' },
          { registry: h.tokenRegistry.host, username: 'alice', secret: h.users.alice ?? '' },
        ],
      });
      try {
        // berth run builds, then runs the built image: the marker COPY'd into it.
        const ran = await cli(['run', 'private', '--dir', dir, '--json'], env, undefined, 600_000);
        expect(ran.stderr).toContain(`pulled with the login for ${h.basicRegistry.host}`);
        expect(ran.code).toBe(0);
        const entry = JSON.parse(ran.stdout) as { id: string; build?: { imageId: string } };
        expect(ran.stderr).toContain(`built on ${id}`);

        const shown = await cli(['runs', 'show', entry.id, '--json'], env);
        expect(shown.code).toBe(0);
        const record = JSON.parse(shown.stdout) as { build: Record<string, unknown> };
        expect(record.build).toMatchObject({
          dockerfile,
          dockerfileGenerated: false,
          buildArgs: {},
          image: `${built}:dev`,
          reused: false,
        });
        expect(record.build.contextHash).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(record.build.durationMs).toEqual(expect.any(Number));
        expect((await docker.getImage(`${built}:dev`).inspect()).Id).toBe(record.build.imageId);

        // What reaches the engine: the real engine, its build options recorded on the way.
        const sent: { keys: string[]; users: string[] }[] = [];
        const engine: EnginePort = {
          ...core.engine,
          buildImage: (context, options) => {
            const config = options.registryConfig ?? {};
            sent.push({
              keys: Object.keys(config),
              users: Object.values(config).map((auth) => auth.username),
            });
            const real = core.engine.buildImage;
            if (!real) throw new Error('the engine cannot build');
            return real.call(core.engine, context, options);
          },
        };
        await docker.getImage(base).remove({ force: true });
        const discovery = await discoverFlows(dir, { env });
        const flow = discovery.flows.find((f) => f.name === 'private');
        const plan = flow ? planBuild(flow, dir, { build: 'always' }) : null;
        expect(plan).not.toBeNull();
        if (!plan) return;
        const again = await (await core.builds()).build(plan, engine);
        expect(again.reused).toBe(false);
        expect(sent).toEqual([{ keys: [h.basicRegistry.host], users: ['alice'] }]);
      } finally {
        core.close();
      }
    },
    BUILD_TIMEOUT,
  );
});
