/**
 * valohai.yaml steps as flows (pipelines and endpoints are not), with commands interpolated
 * the way valohai-yaml's build_command does it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { shellQuote, valohaiCommand } from '../../../src/flows/valohai-yaml';
import type { FlowParameter } from '../../../src/shared/flows';
import { EXAMPLES, flowNamed, problemLines, projects } from './project';

const project = projects();

describe('the example Valohai project', () => {
  it('finds the two steps and nothing of the pipeline or the endpoint', async () => {
    const result = await discoverFlows(join(EXAMPLES, 'valohai-project'));
    expect(result.problems).toEqual([]);
    expect(result.flows.map((f) => [f.id, f.line])).toEqual([
      ['valohai-step:valohai.yaml:train', 3],
      ['valohai-step:valohai.yaml:report', 29],
    ]);
  });

  it('reads train’s image, commands, typed parameters, env and inputs', async () => {
    const flow = flowNamed(await discoverFlows(join(EXAMPLES, 'valohai-project')), 'train');
    expect(flow).toEqual({
      id: 'valohai-step:valohai.yaml:train',
      kind: 'valohai-step',
      name: 'train',
      file: 'valohai.yaml',
      line: 3,
      image: 'berth-test/python:3',
      imageFrom: 'step image',
      command: ['sh', '-e', '-c', 'echo "training in $(pwd)"\npython3 train.py {parameters}'],
      entrypoint: null,
      parameters: [
        { name: 'epochs', default: 3, type: 'int', required: false, cli: cli() },
        {
          name: 'learning_rate',
          default: 0.01,
          type: 'float',
          required: false,
          cli: cli({ float: true }),
        },
        { name: 'verbose', default: false, type: 'bool', required: false, cli: cli() },
        { name: 'run_name', default: null, type: 'str', required: false, cli: cli() },
      ],
      env: { TRAIN_SEED: '42' },
      volumes: [],
      pullPolicy: 'IF_NOT_PRESENT',
      autoRemove: false,
      networkMode: null,
      workingDir: null,
      unresolved: [],
      warnings: [
        'Input dataset has default URLs that Valohai downloads; Berth does not download them: pick local files for /valohai/inputs/<name>.',
      ],
      inputs: [
        {
          name: 'dataset',
          defaults: ['https://example.com/datasets/iris.csv'],
          optional: false,
          filename: null,
        },
      ],
    });
  });

  it('interpolates {parameters} and {parameter-value:…} into commands that run', async () => {
    const root = join(EXAMPLES, 'valohai-project');
    const result = await discoverFlows(root);
    const train = flowNamed(result, 'train');
    const command = valohaiCommand(train, {
      epochs: 2,
      learning_rate: 0.05,
      verbose: true,
      run_name: "it's mine",
    });
    expect(command.at(-1)).toBe(
      `echo "training in $(pwd)"\npython3 train.py --epochs=2 --learning_rate=0.05 --verbose '--run_name=it'"'"'s mine'`,
    );
    // The host's sh and python3 stand in for the image's.
    const run = spawnSync(command[0] ?? 'sh', command.slice(1), { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("it's mine epoch 2/2 loss=0.2500 seed=0");

    const report = valohaiCommand(flowNamed(result, 'report'), { epochs: 4 });
    expect(report.at(-1)).toBe('python3 train.py --epochs 4 --report');
  });

  it('leaves out unset values and false flags, and keeps braces it does not know', () => {
    const flow = {
      ...flowFixture,
      command: ['sh', '-e', '-c', 'run {parameters} {parameter:b} {other} ${HOME}'],
    };
    expect(valohaiCommand(flow, { a: null, b: false, c: 'x y' }).at(-1)).toBe(
      "run '--c=x y'  {other} ${HOME}",
    );
  });

  it('quotes as shlex.quote does', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('--epochs=3')).toBe('--epochs=3');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });
});

/** A parameter's CLI settings as valohai-yaml defaults them. */
function cli(overrides: Partial<NonNullable<FlowParameter['cli']>> = {}): FlowParameter['cli'] {
  return {
    passAs: null,
    passTrueAs: null,
    passFalseAs: null,
    multiple: null,
    separator: ',',
    float: false,
    ...overrides,
  };
}

const flowFixture = {
  id: 'valohai-step:valohai.yaml:x',
  kind: 'valohai-step' as const,
  name: 'x',
  file: 'valohai.yaml',
  line: 1,
  image: 'alpine',
  imageFrom: 'step image',
  command: null,
  entrypoint: null,
  parameters: [
    { name: 'a', default: null, type: 'int', required: false },
    { name: 'b', default: false, type: 'bool', required: false },
    { name: 'c', default: null, type: 'str', required: false },
  ],
  env: {},
  volumes: [],
  pullPolicy: 'IF_NOT_PRESENT' as const,
  autoRemove: false,
  networkMode: null,
  workingDir: null,
  unresolved: [],
  warnings: [],
};

describe('valohai.yaml problems', () => {
  it('reports bad steps on their lines and keeps the good ones', async () => {
    const root = project({
      'valohai.yaml': `- step:
    name: no-image
    command: echo hi
- step:
    name: bad-image
    image: "ubuntu:"
    command: [echo, hi]
- step:
    name: bad-param
    image: alpine
    command: echo {parameters}
    parameters:
      - name: n
        type: number
      - name: m
        type: integer
        default: many
      - name: p
        pass-as: -p {v}
        default: x
    environment-variables:
      - name: TOKEN
        optional: false
- step:
    name: no-command
    image: alpine
- step:
    name: bad-param
    image: alpine
    command: echo twice
`,
    });
    const result = await discoverFlows(root);
    expect(problemLines(result)).toEqual([
      'valohai.yaml:2: step no-image has no image',
      'valohai.yaml:6: step bad-image: image "ubuntu:" is not a valid reference: invalid reference format',
      'valohai.yaml:14: step bad-param: parameter n has type number, not string, integer, float or flag',
      'valohai.yaml:17: step bad-param: parameter m has default "many", not an integer',
      'valohai.yaml:25: step no-command: command must be a string or a list of strings',
      'valohai.yaml:28: step bad-param is defined twice',
    ]);
    expect(result.flows.map((f) => [f.name, f.image])).toEqual([
      ['no-image', null],
      ['bad-image', 'ubuntu:'],
      ['bad-param', 'alpine'],
    ]);
    const flow = flowNamed(result, 'bad-param');
    expect(flow.parameters.map((p) => p.name)).toEqual(['m', 'p']);
    // pass-as is applied now, as valohai-yaml's format_cli does: two bits, each quoted.
    expect(valohaiCommand(flow, { m: 2, p: 'a b' }).at(-1)).toBe("echo --m=2 -p 'a b'");
    expect(flow.warnings).toEqual([
      'Environment variable TOKEN is required and has no default: set it before running.',
    ]);
  });

  it('rejects the whole file, as valohai-yaml does, for an endpoint or input name its schema refuses', async () => {
    // valohai_yaml/schema_data.py: endpoint name "pattern": "^[a-z][a-z0-9-]+$", input name
    // "maxLength": 64; parse() fails on either, so no step of the file runs.
    const longName = 'x'.repeat(65);
    const yaml = [
      '- step:',
      '    name: Train Model',
      '    image: python:3.12',
      '    command: python train.py',
      '    inputs:',
      `      - name: ${longName}`,
      '      - name: fine',
      '- endpoint:',
      '    name: weather condition',
      '    image: python:3.12',
      '    server-command: python serve.py',
      '- endpoint:',
      '    name: ok-name',
      '    image: python:3.12',
      '    server-command: python serve.py',
      '- endpoint:',
      '    name: Upper',
      '    image: python:3.12',
      '    wsgi: app:app',
      '',
    ].join('\n');
    const result = await discoverFlows(project({ 'valohai.yaml': yaml }));
    expect(result.flows).toEqual([]);
    expect(result.problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [6, `input name "${longName.slice(0, 40)}"… is longer than 64 characters`],
      [9, 'endpoint name "weather condition" does not match ^[a-z][a-z0-9-]+$'],
      [17, 'endpoint name "Upper" does not match ^[a-z][a-z0-9-]+$'],
    ]);
    expect(result.problems[1]?.hint).toMatch(/"weather-condition"/);
    // Step, parameter and pipeline names are plain strings in the schema: spaces and capitals pass.
    const fine = yaml.replace(longName, 'short').replace(/weather condition|Upper/g, 'ok-two');
    const read = await discoverFlows(project({ 'valohai.yaml': fine }));
    expect(read.problems).toEqual([]);
    expect(read.flows.map((f) => f.name)).toEqual(['Train Model']);
  });

  it('says a valohai.yaml that is not a list is not one', async () => {
    const root = project({ 'valohai.yaml': 'step:\n  name: x\n' });
    expect(problemLines(await discoverFlows(root))).toEqual([
      'valohai.yaml:1: valohai.yaml must be a list of "- step:" (and pipeline / endpoint) entries',
    ]);
  });
});
