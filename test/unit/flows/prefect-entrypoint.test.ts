/**
 * Where prefect deploy finds a prefect.yaml's entrypoints (PrefectHQ/prefect ce79dd3):
 * - from its cwd, which `--prefect-file` lets be any folder from the yaml's up to the repository
 *   root (flows.py load_flow_from_entrypoint reads the path from the cwd);
 * - a string without ".py:" is a module path (pkg.mod.func or pkg.mod:func), imported by name
 *   with the cwd on sys.path (utilities/importtools.py import_object, load_module);
 * - a `{{ NAME }}` without `$` is looked up in the environment by the first templating pass
 *   (cli/deploy/_core.py _run_single_deploy: apply_values(deploy_config, os.environ)).
 * The YAML shapes here are written for the rules; none is copied from a project.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { LAUNCHER_PY, launcherEnv } from '../../../src/flows/launcher';
import { parseEntrypoint } from '../../../src/flows/prefect-entrypoint';
import { engineFromEnv } from '../../../src/engine';
import { prepareRun } from '../../../src/runs';
import { HELLO_PY, flowNamed, problemLines, projects } from './project';

const project = projects();

const deployments = (...entries: [string, string][]): string =>
  [
    'deployments:',
    ...entries.flatMap(([name, entrypoint]) => [
      `  - name: ${name}`,
      `    entrypoint: ${entrypoint}`,
      '    work_pool: { name: pool }',
    ]),
    '',
  ].join('\n');

describe('the shape of an entrypoint', () => {
  it('splits scripts at the last colon and modules at the last colon, else the last dot', () => {
    expect(parseEntrypoint('flows/a.py:main')).toEqual({
      file: 'flows/a.py',
      module: null,
      functionName: 'main',
    });
    expect(parseEntrypoint('pkg.flows.daily.run_daily')).toEqual({
      file: null,
      module: 'pkg.flows.daily',
      functionName: 'run_daily',
    });
    expect(parseEntrypoint('pkg.flows:run')).toEqual({
      file: null,
      module: 'pkg.flows',
      functionName: 'run',
    });
    // import_object needs a "." or ":" to split; a path without ".py:" is no module name.
    expect(parseEntrypoint('main')).toBeNull();
    expect(parseEntrypoint('flows/a.py')).toBeNull();
    expect(parseEntrypoint('flows/a:main')).toBeNull();
  });
});

describe('the folder prefect deploy runs in', () => {
  it('finds entrypoints from a parent of the yaml’s folder, and says which folder and how to deploy', async () => {
    const root = project({
      'app/deploy/prefect.yaml': deployments(
        ['one', './jobs/a.py:main'],
        ['two', 'jobs/b.py:main'],
      ),
      'app/jobs/a.py': HELLO_PY,
      'app/jobs/b.py': HELLO_PY,
    });
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([]);
    expect(result.flows.map((f) => f.entrypoint?.path)).toEqual(['app/jobs/a.py', 'app/jobs/b.py']);
    expect(flowNamed(result, 'one').warnings).toContain(
      'The entrypoint ./jobs/a.py is found from app/, not from the project folder: prefect deploy must run in app/ (cd app && prefect deploy --prefect-file deploy/prefect.yaml).',
    );
  });

  it('keeps entrypoints written from the repository root when the yaml is in a subfolder', async () => {
    const root = project({
      'ops/prefect.yaml': deployments(['root', 'flows/hello.py:main']),
      'flows/hello.py': HELLO_PY,
    });
    const flow = flowNamed(await discoverFlows(root), 'root');
    expect(flow.entrypoint).toEqual({ path: 'flows/hello.py', function: 'main' });
    expect(flow.warnings).toContain(
      'The entrypoint flows/hello.py is found from the project folder, not from ops/: prefect deploy runs there (prefect deploy --prefect-file ops/prefect.yaml).',
    );
  });

  it('takes the nearest folder when the file exists from two, and names the other', async () => {
    const root = project({
      'sub/prefect.yaml': deployments(['near', 'flow.py:main']),
      'sub/flow.py': HELLO_PY,
      'flow.py': HELLO_PY,
    });
    const flow = flowNamed(await discoverFlows(root), 'near');
    expect(flow.entrypoint?.path).toBe('sub/flow.py');
    expect(flow.warnings).toContain(
      'flow.py is also found as flow.py: Berth takes sub/flow.py, from sub/; if prefect deploy runs elsewhere, it loads the other.',
    );
  });

  it('takes the one folder most entrypoints are found from, and says which cannot deploy with them', async () => {
    const root = project({
      'sub/prefect.yaml': deployments(
        ['a', 'flows/a.py:main'],
        ['b', 'flows/b.py:main'],
        ['c', 'c.py:main'],
      ),
      'flows/a.py': HELLO_PY,
      'flows/b.py': HELLO_PY,
      'sub/c.py': HELLO_PY,
    });
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([]);
    expect(result.flows.map((f) => f.entrypoint?.path)).toEqual([
      'flows/a.py',
      'flows/b.py',
      'sub/c.py',
    ]);
    expect(flowNamed(result, 'c').warnings).toContain(
      "The file's other entrypoints are found from the project folder, this one only from sub/: prefect deploy --all runs in one folder, so it cannot deploy them all in one run.",
    );
  });

  it('says where it looked for a file found from no folder', async () => {
    const root = project({ 'a/b/prefect.yaml': deployments(['gone', 'x.py:main']) });
    const result = await discoverFlows(root);
    expect(result.problems.map((p) => [p.line, p.message, p.hint])).toEqual([
      [
        3,
        'entrypoint x.py:main — x.py does not exist',
        'Prefect reads the entrypoint from the folder prefect deploy runs in (looked for x.py from a/b/, a/, the project folder).',
      ],
    ]);
  });
});

describe('module-path entrypoints', () => {
  it('finds pkg/mod.py and pkg/__init__.py as Python’s import would, and shows the deployments', async () => {
    const root = project({
      'prefect.yaml': deployments(
        ['dotted', 'jobs.nightly.main'],
        ['colon', 'jobs:main'],
        ['missing', 'jobs.nowhere.main'],
      ),
      'jobs/__init__.py': HELLO_PY,
      'jobs/nightly.py': HELLO_PY,
    });
    const result = await discoverFlows(root);
    expect(flowNamed(result, 'dotted').entrypoint).toEqual({
      path: 'jobs/nightly.py',
      function: 'main',
      module: 'jobs.nightly',
      importRoot: '.',
    });
    expect(flowNamed(result, 'dotted').parameters.map((p) => [p.name, p.default])).toEqual([
      ['name', 'world'],
    ]);
    expect(flowNamed(result, 'colon').entrypoint).toMatchObject({
      path: 'jobs/__init__.py',
      module: 'jobs',
    });
    expect(problemLines(result)).toEqual([
      'prefect.yaml:9: entrypoint jobs.nowhere.main — module jobs.nowhere is not found: looked for jobs/nowhere.py or jobs/nowhere/__init__.py from the project folder, src/',
    ]);
  });

  it('finds a src-layout package beside the yaml and runs it by module name with that folder on sys.path', async () => {
    const root = project({
      'pipelines/prefect.yaml': deployments(['ingest', 'acme_pipes.flows.ingest.main']),
      'pipelines/src/acme_pipes/__init__.py': '',
      'pipelines/src/acme_pipes/flows/__init__.py': '',
      'pipelines/src/acme_pipes/flows/ingest.py': HELLO_PY,
    });
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([]);
    const flow = flowNamed(result, 'ingest');
    expect(flow.entrypoint).toEqual({
      path: 'pipelines/src/acme_pipes/flows/ingest.py',
      function: 'main',
      module: 'acme_pipes.flows.ingest',
      importRoot: 'pipelines/src',
    });
    expect(flow.warnings.join('\n')).toMatch(
      /acme_pipes\.flows\.ingest is in pipelines\/src\/ \(a src layout\)/,
    );
    const engine = engineFromEnv({ DOCKER_HOST: 'unix:///nonexistent' });
    const prepared = await prepareRun(
      { dir: root, flowId: flow.id, parameters: { name: 'mod' } },
      { env: {}, engine, dataDir: project({}) },
    );
    expect(prepared.spec.Env).toContain('BERTH_ENTRYPOINT=acme_pipes.flows.ingest:main');
    expect(prepared.spec.Env).toContain('BERTH_IMPORT_PATH=/opt/berth/project/pipelines/src');
  });
});

describe('the launcher with a module entrypoint', () => {
  it('imports the module by name, so its relative imports work, as import_object does', () => {
    const dir = project({
      'src/acme/__init__.py': '',
      'src/acme/helpers.py': 'GREETING = "hi from a package"\n',
      'src/acme/job.py':
        'from .helpers import GREETING\n\ndef main(who="x"):\n    print(GREETING, who, __name__)\n',
    });
    mkdirSync(join(dir, 'run'), { recursive: true });
    writeFileSync(join(dir, 'run', 'launcher.py'), LAUNCHER_PY);
    const launched = spawnSync('python3', [join(dir, 'run', 'launcher.py')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        ...launcherEnv('acme.job:main', { who: 'me' }, join(dir, 'src')),
      },
      encoding: 'utf8',
    });
    expect(launched.stderr).toBe('');
    // The module keeps its own name (a file import would call it berth_flow_module).
    expect(launched.stdout).toBe('hi from a package me acme.job\n');
    expect(launched.status).toBe(0);
    const missing = spawnSync('python3', [join(dir, 'run', 'launcher.py')], {
      cwd: dirname(dir),
      env: { PATH: process.env.PATH ?? '', ...launcherEnv('acme.job:main', {}) },
      encoding: 'utf8',
    });
    expect(missing.stderr).toMatch(/ModuleNotFoundError: No module named 'acme'/);
    expect(missing.status).toBe(1);
  });
});

describe('a {{ NAME }} placeholder without $', () => {
  const yaml = [
    'deployments:',
    '  - name: d',
    '    entrypoint: flows/hello.py:main',
    '    work_pool:',
    '      name: pool',
    '      job_variables:',
    '        env:',
    '          TARGET: "{{ SCRATCH_DIR }}"',
    '',
  ].join('\n');

  it('is filled from the environment, as prefect deploy’s first pass fills it', async () => {
    const root = project({ 'prefect.yaml': yaml, 'flows/hello.py': HELLO_PY });
    const flow = flowNamed(await discoverFlows(root, { env: { SCRATCH_DIR: '/scratch' } }), 'd');
    expect(flow.env).toEqual({ TARGET: '/scratch' });
    expect(flow.unresolved).toEqual([]);
  });

  it('says the environment was looked in when it is not set', async () => {
    const root = project({ 'prefect.yaml': yaml, 'flows/hello.py': HELLO_PY });
    const flow = flowNamed(await discoverFlows(root, { env: {} }), 'd');
    expect(flow.unresolved).toEqual([
      {
        template: '{{ SCRATCH_DIR }}',
        where: 'work_pool.job_variables.env.TARGET',
        why: 'no build or push step produces SCRATCH_DIR, and no environment variable SCRATCH_DIR is set (prefect deploy looks a {{ NAME }} up in the environment too)',
      },
    ]);
  });
});
