/**
 * The walk over an opened folder: which files are read, the limits that keep a huge folder
 * cheap, and YAML syntax errors reported with their file, line and column.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { DiscoveryResult } from '../../../src/shared/flows';
import { failure } from '../../harness/failures';
import { HELLO_PY, problemLines, projects } from './project';

const project = projects();

const BERTH_YAML = (name: string) =>
  `flows:\n  - name: ${name}\n    image: alpine\n    command: echo ${name}\n`;

describe('malformed YAML', () => {
  it('names the file, line and column, and still finds the other files’ flows', async () => {
    const root = project({
      'prefect.yaml': 'deployments:\n  - name: a\n    entrypoint: [flows/hello.py:main\n',
      'jobs/valohai.yaml':
        '- step:\n    name: x\n    name: y\n    image: alpine\n    command: echo hi\n',
      'berth.yaml': BERTH_YAML('fine'),
    });
    const result = await discoverFlows(root);
    // A duplicate key is not an error: PyYAML, which Valohai and Prefect load with, keeps the last.
    expect(result.flows.map((f) => f.name)).toEqual(['fine', 'y']);
    expect(result.flows[1]?.warnings[0]).toBe(
      'jobs/valohai.yaml:3: key name is written twice (first at line 2); the last one is used, as PyYAML does',
    );
    expect(result.problems.map((p) => [p.file, p.line])).toEqual([['prefect.yaml', 4]]);
    expect(problemLines(result)).toEqual([
      expect.stringMatching(/^prefect\.yaml:4: YAML syntax error: .* at line 4, column 1$/),
    ]);
    expect(result.problems[0]?.hint).toMatch(/flows in this file are skipped/);
  });

  it('points at an alias with no anchor, and refuses alias bombs', async () => {
    const nine = (x: string) => `[${Array(9).fill(x).join(', ')}]`;
    const root = project({
      'berth.yaml': 'flows:\n  - name: x\n    image: *img\n',
      'bomb/berth.yaml': `a: &a ${nine('lol')}\nb: &b ${nine('*a')}\nc: &c ${nine('*b')}\nd: &d ${nine('*c')}\nflows: ${nine('*d')}\n`,
    });
    expect(problemLines(await discoverFlows(root))).toEqual([
      'berth.yaml:3: YAML alias *img has no anchor &img before it',
      expect.stringMatching(/^bomb\/berth\.yaml: YAML could not be read: .*alias/i),
    ]);
  });

  it('returns a result that matches the shared schema', async () => {
    const root = project({ 'berth.yaml': BERTH_YAML('one'), 'bad/berth.yaml': 'flows: [' });
    const result = await discoverFlows(root);
    expect(DiscoveryResult.parse(result)).toEqual(result);
    expect(result.root).toBe(root);
  });
});

describe('the walk', () => {
  it('skips node_modules, virtualenvs, caches and hidden folders', async () => {
    const root = project({
      'node_modules/pkg/berth.yaml': BERTH_YAML('from-node-modules'),
      '.venv/lib/flows.py': HELLO_PY,
      'venv/lib/flows.py': HELLO_PY,
      '__pycache__/berth.yaml': BERTH_YAML('from-cache'),
      '.git/berth.yaml': BERTH_YAML('from-git'),
      '.hidden/berth.yaml': BERTH_YAML('from-hidden'),
      'src/app/berth.yaml': BERTH_YAML('kept'),
    });
    const result = await discoverFlows(root);
    expect(result.flows.map((f) => `${f.file} ${f.name}`)).toEqual(['src/app/berth.yaml kept']);
  });

  it('looks 6 folders deep and no deeper, and says so', async () => {
    const six = 'a/b/c/d/e/f';
    const root = project({
      [`${six}/berth.yaml`]: BERTH_YAML('six-deep'),
      [`${six}/g/berth.yaml`]: BERTH_YAML('seven-deep'),
    });
    const result = await discoverFlows(root);
    expect(result.flows.map((f) => f.name)).toEqual(['six-deep']);
    expect(problemLines(result)).toEqual(['.: folders deeper than 6 levels were not searched']);
  });

  it('stops after the file limit, shallow files first', async () => {
    const files: Record<string, string> = { 'berth.yaml': BERTH_YAML('top') };
    for (let i = 0; i < 5; i++) files[`deep/file${i}.txt`] = 'x';
    files['deep/zz/berth.yaml'] = BERTH_YAML('late');
    const result = await discoverFlows(project(files), { maxFiles: 4 });
    expect(result.flows.map((f) => f.name)).toEqual(['top']);
    expect(problemLines(result)).toEqual([
      '.: the folder has more than 4 files: discovery stopped there',
    ]);
  });

  it('does not read files over the size limit', async () => {
    const big = `${BERTH_YAML('big')}# ${'x'.repeat(2000)}\n`;
    const root = project({ 'berth.yaml': big, 'flows.py': `${HELLO_PY}# ${'x'.repeat(2000)}\n` });
    const result = await discoverFlows(root, { maxFileBytes: 1000 });
    expect(result.flows).toEqual([]);
    expect(problemLines(result)).toEqual([
      'berth.yaml: berth.yaml is larger than 1000 bytes and was not read',
    ]);
  });

  it('does not follow symlinks out of the project', async () => {
    const outside = project({ 'berth.yaml': BERTH_YAML('outside') });
    const root = project({ 'berth.yaml': BERTH_YAML('inside') });
    symlinkSync(outside, join(root, 'linked-dir'));
    symlinkSync(join(outside, 'berth.yaml'), join(root, 'sub-berth.yaml'));
    const result = await discoverFlows(root);
    expect(result.flows.map((f) => f.name)).toEqual(['inside']);
  });

  it('keeps ids unique when deployments of two flows share a name', async () => {
    const root = project({
      'flows/hello.py': HELLO_PY,
      'flows/other.py': HELLO_PY,
      'prefect.yaml': `deployments:
  - { name: nightly, entrypoint: "flows/hello.py:main" }
  - { name: nightly, entrypoint: "flows/other.py:main", parameters: { name: b } }
`,
    });
    const result = await discoverFlows(root);
    expect(result.flows.map((f) => f.id)).toEqual([
      'prefect-deployment:prefect.yaml:nightly',
      'prefect-deployment:prefect.yaml:nightly#2',
    ]);
  });

  it('keeps the later of two deployments with one name and entrypoint, as prefect deploy --all leaves it', async () => {
    const root = project({
      'flows/hello.py': HELLO_PY,
      'prefect.yaml': `deployments:
  - { name: nightly, entrypoint: "flows/hello.py:main", parameters: { name: a } }
  - { name: nightly, entrypoint: "flows/hello.py:main", parameters: { name: b } }
`,
    });
    const { flows } = await discoverFlows(root);
    expect(flows).toHaveLength(1);
    expect(flows[0]?.line).toBe(3);
    expect(flows[0]?.parameters.find((p) => p.name === 'name')?.default).toBe('b');
    expect(flows[0]?.warnings).toContain(
      'deployment nightly is also written at line 2 for the same entrypoint: prefect deploy --all deploys both in turn, so this later one replaces it.',
    );
  });

  it('refuses a root that is not a folder', async () => {
    const root = project({ 'file.txt': 'x' });
    const error = await failure(() => discoverFlows(join(root, 'file.txt')));
    expect(error.code).toBe('flows.root_not_found');
    expect((await failure(() => discoverFlows(join(root, 'nope')))).code).toBe(
      'flows.root_not_found',
    );
  });
});
