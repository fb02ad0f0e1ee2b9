/**
 * valohai.yaml steps as local flows. The file is a list of `- step:`, `- pipeline:`,
 * `- endpoint:` (and more) entries; only steps run on their own. A step has `name`, `image`
 * and `command` (a string or a list of shell commands, run in order), plus `parameters`
 * (name, type string|integer|float|flag, default, optional, pass-as), `environment-variables`
 * (name, default, optional) and `inputs` (files Valohai downloads to /valohai/inputs/<name>).
 * Shapes from valohai-yaml's schema (valohai_yaml/schema/step.yaml, param-item.yaml,
 * environment-variable-item.yaml) and its command interpolation (valohai_yaml/commands.py).
 */
import { dirname } from 'node:path';
import { flowDefaults, flowId } from '../shared/flows';
import type { FlowDefinition, FlowParameter, FlowProblem } from '../shared/flows';
import { imageProblem } from './flow-checks';
import { isRecord } from './yaml-document';
import type { YamlFile, YamlPath } from './yaml-document';

/** Valohai parameter types, named as validate-run coerces them. */
const PARAMETER_TYPES: Record<string, string> = {
  string: 'str',
  integer: 'int',
  float: 'float',
  flag: 'bool',
};

export function valohaiYamlFlows(yaml: YamlFile): {
  flows: FlowDefinition[];
  problems: FlowProblem[];
} {
  const flows: FlowDefinition[] = [];
  const problems: FlowProblem[] = [];
  const problem = (path: YamlPath, message: string, hint: string | null = null) =>
    problems.push({ file: yaml.file, line: yaml.lineOf(path), message, hint });
  if (yaml.data === null || yaml.data === undefined) return { flows, problems };
  if (!Array.isArray(yaml.data)) {
    problem([], 'valohai.yaml must be a list of "- step:" (and pipeline / endpoint) entries');
    return { flows, problems };
  }
  const names = new Set<string>();
  for (const [index, entry] of yaml.data.entries()) {
    if (!isRecord(entry) || !isRecord(entry.step)) continue; // pipelines, endpoints, ...
    const step = entry.step;
    const at = (...path: (string | number)[]): YamlPath => [index, 'step', ...path];
    if (typeof step.name !== 'string' || step.name === '') {
      problem(at(), 'step has no name');
      continue;
    }
    const name = step.name;
    if (names.has(name)) {
      problem(at('name'), `step ${name} is defined twice`, 'Step names must be unique.');
      continue;
    }
    names.add(name);
    const commands =
      typeof step.command === 'string'
        ? [step.command]
        : Array.isArray(step.command) && step.command.every((c) => typeof c === 'string')
          ? (step.command as string[])
          : null;
    if (!commands || commands.length === 0) {
      problem(at('command'), `step ${name}: command must be a string or a list of strings`);
      continue;
    }
    const warnings: string[] = [];
    let image: string | null = null;
    if (typeof step.image === 'string' && step.image !== '') {
      image = step.image;
      const bad = imageProblem(image);
      if (bad) problem(at('image'), `step ${name}: ${bad.message}`, bad.hint);
    } else {
      problem(
        at('image'),
        `step ${name} has no image`,
        'Every Valohai step names its Docker image.',
      );
    }

    const parameters: FlowParameter[] = [];
    const params = Array.isArray(step.parameters) ? step.parameters : [];
    params.forEach((param, p) => {
      if (!isRecord(param) || typeof param.name !== 'string') {
        problem(at('parameters', p), `step ${name}: each parameter needs a name`);
        return;
      }
      const declared = typeof param.type === 'string' ? param.type : 'string';
      const type = PARAMETER_TYPES[declared];
      if (!type) {
        problem(
          at('parameters', p, 'type'),
          `step ${name}: parameter ${param.name} has type ${declared}, not string, integer, float or flag`,
        );
        return;
      }
      const fallback = param.default ?? null;
      const badDefault = defaultProblem(type, fallback);
      if (badDefault)
        problem(
          at('parameters', p, 'default'),
          `step ${name}: parameter ${param.name} ${badDefault}`,
        );
      if (typeof param['pass-as'] === 'string' && param['pass-as'] !== '') {
        warnings.push(
          `Parameter ${param.name} is passed as --${param.name}=<value> locally, not as ${param['pass-as']}.`,
        );
      }
      parameters.push({
        name: param.name,
        default: fallback,
        type,
        required: type !== 'bool' && param.optional !== true && fallback === null,
      });
    });

    const env: Record<string, string> = {};
    const variables = Array.isArray(step['environment-variables'])
      ? step['environment-variables']
      : [];
    variables.forEach((variable, v) => {
      if (!isRecord(variable) || typeof variable.name !== 'string') {
        problem(
          at('environment-variables', v),
          `step ${name}: each environment variable needs a name`,
        );
        return;
      }
      if (variable.default !== undefined && variable.default !== null) {
        env[variable.name] = String(variable.default);
      } else if (variable.optional === false) {
        warnings.push(
          `Environment variable ${variable.name} is required and has no default: set it before running.`,
        );
      }
    });

    const inputs = (Array.isArray(step.inputs) ? step.inputs : [])
      .map((input) => (isRecord(input) && typeof input.name === 'string' ? input.name : null))
      .filter((input): input is string => input !== null);
    if (inputs.length > 0) {
      const which = inputs.length > 1 ? `Inputs ${inputs.join(', ')} are` : `Input ${inputs[0]} is`;
      warnings.push(`${which} not downloaded locally: /valohai/inputs stays empty.`);
    }
    if (Array.isArray(step.mounts) && step.mounts.length > 0) {
      warnings.push('Mounts are not applied locally.');
    }
    if (dirname(yaml.file) !== '.') {
      warnings.push(
        `Commands run from the project folder, not from ${dirname(yaml.file)}/ where valohai.yaml is.`,
      );
    }

    flows.push({
      id: flowId('valohai-step', yaml.file, name),
      kind: 'valohai-step',
      name,
      file: yaml.file,
      line: yaml.lineOf(at()),
      image,
      imageFrom: 'step image',
      // Valohai runs the commands in order and stops at the first that fails.
      command: ['sh', '-e', '-c', commands.map((c) => c.trim()).join('\n')],
      entrypoint: null,
      ...flowDefaults(),
      parameters,
      env,
      warnings,
    });
  }
  return { flows, problems };
}

function defaultProblem(type: string, value: unknown): string | null {
  if (value === null) return null;
  if (type === 'int' && !(typeof value === 'number' && Number.isInteger(value))) {
    return `has default ${JSON.stringify(value)}, not an integer`;
  }
  if (type === 'float' && typeof value !== 'number') {
    return `has default ${JSON.stringify(value)}, not a number`;
  }
  if (type === 'bool' && typeof value !== 'boolean') {
    return `has default ${JSON.stringify(value)}, not true or false`;
  }
  return null;
}

/** shlex.quote, as valohai-yaml quotes interpolated values. */
export function shellQuote(value: string): string {
  if (value === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * The step's command with parameter values in place of `{parameters}` / `{params}` (every
 * parameter as --name=value, flags as --name when true), `{parameter:name}` and
 * `{parameter-value:name}`, as valohai-yaml's build_command does. Other braces stay.
 */
export function valohaiCommand(flow: FlowDefinition, values: Record<string, unknown>): string[] {
  const cli = (parameter: FlowParameter): string[] => {
    const value = values[parameter.name];
    if (value === undefined || value === null) return [];
    if (parameter.type === 'bool') return value === true ? [`--${parameter.name}`] : [];
    return [`--${parameter.name}=${String(value)}`];
  };
  const byName = new Map(flow.parameters.map((p) => [p.name, p]));
  const replace = (text: string) =>
    text.replace(/\{(.+?)\}/g, (all, key: string) => {
      if (key === 'parameters' || key === 'params') {
        return flow.parameters.flatMap(cli).map(shellQuote).join(' ');
      }
      const [kind, name = ''] = key.split(/:(.*)/s);
      const parameter = byName.get(name);
      if (kind === 'parameter' && parameter) return cli(parameter).map(shellQuote).join(' ');
      if (kind === 'parameter-value' && name in values && values[name] !== null) {
        return shellQuote(String(values[name]));
      }
      return all;
    });
  const command = flow.command ?? [];
  return command.map((part, i) => (i === command.length - 1 ? replace(part) : part));
}
