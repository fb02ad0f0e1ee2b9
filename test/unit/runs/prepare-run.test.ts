import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareRun } from '../../../src/runs/prepare-run';
import type { RunStartInput } from '../../../src/shared/runs';
import { tempDirs } from '../../harness/failures';
import { fakeEngine } from '../host/fake-engine';

const tempDir = tempDirs();
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');

function project(files: Record<string, string>): string {
  const dir = tempDir('berth-prepare-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function example(name: string): string {
  const dir = tempDir(`berth-${name}-`);
  cpSync(join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

const prepare = (input: RunStartInput) => prepareRun(input, { env: {}, engine: fakeEngine() });

describe('a run’s inputs, checked before anything runs', () => {
  it('finds the flow by name, coerces its parameters, and builds the launcher’s container', async () => {
    const dir = example('prefect-project');
    const run = await prepare({
      dir,
      flowId: 'hello-explicit',
      parameters: { count: '4', shout: 'yes' },
    });
    expect(run.flow.id).toBe('prefect-deployment:prefect.yaml:hello-explicit');
    expect(run.parameters).toEqual({ name: 'explicit', count: 4, shout: true, exit_code: 0 });
    expect(run.reference).toBe('docker.io/berth-test/python:3');
    expect(run.pullPolicy).toBe('NEVER');
    expect(run.engineName).toBe('unix:///tmp/fake.sock');
    expect(run.spec.Env).toContain('GREETING=Hi');
    expect(run.spec.HostConfig.Binds).toContain(`${join(dir, 'out')}:/data/out`);
  });

  it('puts a Valohai step’s values into its command', async () => {
    const run = await prepare({
      dir: example('valohai-project'),
      flowId: 'report',
      parameters: { epochs: 7 },
    });
    expect(run.spec.Cmd.at(-1)).toContain('python3 train.py --epochs 7 --report');
  });

  it('gives a berth.yaml command its values as BERTH_PARAM_ variables', async () => {
    const run = await prepare({
      dir: example('berth-project'),
      flowId: 'python-count',
      parameters: { count: '9', label: 'mine' },
    });
    expect(run.spec.Cmd).toEqual(['python3', 'count.py', '5']);
    expect(run.spec.Env).toEqual(
      expect.arrayContaining(['BERTH_PARAM_COUNT=9', 'BERTH_PARAM_LABEL=mine']),
    );
  });

  it('refuses an unknown flow, naming the flows there', async () => {
    await expect(prepare({ dir: example('berth-project'), flowId: 'nope' })).rejects.toMatchObject({
      code: 'run.unknown_flow',
      hint: 'The flows there are: shell-hello, python-count.',
    });
  });

  it('asks for the id when two flows share a name', async () => {
    const dir = project({
      'berth.yaml': 'flows:\n  - name: twin\n    image: python:3\n    command: [ls]\n',
      'sub/berth.yaml': 'flows:\n  - name: twin\n    image: python:3\n    command: [ls]\n',
    });
    await expect(prepare({ dir, flowId: 'twin' })).rejects.toMatchObject({
      code: 'run.ambiguous_flow',
      hint: 'Name one by its id: berth:berth.yaml:twin, berth:sub/berth.yaml:twin.',
    });
    const run = await prepare({ dir, flowId: 'berth:sub/berth.yaml:twin' });
    expect(run.flow.file).toBe('sub/berth.yaml');
  });

  it('refuses a flow whose definition has a problem, such as a volume outside the project', async () => {
    const dir = project({
      'berth.yaml':
        'flows:\n  - name: escape\n    image: python:3\n    command: [ls]\n    volumes: ["../..:/host"]\n  - name: fine\n    image: python:3\n    command: [ls]\n',
    });
    await expect(prepare({ dir, flowId: 'escape' })).rejects.toMatchObject({
      code: 'run.flow_has_problems',
      message: expect.stringContaining(
        'berth.yaml:5: flow escape: volume "../..:/host"',
      ) as unknown,
    });
    // The problem is escape's alone: the next flow in the file still runs.
    expect((await prepare({ dir, flowId: 'fine' })).flow.name).toBe('fine');
  });

  it('refuses an invalid image and a parameter of the wrong type', async () => {
    const dir = example('prefect-project');
    await expect(
      prepare({ dir, flowId: 'hello-explicit', image: 'Not/An Image' }),
    ).rejects.toMatchObject({ code: 'run.invalid_image' });
    await expect(
      prepare({ dir, flowId: 'hello-explicit', parameters: { count: 'two' } }),
    ).rejects.toMatchObject({ code: 'flows.invalid_parameter' });
  });

  it('runs an image override even where the flow’s own image is a template', async () => {
    const run = await prepare({
      dir: example('prefect-project'),
      flowId: 'hello-built',
      image: 'registry.example.com/team/flows:2',
      env: { GREETING: 'Hi', REGION: 'eu-north-1' },
    });
    expect(run.reference).toBe('registry.example.com/team/flows:2');
    expect(run.spec.Image).toBe('registry.example.com/team/flows:2');
    expect(run.spec.Env).toEqual(expect.arrayContaining(['GREETING=Hi', 'REGION=eu-north-1']));
    // set_working_directory /opt/prefect/prefect-project: the project is mounted there.
    expect(run.spec.WorkingDir).toBe('/opt/prefect/prefect-project');
    expect(run.spec.HostConfig.Binds[0]).toMatch(/:\/opt\/prefect\/prefect-project$/);
  });

  it('asks for env values the file leaves to the worker, and never passes {{ }} on', async () => {
    await expect(
      prepare({ dir: example('prefect-project'), flowId: 'hello-built', image: 'alpine:3' }),
    ).rejects.toMatchObject({
      code: 'run.env_unresolved',
      message: expect.stringMatching(/needs a value for GREETING, REGION/) as string,
      hint: expect.stringContaining('--env GREETING=') as string,
    });
  });
});
