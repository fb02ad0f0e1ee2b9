/**
 * Flow runs against the docker CLI, on a private dockerd with the harness's Python image:
 * - time from `berth run` to the flow's first output line vs `docker run --rm` of the same
 *   image and command (goal: at most 1.2x);
 * - streaming 100,000 lines: `berth run`'s wall time vs `docker run -d` + `docker logs -f`
 *   of the same container (goal: at most 1.3x). All with a TTY, as Berth runs flows.
 * Median of 5 runs each. Usage: npm run build && npm run bench -- run
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { startDockerd } from '../test/harness/dockerd';
import { shortTempDir } from '../test/harness/processes';
import { PYTHON_IMAGE, importPythonImage } from '../test/harness/python-image';
import { berthCli, ratioLine, repeat, timeCommand } from './lib/measure';

const HELLO = "print('hello from the flow', flush=True)";
const LINES =
  "import sys\nfor i in range(100000):\n    sys.stdout.write('line %d of 100000\\n' % (i + 1))";
const RUNS = 5;

const dockerd = await startDockerd();
const work = shortTempDir('br-');
try {
  await importPythonImage(new Docker({ socketPath: dockerd.socketPath }));
  const project = join(work.path, 'project');
  mkdirSync(project);
  const flow = (name: string, code: string) =>
    `  - name: ${name}\n    image: ${PYTHON_IMAGE}\n    pull_policy: never\n    auto_remove: true\n    command: [python3, -c, ${JSON.stringify(code)}]\n`;
  writeFileSync(
    join(project, 'berth.yaml'),
    `flows:\n${flow('hello', HELLO)}${flow('lines', LINES)}`,
  );
  const env = {
    ...process.env,
    DOCKER_HOST: dockerd.dockerHost,
    HOME: work.path,
    BERTH_HOME: join(work.path, 'home'),
  };
  const berthRun = (name: string) =>
    timeCommand(process.execPath, [berthCli, 'run', name, '--dir', project], { env });

  // One untimed round of each warms the page cache and the engine.
  await berthRun('hello');
  await timeCommand('docker', ['run', '--rm', PYTHON_IMAGE, 'python3', '-c', HELLO], { env });

  const first = await repeat(RUNS, async () => {
    const berth = await berthRun('hello');
    const docker = await timeCommand(
      'docker',
      ['run', '--rm', '-t', PYTHON_IMAGE, 'python3', '-c', HELLO],
      { env },
    );
    // The same container as Berth's: the project bind-mounted as the working dir.
    const mounted = await timeCommand(
      'docker',
      [
        'run',
        '--rm',
        '-t',
        '-v',
        `${project}:/opt/berth/project`,
        '-w',
        '/opt/berth/project',
      ].concat([PYTHON_IMAGE, 'python3', '-c', HELLO]),
      { env },
    );
    if (!berth.stdout.includes('hello from the flow')) throw new Error('berth printed no output');
    return {
      berth: berth.firstOutputMs,
      docker: docker.firstOutputMs,
      mounted: mounted.firstOutputMs,
    };
  });
  console.log(`first output line, median of ${RUNS}:`);
  console.log(
    ratioLine('  berth run vs docker run --rm', first.berth, first.docker, 'docker', 1.2),
  );
  console.log(
    ratioLine(
      '  berth run vs docker run --rm -v <project> -w',
      first.berth,
      first.mounted,
      'docker',
      1.2,
    ),
  );

  const stream = await repeat(RUNS, async () => {
    const berth = await berthRun('lines');
    if (!berth.stdout.includes('line 100000 of 100000')) throw new Error('berth lost lines');
    const docker = await timeCommand(
      'sh',
      [
        '-c',
        // Berth's container (--rm as auto_remove, the project mounted as the working dir);
        // logs -f ends when the container does.
        `id=$(docker run -d -t --rm -v "$1:/opt/berth/project" -w /opt/berth/project ${PYTHON_IMAGE} python3 -c "$0") && docker logs -f "$id"`,
        LINES,
        project,
      ],
      { env },
    );
    if (!docker.stdout.includes('line 100000 of 100000')) throw new Error('docker lost lines');
    return { berth: berth.ms, docker: docker.ms };
  });
  console.log(`streaming 100,000 lines, wall time, median of ${RUNS}:`);
  console.log(
    ratioLine('  berth run vs docker run -d + logs -f', stream.berth, stream.docker, 'docker', 1.3),
  );
} finally {
  await dockerd.stop();
  work.remove();
}
