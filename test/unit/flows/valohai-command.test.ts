/**
 * Parameters on a Valohai step's command line exactly as valohai-yaml builds them
 * (valohai_yaml/objs/parameter.py format_cli, objs/step.py build_command, commands.py), each
 * checked by running the command through the host's sh and reading back the argv the program
 * received, so quoting is tested by a real shell, not by string comparison alone.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { pythonStr, valohaiCommand } from '../../../src/flows/valohai-yaml';
import { flowNamed, projects } from './project';

const project = projects();

/** The argv `printf '%s\n'` receives when the step's script runs in sh. */
function argvOf(command: string[]): string[] {
  const run = spawnSync(command[0] ?? 'sh', command.slice(1), { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').slice(0, -1);
}

async function step(yaml: string) {
  const root = project({ 'valohai.yaml': yaml });
  const result = await discoverFlows(root);
  expect(result.problems).toEqual([]);
  return flowNamed(result, 's');
}

describe('Valohai pass-as', () => {
  it('passes positional and custom-flag parameters as written, and --name=value only by default', async () => {
    const flow = await step(`- step:
    name: s
    image: alpine
    command: printf '%s\\n' {parameters}
    parameters:
      - name: input
        pass-as: '{v}'
        default: data.csv
      - name: Detection Threshold
        type: float
        default: 0.25
      - name: epochs
        type: integer
        pass-as: -e {v}
        default: 3
      - name: model
        pass-as: --model-name={v}
        default: resnet 50
`);
    expect(argvOf(valohaiCommand(flow, {}))).toEqual([
      'data.csv',
      '--Detection Threshold=0.25',
      '-e',
      '3',
      '--model-name=resnet 50',
    ]);
  });

  it('writes flags as valohai-yaml does: --name when true, pass-true-as / pass-false-as, nothing for a default alone', async () => {
    const flow = await step(`- step:
    name: s
    image: alpine
    command: printf '%s\\n' {parameters}
    parameters:
      - name: verbose
        type: flag
        default: true
      - name: cuda
        type: flag
        pass-true-as: --device=cuda
        pass-false-as: --device=cpu
      - name: shuffle
        type: flag
        pass-as: --shuffle={v}
`);
    // build_command ignores flag defaults: an unset flag is falsy, so only pass-false-as shows.
    expect(argvOf(valohaiCommand(flow, {}))).toEqual(['--device=cpu']);
    expect(argvOf(valohaiCommand(flow, { verbose: true, cuda: false, shuffle: true }))).toEqual([
      '--verbose',
      '--device=cpu',
      '--shuffle=True',
    ]);
  });

  it('joins multiple: separate values with the separator and repeats multiple: repeat', async () => {
    const flow = await step(`- step:
    name: s
    image: alpine
    command: printf '%s\\n' {parameters}
    parameters:
      - name: layers
        type: integer
        multiple: separate
        multiple-separator: ':'
        default: [64, 32]
      - name: tag
        multiple: repeat
        pass-as: -t {v}
        default: [a b, c]
`);
    expect(argvOf(valohaiCommand(flow, {}))).toEqual(['--layers=64:32', '-t', 'a b', '-t', 'c']);
  });

  it('reads defaults as PyYAML does and leaves a multiple parameter without a default empty', async () => {
    // valohai/NVIDIA-MONAI-Valohai: `default: 1e-4` is a string to PyYAML (a float needs a dot),
    // printed as written; valohai-yaml listifies a missing multiple default to [] (utils.listify).
    const flow = await step(`- step:
    name: s
    image: alpine
    command: printf '%s\\n' {parameters}
    parameters:
      - name: lr
        type: float
        default: 1e-4
      - name: rate
        type: float
        default: 2.5e-5
      - name: question
        multiple: repeat
`);
    expect(flow.parameters.find((p) => p.name === 'question')?.required).toBe(false);
    expect(argvOf(valohaiCommand(flow, {}))).toEqual(['--lr=1e-4', '--rate=2.5e-05']);
    expect(argvOf(valohaiCommand(flow, { question: ['who?', 'what?'] }))).toEqual([
      '--lr=1e-4',
      '--rate=2.5e-05',
      '--question=who?',
      '--question=what?',
    ]);
  });

  it('prints numbers as Python does: 1.0 stays 1.0, small floats in e-notation', () => {
    expect(pythonStr(1, true)).toBe('1.0');
    expect(pythonStr(1, false)).toBe('1');
    expect(pythonStr(0.0001, true)).toBe('0.0001');
    expect(pythonStr(0.00001, true)).toBe('1e-05');
    expect(pythonStr(1.5e20, true)).toBe('1.5e+20');
    expect(pythonStr(true)).toBe('True');
  });

  it('keeps the line breaks of a list of commands and of a folded command', async () => {
    const flow = await step(`- step:
    name: s
    image: alpine
    command:
      - echo one
      - >-
        printf '%s\\n' \\
          two \\
          {parameters}
    parameters:
      - name: n
        default: 3
`);
    const command = valohaiCommand(flow, {});
    expect(command.at(-1)).toBe("echo one\nprintf '%s\\n' \\\n  two \\\n  --n=3");
    expect(argvOf(command)).toEqual(['one', 'two', '--n=3']);
  });
});
