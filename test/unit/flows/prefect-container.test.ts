/** docker-py's parse_bytes and shlex.split, as the Prefect docker worker hands values to them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  containerLabels,
  dockerLabels,
  parseBytes,
  prefectWorkerLabels,
  shlexSplit,
} from '../../../src/flows/prefect-container';
import { discoverFlows } from '../../../src/flows/discover';
import { containerSpec } from '../../../src/runs/run-spec';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

describe('parseBytes (docker-py utils.parse_bytes)', () => {
  it('reads units b, k, m, g in either case, a trailing b after a unit, and bare bytes', () => {
    expect(parseBytes('100000b')).toBe(100000);
    expect(parseBytes('1000k')).toBe(1024000);
    expect(parseBytes('128m')).toBe(128 * 1024 ** 2);
    expect(parseBytes('1G')).toBe(1024 ** 3);
    expect(parseBytes('512mb')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('4096')).toBe(4096);
    expect(parseBytes(4096)).toBe(4096);
    expect(parseBytes('-1')).toBe(-1);
  });
  it('refuses what docker-py refuses', () => {
    expect(parseBytes('lots')).toBeNull();
    expect(parseBytes('12t')).toBeNull();
    expect(parseBytes('')).toBeNull();
    expect(parseBytes(true)).toBeNull();
  });
});

describe('shlexSplit (shlex.split, POSIX)', () => {
  it('groups quotes and honours backslashes as shlex does', () => {
    expect(shlexSplit(`python -m pkg.run --name "a b" 'c "d"' e\\ f`)).toEqual([
      'python',
      '-m',
      'pkg.run',
      '--name',
      'a b',
      'c "d"',
      'e f',
    ]);
    expect(shlexSplit(`echo "x\\"y" ''`)).toEqual(['echo', 'x"y', '']);
    expect(shlexSplit('  ')).toEqual([]);
    expect(shlexSplit(`echo 'open`)).toBeNull();
  });
});

describe('dockerLabels', () => {
  it('reverses the namespace of a namespaced label, as the worker does', () => {
    expect(dockerLabels({ 'prefect.io/flow-run-id': 'x', 'a.b.c/d/e': 1, plain: 'p' })).toEqual({
      'io.prefect.flow-run-id': 'x',
      'c.b.a.d/e': '1',
      plain: 'p',
    });
  });
});

describe("the worker's own labels (prefect/workers/base.py, prefect_docker/worker.py)", () => {
  it('names the deployment, the work pool and the prefect-version, in Docker format', () => {
    expect(prefectWorkerLabels('nightly', 'docker-pool', '3.1.2')).toEqual({
      'io.prefect.deployment-name': 'nightly',
      'io.prefect.work-pool-name': 'docker-pool',
      'io.prefect.version': '3.1.2',
    });
    // YAML reads prefect-version: 2.14 as a number; no work pool name, no label.
    expect(prefectWorkerLabels('d', undefined, 2.14)).toEqual({
      'io.prefect.deployment-name': 'd',
      'io.prefect.version': '2.14',
    });
  });

  it("puts the job's labels over the worker's, and the worker's io.prefect.version over both", () => {
    const worker = prefectWorkerLabels('nightly', 'pool', '3.1.2');
    const own = dockerLabels({
      'prefect.io/deployment-name': 'mine',
      'prefect.io/version': '9.9',
      team: 'data',
    });
    expect(containerLabels(worker, own)).toEqual({
      'io.prefect.deployment-name': 'mine',
      'io.prefect.work-pool-name': 'pool',
      'io.prefect.version': '3.1.2',
      team: 'data',
    });
  });

  it("labels a deployment's container from its prefect.yaml", async () => {
    const root = tempDir('berth-labels-');
    mkdirSync(join(root, 'flows'));
    writeFileSync(join(root, 'flows', 'hello.py'), 'def hello():\n    pass\n');
    writeFileSync(
      join(root, 'prefect.yaml'),
      [
        'prefect-version: 2.20.3',
        'deployments:',
        '  - name: nightly',
        '    entrypoint: flows/hello.py:hello',
        '    work_pool:',
        '      name: docker-pool',
        '      job_variables:',
        '        image: python:3.12',
        '        labels: {team: data}',
        '',
      ].join('\n'),
    );
    const { flows } = await discoverFlows(root);
    const flow = flows[0];
    expect(flow?.workerLabels).toEqual({
      'io.prefect.deployment-name': 'nightly',
      'io.prefect.work-pool-name': 'docker-pool',
      'io.prefect.version': '2.20.3',
    });
    const spec = containerSpec({
      runId: 'r1',
      image: 'python:3.12',
      projectDir: root,
      entrypoint: { path: 'flows/hello.py', function: 'hello', parameters: {} },
      env: {},
      volumes: [],
      autoRemove: false,
      platform: 'linux',
      container: flow?.container,
      workerLabels: flow?.workerLabels,
    });
    expect(spec.Labels).toMatchObject({
      'io.prefect.deployment-name': 'nightly',
      'io.prefect.version': '2.20.3',
      team: 'data',
      'berth.run-id': 'r1',
    });
  });
});
