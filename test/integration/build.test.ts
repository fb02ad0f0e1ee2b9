/**
 * Builds on the real dockerd, FROM the harness's offline Python image, the way a one-click
 * run makes them: a Dockerfile project with a build arg, `dockerfile: auto`, a failing RUN, a
 * base image that cannot be pulled, a cancel mid-build, no rebuild on an unchanged context,
 * and the context the docker CLI itself would send (.dockerignore), compared with it.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { planBuild } from '../../src/build';
import { discoverFlows } from '../../src/flows/discover';
import { BUILD_HASH_LABEL } from '../../src/shared/build';
import { describeWithHarness } from '../harness/context';
import { berth as cli } from './berth-cli';
import { berthOn, projectOf, runFlow } from './runs-setup';
import type { RunBerth } from './runs-setup';

const FLOW = `def hello(name="world"):
    with open("/opt/greeting.txt") as f:
        greeting = f.read().strip()
    print("%s, %s! (baked into the image)" % (greeting, name), flush=True)
`;

/** A prefect.yaml whose deployment runs the image its build step builds. */
function prefectYaml(image: string, step: string): string {
  return `build:
  - prefect_docker.deployments.steps.build_docker_image:
      id: build_image
      requires: prefect-docker>=0.6.0
      image_name: ${image}
      tag: dev
${step
  .split('\n')
  .filter(Boolean)
  .map((line) => `      ${line}`)
  .join('\n')}
deployments:
  - name: greet
    entrypoint: flows/hello.py:hello
    parameters:
      name: built
    work_pool:
      name: local
      job_variables:
        image: '{{ build_image.image }}'
`;
}

const GREETING_DOCKERFILE = `FROM berth-test/python:3
ARG GREETING=plain
RUN echo "$GREETING" > /opt/greeting.txt && echo "wrote greeting $GREETING"
COPY flows /opt/app/flows
`;

/** A build on vfs copies the image's files for every step: slow on a busy machine. */
const BUILD_TIMEOUT = 900_000;

function uniqueImage(): string {
  return `berth-build-test/${randomUUID().slice(0, 8)}`;
}

describeWithHarness('image builds before a run, on a real dockerd', (h) => {
  let b: RunBerth;
  let docker: Docker;
  beforeAll(() => {
    b = berthOn(h);
    docker = new Docker({ socketPath: h.socketPath });
  }, BUILD_TIMEOUT);
  afterAll(() => b.core.close());

  it(
    'builds a Dockerfile project with its build arg, then runs the built image; the record keeps the build',
    async () => {
      const image = uniqueImage();
      const dir = projectOf({
        'prefect.yaml': prefectYaml(
          image,
          'dockerfile: Dockerfile\npull: false\nbuildargs:\n  GREETING: Ahoy',
        ),
        Dockerfile: GREETING_DOCKERFILE,
        'flows/hello.py': FLOW,
      });
      const phases: string[] = [];
      const ran = await runFlow(b, { dir, flowId: 'greet' }, { onPhase: (p) => phases.push(p) });
      expect(ran.error).toBeUndefined();
      expect(ran.entry.result).toBe('success');
      // The build's output and the flow's, in one stream: the arg reached the RUN, then the flow.
      expect(ran.output).toMatch(/Step 1\/5 : FROM berth-test\/python:3/);
      expect(ran.output).toContain('wrote greeting Ahoy');
      expect(ran.output).toContain('Ahoy, built! (baked into the image)');
      expect(ran.output.indexOf('wrote greeting')).toBeLessThan(ran.output.indexOf('Ahoy, built!'));
      expect(phases.slice(0, 2)).toEqual(['building', 'creating']);
      expect(phases).not.toContain('pulling');

      const build = ran.entry.build;
      expect(build).toBeDefined();
      if (!build) return;
      expect(build).toMatchObject({
        dockerfile: GREETING_DOCKERFILE,
        dockerfileGenerated: false,
        buildArgs: { GREETING: 'Ahoy' },
        image: `${image}:dev`,
        reused: false,
      });
      expect(build.durationMs).toBeGreaterThan(0);
      // The engine agrees: the tag names that image, which carries the context hash.
      const inspected = await docker.getImage(`${image}:dev`).inspect();
      expect(inspected.Id).toBe(build.imageId);
      expect(inspected.Config.Labels?.[BUILD_HASH_LABEL]).toBe(build.contextHash);
      // The ledger line is the record.
      const entries = (await b.core.ledger.read()).entries;
      expect(entries.find((e) => e.id === ran.entry.id)).toMatchObject({ build });
    },
    BUILD_TIMEOUT,
  );

  it(
    'does not rebuild an unchanged context (nor for a file .dockerignore leaves out), rebuilds a changed one, and re-runs a past build exactly by its image ID',
    async () => {
      const image = uniqueImage();
      const dir = projectOf({
        'prefect.yaml': prefectYaml(image, 'dockerfile: Dockerfile\npull: false'),
        Dockerfile: GREETING_DOCKERFILE,
        '.dockerignore': 'notes.txt\n',
        'notes.txt': 'first',
        'flows/hello.py': FLOW,
      });
      const first = await runFlow(b, { dir, flowId: 'greet' });
      expect(first.entry.build?.reused).toBe(false);

      writeFileSync(join(dir, 'notes.txt'), 'changed, but ignored');
      const second = await runFlow(b, { dir, flowId: 'greet' });
      expect(second.entry.result).toBe('success');
      expect(second.entry.build).toMatchObject({
        reused: true,
        durationMs: 0,
        imageId: first.entry.build?.imageId,
        contextHash: first.entry.build?.contextHash,
      });
      expect(second.output).not.toContain('Step 1/');
      expect(second.notes.join('\n')).toContain('not rebuilt');

      writeFileSync(join(dir, 'flows', 'hello.py'), FLOW.replace('baked into', 'rebuilt into'));
      const third = await runFlow(b, { dir, flowId: 'greet' });
      expect(third.entry.build?.reused).toBe(false);
      expect(third.entry.build?.contextHash).not.toBe(first.entry.build?.contextHash);
      expect(third.entry.build?.imageId).not.toBe(first.entry.build?.imageId);

      // --build always builds an unchanged context anyway (the engine's layer cache may help).
      const always = await runFlow(b, { dir, flowId: 'greet', build: 'always' });
      expect(always.entry.build?.reused).toBe(false);
      expect(always.output).toContain('Step 1/5');

      // Re-run exactly: the first run's image, by ID, though the tag now names another.
      const rerun = await runFlow(b, {
        dir,
        flowId: 'greet',
        image: `${image}:dev`,
        imageId: first.entry.build?.imageId,
      });
      expect(rerun.entry.result).toBe('success');
      expect(rerun.entry.build).toBeUndefined();
      expect(rerun.output).not.toContain('Step 1/');
      expect(rerun.notes.join('\n')).toContain(first.entry.build?.imageId ?? '?');
    },
    BUILD_TIMEOUT,
  );

  it(
    'generates the Dockerfile for dockerfile: auto as Prefect does, FROM the base image chosen explicitly',
    async () => {
      const image = uniqueImage();
      const dir = projectOf({
        'prefect.yaml': prefectYaml(image, 'dockerfile: auto\npull: false'),
        'flows/hello.py': FLOW.replace('/opt/greeting.txt', 'greeting.txt'),
        'greeting.txt': 'Hello',
      });
      const name = basename(dir);
      const ran = await runFlow(b, { dir, flowId: 'greet', baseImage: 'berth-test/python:3' });
      expect(ran.error).toBeUndefined();
      // No requirements.txt: no pip; the project copied to /opt/prefect/<folder>/ and worked in.
      expect(ran.entry.build?.dockerfile).toBe(
        `FROM berth-test/python:3\nCOPY . /opt/prefect/${name}/\nWORKDIR /opt/prefect/${name}/\n`,
      );
      expect(ran.entry.build?.dockerfileGenerated).toBe(true);
      expect(ran.notes.join('\n')).toMatch(
        /dockerfile: auto .*FROM the base image you chose \(berth-test\/python:3\)/,
      );
      const inspected = await docker.getImage(`${image}:dev`).inspect();
      expect(inspected.Config.WorkingDir).toBe(`/opt/prefect/${name}/`);
      // The generated Dockerfile went into the image, as Prefect's temporary one does.
      const listing = execFileSync(
        'docker',
        [
          'run',
          '--rm',
          `${image}:dev`,
          'python3',
          '-c',
          'import os; print(sorted(os.listdir(".")))',
        ],
        { env: { ...process.env, DOCKER_HOST: h.dockerHost }, encoding: 'utf8' },
      );
      expect(listing.trim()).toBe("['Dockerfile', 'flows', 'greeting.txt', 'prefect.yaml']");
      expect(ran.output).toContain('Hello, built!');
    },
    BUILD_TIMEOUT,
  );

  it(
    'names the failing RUN, its line and its output, and offers the layer before it',
    async () => {
      const dir = projectOf({
        'prefect.yaml': prefectYaml(uniqueImage(), 'dockerfile: Dockerfile\npull: false'),
        Dockerfile:
          'FROM berth-test/python:3\n\n# a comment\nRUN echo preparing\nRUN echo "about to fail" && \\\n    exit 3\n',
        'flows/hello.py': FLOW,
      });
      const ran = await runFlow(b, { dir, flowId: 'greet' });
      expect(ran.entry.result).toBe('failed');
      expect(ran.entry.exitCode).toBeNull();
      expect(ran.error?.code).toBe('build.run_failed');
      expect(ran.error?.message).toMatch(
        /^Dockerfile:5 RUN echo "about to fail" && exit 3 failed with exit code 3\./,
      );
      expect(ran.error?.details?.output).toEqual(
        expect.arrayContaining([expect.stringContaining('about to fail')]),
      );
      const layer = String(ran.error?.details?.layer);
      expect(ran.error?.hint).toContain(`docker run --rm -it ${layer} sh`);
      // That layer is real: the image after `RUN echo preparing`.
      expect((await docker.getImage(layer).inspect()).Id).toContain(layer);
      expect(ran.entry.cause).toBe('build.run_failed');
    },
    BUILD_TIMEOUT,
  );

  it(
    'tells a base image it cannot pull (no credential for the registry) from a failing RUN, with the diagnosis',
    async () => {
      const base = `${h.basicRegistry.host}/team/absent:1`;
      const dir = projectOf({
        'prefect.yaml': prefectYaml(uniqueImage(), 'dockerfile: Dockerfile\npull: false'),
        Dockerfile: `FROM ${base}\nRUN echo never\n`,
        'flows/hello.py': FLOW,
      });
      // A Berth with no login for the registry: the engine pulls without one.
      const anonymous = berthOn(h, { env: { BERTH_REGISTRY_AUTH: '{}' } });
      const ran = await runFlow(anonymous, { dir, flowId: 'greet' }).finally(() =>
        anonymous.core.close(),
      );
      expect(ran.entry.result).toBe('failed');
      expect(ran.error?.code).toBe('build.base_image_missing');
      expect(ran.error?.message).toContain(
        `The base image ${base} of Dockerfile:1 could not be pulled`,
      );
      // The diagnosis classifies the engine's own words, as for a failed pull.
      const verdict = await (
        await b.core.diagnose()
      ).offline(String(ran.error?.details?.engineMessage), base);
      expect(ran.error?.details?.cause).toBe(verdict.cause);
      expect(verdict.cause).toBe('no_credentials');
      expect(ran.error?.hint).toBe(verdict.fix[0]);

      // With the login the build is given it, and the registry says what is true: no such image.
      const withLogin = await runFlow(b, { dir, flowId: 'greet' });
      expect(withLogin.error?.code).toBe('build.base_image_missing');
      expect(withLogin.error?.details?.cause).not.toBe('no_credentials');
      expect(String(withLogin.error?.details?.engineMessage)).not.toMatch(/no basic auth/i);
    },
    BUILD_TIMEOUT,
  );

  it(
    'cancels mid-build: the build stops, the run ends cancelled, nothing is left running',
    async () => {
      const image = uniqueImage();
      const dir = projectOf({
        'prefect.yaml': prefectYaml(image, 'dockerfile: Dockerfile\npull: false'),
        Dockerfile: 'FROM berth-test/python:3\nRUN echo sleeping && sleep 60\n',
        'flows/hello.py': FLOW,
      });
      const cancel = new AbortController();
      const started = Date.now();
      const ran = await runFlow(
        b,
        { dir, flowId: 'greet' },
        {
          signal: cancel.signal,
          onOutput: (chunk) => {
            if (chunk.includes('sleeping')) cancel.abort();
          },
        },
      );
      expect(ran.entry.result).toBe('cancelled');
      expect(ran.output).toContain('sleeping');
      expect(Date.now() - started).toBeLessThan(45_000);
      await expect(docker.getImage(`${image}:dev`).inspect()).rejects.toMatchObject({
        statusCode: 404,
      });
      // The engine stopped the RUN's container (the classic builder removes it on cancel).
      await expect
        .poll(
          async () =>
            (await docker.listContainers()).filter((c) => c.Command.includes('sleep 60')).length,
          { timeout: 20_000 },
        )
        .toBe(0);
    },
    BUILD_TIMEOUT,
  );

  it(
    'sends the context docker build would send: .dockerignore applied as the docker CLI applies it',
    async () => {
      const files = {
        'app.py': 'print(1)\n',
        'data/big.bin': 'x'.repeat(1000),
        'data/keep.txt': 'kept\n',
        'sub/cache/c.txt': 'c\n',
        'sub/run.log': 'log\n',
        'sub/deep/inner.log': 'log\n',
        'sub/notes.md': 'notes\n',
        '.git/HEAD': 'ref\n',
        '.dockerignore':
          '# real-world style\ndata\n!data/keep.txt\n*.log\n**/cache\n/.git\nsub/**/*.log\nDockerfile\n',
        Dockerfile:
          'FROM berth-test/python:3\nCOPY . /ctx\nRUN cd /ctx && find . | sort > /listing\n',
      };
      const dir = projectOf(files);
      const env = { ...process.env, DOCKER_HOST: h.dockerHost, DOCKER_BUILDKIT: '0' };
      const cliTag = `${uniqueImage()}:cli`;
      execFileSync('docker', ['build', '-q', '-t', cliTag, dir], { env, stdio: 'ignore' });
      const listing = (tag: string) =>
        execFileSync('docker', ['run', '--rm', tag, 'cat', '/listing'], { env, encoding: 'utf8' });

      const image = uniqueImage();
      writeFileSync(
        join(dir, 'berth.yaml'),
        `flows:\n  - name: ctx\n    image: ${image}:dev\n    command: [cat, /listing]\n    build:\n      dockerfile: Dockerfile\n`,
      );
      // berth.yaml is a file of the context too: docker build sees it as well.
      execFileSync('docker', ['build', '-q', '-t', cliTag, dir], { env, stdio: 'ignore' });
      const discovery = await discoverFlows(dir, { env: b.env });
      const flow = discovery.flows.find((f) => f.name === 'ctx');
      expect(flow?.build).toBeDefined();
      if (!flow) return;
      const plan = planBuild(flow, dir, {});
      expect(plan).not.toBeNull();
      if (!plan) return;
      const record = await (await b.core.builds()).build(plan, b.core.engine);
      expect(listing(record.imageId)).toBe(listing(cliTag));
      expect(listing(record.imageId)).toContain('./data/keep.txt');
      expect(listing(record.imageId)).not.toContain('big.bin');
    },
    BUILD_TIMEOUT,
  );

  it(
    'berth build --json builds and prints the record; berth run --build never runs the tag as it is',
    async () => {
      const image = uniqueImage();
      const dir = projectOf({
        'prefect.yaml': prefectYaml(image, 'dockerfile: Dockerfile\npull: false'),
        Dockerfile: GREETING_DOCKERFILE,
        'flows/hello.py': FLOW,
      });
      const env = { ...b.env, BERTH_HOME: b.home };
      const built = await cli(['build', 'greet', '--dir', dir, '--json'], env, undefined, 600_000);
      expect(built.code).toBe(0);
      const record = JSON.parse(built.stdout) as {
        imageId: string;
        image: string;
        reused: boolean;
      };
      expect(record).toMatchObject({ image: `${image}:dev`, reused: false });
      expect((await docker.getImage(`${image}:dev`).inspect()).Id).toBe(record.imageId);
      expect(built.stderr).toContain('Step 1/5');

      const again = await cli(['build', 'greet', '--dir', dir, '--json'], env, undefined, 600_000);
      expect(JSON.parse(again.stdout)).toMatchObject({ imageId: record.imageId, reused: true });

      const never = await cli(
        ['run', 'greet', '--dir', dir, '--build', 'never', '--json'],
        env,
        undefined,
        120_000,
      );
      expect(never.code).toBe(0);
      expect(never.stderr).not.toContain('Step 1/');
      expect(JSON.parse(never.stdout)).not.toHaveProperty('build');

      const bad = await cli(['run', 'greet', '--dir', dir, '--build', 'sometimes', '--json'], env);
      expect(bad.code).toBe(2);
      expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'usage.invalid_build_mode' } });
    },
    BUILD_TIMEOUT,
  );
});
