/**
 * The build before a run against the docker CLI, on a private dockerd with the harness's
 * Python image: `berth build --always` of a small project (a prefect.yaml build step, 200
 * source files, a .dockerignore) vs `docker build` of the same context with the classic
 * builder (DOCKER_BUILDKIT=0) and the same label step Berth adds. Goal: at most 1.1x.
 * Both hit the engine's layer cache after the warm-up round, so this measures what Berth adds
 * (reading, hashing and sending the context, the CLI's start) rather than the engine's copying.
 * Two Berth figures: the `berth build` command (Node's start-up and the bundle's load
 * included, which a Go binary does not pay), and the build path in-process, as the app's
 * one-click run takes it (BuildService.build on a core made once). The three are interleaved
 * in each round so a busy machine weighs on all alike. Median of 5 rounds.
 * Usage: npm run build && npm run bench -- build
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { planBuild } from '../src/build';
import { discoverFlows } from '../src/flows/discover';
import { createBerthCore } from '../src/host/core';
import { startDockerd } from '../test/harness/dockerd';
import { shortTempDir } from '../test/harness/processes';
import { PYTHON_IMAGE, importPythonImage } from '../test/harness/python-image';
import { berthCli, ratioLine, repeat, timeCommand } from './lib/measure';

const RUNS = 5;

const dockerd = await startDockerd();
const work = shortTempDir('bb-');
try {
  await importPythonImage(new Docker({ socketPath: dockerd.socketPath }));
  const project = join(work.path, 'project');
  mkdirSync(join(project, 'flows', 'lib'), { recursive: true });
  mkdirSync(join(project, 'data'), { recursive: true });
  for (let i = 0; i < 200; i += 1) {
    writeFileSync(join(project, 'flows', 'lib', `m${i}.py`), `VALUE = ${i}\n`.repeat(50));
  }
  writeFileSync(join(project, 'data', 'ignored.bin'), Buffer.alloc(5 * 1024 * 1024));
  writeFileSync(join(project, '.dockerignore'), 'data\n');
  writeFileSync(
    join(project, 'flows', 'hello.py'),
    'def hello():\n    print("hello", flush=True)\n',
  );
  writeFileSync(
    join(project, 'Dockerfile'),
    `FROM ${PYTHON_IMAGE}\nCOPY flows /opt/prefect/project/flows\n`,
  );
  writeFileSync(
    join(project, 'prefect.yaml'),
    `build:
  - prefect_docker.deployments.steps.build_docker_image:
      id: build_image
      image_name: bench/built
      tag: dev
      dockerfile: Dockerfile
      pull: false
deployments:
  - name: hello
    entrypoint: flows/hello.py:hello
    work_pool:
      name: local
      job_variables:
        image: '{{ build_image.image }}'
`,
  );
  const env = {
    ...process.env,
    DOCKER_HOST: dockerd.dockerHost,
    DOCKER_BUILDKIT: '0',
    HOME: work.path,
    BERTH_HOME: join(work.path, 'home'),
  };
  const berthBuild = () =>
    timeCommand(process.execPath, [berthCli, 'build', 'hello', '--dir', project, '--always'], {
      env,
    });
  const dockerBuild = () =>
    timeCommand(
      'docker',
      ['build', '-q', '-t', 'bench/cli:dev', '--label', 'dev.berth.build.hash=bench', project],
      { env },
    );

  const core = createBerthCore({ env });
  const flow = (await discoverFlows(project, { env })).flows.find((f) => f.name === 'hello');
  const plan = flow ? planBuild(flow, project, { build: 'always' }) : null;
  if (!plan) throw new Error('the bench project names no build');
  const inProcess = async () => {
    const started = performance.now();
    await (await core.builds()).build(plan, core.engine);
    return performance.now() - started;
  };

  // One untimed round of each fills the engine's layer cache and the page cache.
  await berthBuild();
  await dockerBuild();
  await inProcess();

  const times = await repeat(RUNS, async () => {
    const berth = await berthBuild();
    if (!berth.stdout.includes('bench/built:dev is sha256:')) {
      throw new Error(`berth build failed: ${berth.stdout}`);
    }
    const docker = await dockerBuild();
    const path = await inProcess();
    return { berth: berth.ms, docker: docker.ms, path };
  });
  core.close();
  console.log(`build of a small project (201 files, 5 MB ignored), median of ${RUNS}:`);
  console.log(
    ratioLine(
      '  the build path in-process (the app) vs docker build (classic)',
      times.path,
      times.docker,
      'docker',
      1.1,
    ),
  );
  console.log(
    ratioLine(
      '  berth build (CLI, Node start-up included) vs docker build',
      times.berth,
      times.docker,
      'docker',
    ),
  );
} finally {
  await dockerd.stop();
  work.remove();
}
