/**
 * valohai.yaml steps whose image is built locally opt in through the berth.yaml beside it
 * (`valohai: {step: {build: …}}`): the step carries the build, tagged as its image; a name
 * that is no step is a problem at its line; a Dockerfile beside valohai.yaml without an
 * opt-in earns a note that says how.
 */
import { describe, expect, it } from 'vitest';
import { planBuild } from '../../../src/build';
import { discoverFlows } from '../../../src/flows/discover';
import { flowNamed, problemLines, projects } from './project';

const project = projects();

const VALOHAI = `- step:
    name: train
    image: my-team/train:local
    command: python train.py
- step:
    name: report
    image: python:3.12
    command: python report.py
`;

describe('valohai.yaml steps that build their image', () => {
  it('attaches the berth.yaml opt-in to its step, tagged as the step names its image', async () => {
    const root = project({
      'ml/valohai.yaml': VALOHAI,
      'ml/berth.yaml': `valohai:\n  train:\n    build:\n      dockerfile: docker/Dockerfile\n      args: { TORCH: 2 }\n`,
      'ml/docker/Dockerfile': 'FROM python:3.12\n',
    });
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([]);
    const train = flowNamed(result, 'train');
    expect(train.build).toEqual({
      from: 'berth.yaml valohai.train.build',
      context: '.',
      dockerfile: 'docker/Dockerfile',
      imageName: 'my-team/train',
      tag: 'local',
      tagUnresolved: null,
      platform: null,
      buildArgs: { TORCH: '2' },
      pull: false,
      target: null,
    });
    expect(flowNamed(result, 'report').build).toBeUndefined();
    // The run builds it from the folder of valohai.yaml, and runs what it tagged.
    const plan = planBuild(train, root, {});
    expect(plan).toMatchObject({
      contextDir: `${root}/ml`,
      dockerfile: 'docker/Dockerfile',
      reference: 'my-team/train:local',
    });
  });

  it('names an opt-in for a step that is not there, at its line', async () => {
    const root = project({
      'valohai.yaml': VALOHAI,
      'berth.yaml': 'flows: []\nvalohai:\n  trian:\n    build: Dockerfile\n',
    });
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([
      expect.stringMatching(
        /^berth\.yaml:4: valohai\.trian: no step trian in a valohai\.yaml beside berth\.yaml$/,
      ),
    ]);
    expect(result.problems[0]?.hint).toContain('(train, report)');
    expect(flowNamed(result, 'train').build).toBeUndefined();
  });

  it('refuses an opt-in of the wrong shape', async () => {
    const root = project({
      'valohai.yaml': VALOHAI,
      'berth.yaml': 'valohai:\n  train:\n    dockerfile: Dockerfile\n',
    });
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([
      'berth.yaml:3: valohai.train.build: required: a Dockerfile, or a map (dockerfile, context, args, target, platform, pull)',
      'berth.yaml:3: valohai.train: unknown key dockerfile',
    ]);
  });

  it('notes a Dockerfile beside valohai.yaml that no step opted in to', async () => {
    const root = project({ 'valohai.yaml': VALOHAI, Dockerfile: 'FROM python:3.12\n' });
    const result = await discoverFlows(root);
    expect(flowNamed(result, 'train').warnings).toContainEqual(
      expect.stringContaining(
        'opt in with "valohai: {train: {build: Dockerfile}}" in a berth.yaml',
      ),
    );
    const none = await discoverFlows(project({ 'valohai.yaml': VALOHAI }));
    expect(flowNamed(none, 'train').warnings).toEqual([]);
  });
});
