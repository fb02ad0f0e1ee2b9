/** berth.yaml: Berth's own format, validated field by field with the line of each mistake. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { EXAMPLES, flowNamed, problemLines, projects } from './project';

const project = projects();

describe('the example Berth project', () => {
  it('reads a shell command with env, a read-only volume and a pull policy', async () => {
    const result = await discoverFlows(join(EXAMPLES, 'berth-project'));
    expect(result.problems).toEqual([]);
    expect(flowNamed(result, 'shell-hello')).toEqual({
      id: 'berth:berth.yaml:shell-hello',
      kind: 'berth',
      name: 'shell-hello',
      file: 'berth.yaml',
      line: 3,
      image: 'berth-test/python:3',
      imageFrom: 'image',
      command: ['sh', '-c', 'echo "hello from $GREETING" && cat /data/greeting.txt'],
      entrypoint: null,
      parameters: [],
      env: { GREETING: 'berth', RETRIES: '3' },
      volumes: [{ host: 'data', container: '/data', readOnly: true }],
      pullPolicy: 'NEVER',
      autoRemove: false,
      networkMode: null,
      workingDir: null,
      unresolved: [],
      warnings: [],
    });
  });

  it('keeps a command list as the argv, with parameter defaults', async () => {
    const flow = flowNamed(await discoverFlows(join(EXAMPLES, 'berth-project')), 'python-count');
    expect(flow).toMatchObject({
      line: 14,
      command: ['python3', 'count.py', '5'],
      parameters: [
        { name: 'count', default: 5, type: null, required: false },
        { name: 'label', default: 'counted', type: null, required: false },
      ],
      pullPolicy: 'IF_NOT_PRESENT',
      autoRemove: true,
    });
  });
});

describe('berth.yaml problems', () => {
  it('points at each invalid field, and keeps the valid flows', async () => {
    const root = project({
      'berth.yaml': `flows:
  - name: ok
    image: alpine:3.20
    command: [echo, ok]
    parameters: { who: null }
  - name: typo
    image: alpine
    command: echo
    enviroment: { A: b }
  - name: no-image
    command: echo
  - name: bad-command
    image: alpine
    command: { run: echo }
  - name: policy
    image: alpine
    command: echo
    pull_policy: sometimes
  - name: escape
    image: alpine
    command: echo
    volumes: [../../etc:/etc-host]
  - name: ok
    image: alpine
    command: echo
`,
    });
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([
      'berth.yaml:9: flow typo: unknown key enviroment',
      'berth.yaml:10: flow no-image: image: required, the image to run, e.g. python:3.12-slim',
      'berth.yaml:14: flow bad-command: command: a shell command, or a list of arguments',
      'berth.yaml:18: flow policy: image pull policy "sometimes" is not one of Always, IfNotPresent, IfPossible, Never',
      'berth.yaml:22: flow escape: volume "../../etc:/etc-host": ../../etc is outside the project folder',
      'berth.yaml:23: flow ok is defined twice',
    ]);
    expect(result.flows.map((f) => f.name)).toEqual(['ok', 'policy', 'escape']);
    expect(flowNamed(result, 'ok').parameters).toEqual([
      { name: 'who', default: null, type: null, required: true },
    ]);
    expect(flowNamed(result, 'escape').volumes).toEqual([]);
  });

  it('wants a flows list', async () => {
    const root = project({ 'berth.yaml': 'name: x\n' });
    expect(problemLines(await discoverFlows(root))).toEqual([
      'berth.yaml:1: berth.yaml must have a "flows:" list',
    ]);
  });
});
