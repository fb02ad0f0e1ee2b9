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
import type {
  FlowDefinition,
  FlowInput,
  FlowParameter,
  FlowProblem,
  NotRunEntry,
} from '../shared/flows';
import { imageProblem } from './flow-checks';
import { valohaiNameProblems } from './valohai-names';
import { isRecord } from './yaml-document';
import type { YamlFile, YamlPath } from './yaml-document';

/** Valohai parameter types, named as validate-run coerces them. */
const PARAMETER_TYPES: Record<string, string> = {
  string: 'str',
  integer: 'int',
  float: 'float',
  flag: 'bool',
};

/** What each kind of entry is, for the ones a local run does not start. */
const NOT_RUN: Record<string, string> = {
  pipeline:
    'a pipeline runs its steps as nodes on Valohai, passing outputs along its edges; run its steps one at a time here',
  endpoint: 'an endpoint is a web service Valohai deploys and keeps running, not a run that ends',
  task: 'a task runs a step many times with varied parameters on Valohai; run the step here',
};

type Entry = { kind: string; body: Record<string, unknown> } | null;

/** `- step: {...}` as its kind and body; null for anything else. */
function entryOf(entry: unknown): Entry {
  if (!isRecord(entry)) return null;
  const [kind] = Object.keys(entry);
  const body = kind === undefined ? undefined : entry[kind];
  return kind !== undefined && isRecord(body) ? { kind, body } : null;
}

type Problem = (path: YamlPath, message: string, hint?: string | null) => void;

/** What reading one step needs: where it is, how to report on it, and its notes so far. */
interface StepContext {
  yaml: YamlFile;
  name: string;
  /** The path of a key of this step. */
  at: (...path: (string | number)[]) => YamlPath;
  problem: Problem;
  /** The step's warnings, shown with the flow. */
  warnings: string[];
}

export function valohaiYamlFlows(yaml: YamlFile): {
  flows: FlowDefinition[];
  problems: FlowProblem[];
  notRun: NotRunEntry[];
} {
  const flows: FlowDefinition[] = [];
  const problems: FlowProblem[] = [];
  const notRun: NotRunEntry[] = [];
  const problem: Problem = (path, message, hint = null) =>
    problems.push({ file: yaml.file, line: yaml.lineOf(path), message, hint });
  if (yaml.data === null || yaml.data === undefined) {
    problem(
      [],
      `${yaml.file} is empty: it defines no steps`,
      'Add a "- step:" with a name, an image and a command.',
    );
    return { flows, problems, notRun };
  }
  if (!Array.isArray(yaml.data)) {
    problem([], 'valohai.yaml must be a list of "- step:" (and pipeline / endpoint) entries');
    return { flows, problems, notRun };
  }
  // valohai-yaml validates the file against its schema before it reads any step.
  const badNames = valohaiNameProblems(yaml.data);
  if (badNames.length > 0) {
    for (const bad of badNames) problem(bad.path, bad.message, bad.hint);
    return { flows, problems, notRun };
  }
  const names = new Set<string>();
  for (const [index, raw] of yaml.data.entries()) {
    const entry = entryOf(raw);
    if (!entry) {
      problem(
        [index],
        `entry ${index + 1} is ${describeRaw(raw)}, not "- step:", "- pipeline:" or "- endpoint:"`,
        'Each entry of valohai.yaml is a map under one key: step, pipeline or endpoint.',
      );
    } else if (entry.kind !== 'step') {
      notRun.push(notRunEntry(yaml, index, entry.kind, entry.body));
    } else {
      const flow = readStep(yaml, index, entry.body, names, problem);
      if (flow) flows.push(flow);
    }
  }
  return { flows, problems, notRun };
}

/** An entry that is not a map under one key, in words. */
function describeRaw(raw: unknown): string {
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'string') return `the text ${JSON.stringify(raw.slice(0, 40))}`;
  return String(raw);
}

/** A pipeline, endpoint or task: listed with why it does not run here. */
function notRunEntry(
  yaml: YamlFile,
  index: number,
  kind: string,
  body: Record<string, unknown>,
): NotRunEntry {
  return {
    file: yaml.file,
    line: yaml.lineOf([index]),
    kind,
    name: typeof body.name === 'string' ? body.name : `${kind} ${index + 1}`,
    why: NOT_RUN[kind] ?? `a ${kind} is not a step: only steps run locally`,
  };
}

/** A step's command as a list of shell commands; null when it is neither a string nor a list of them. */
function commandsOf(command: unknown): string[] | null {
  if (typeof command === 'string') return [command];
  if (Array.isArray(command) && command.every((c) => typeof c === 'string'))
    return command as string[];
  return null;
}

/** One `- step:` as a flow; null (with a problem) when it cannot run. */
function readStep(
  yaml: YamlFile,
  index: number,
  step: Record<string, unknown>,
  names: Set<string>,
  problem: Problem,
): FlowDefinition | null {
  const at = (...path: (string | number)[]): YamlPath => [index, 'step', ...path];
  if (typeof step.name !== 'string' || step.name === '') {
    problem(at(), 'step has no name');
    return null;
  }
  const name = step.name;
  if (names.has(name)) {
    problem(at('name'), `step ${name} is defined twice`, 'Step names must be unique.');
    return null;
  }
  names.add(name);
  const commands = commandsOf(step.command);
  if (!commands || commands.length === 0) {
    problem(at('command'), `step ${name}: command must be a string or a list of strings`);
    return null;
  }
  const context: StepContext = { yaml, name, at, problem, warnings: [] };
  const image = readImage(context, step.image);
  const parameters = readParameters(context, step.parameters);
  const env = readEnvironment(context, step['environment-variables']);
  const inputs = readInputs(context, step.inputs);
  warnLocalDifferences(context, step);
  return {
    id: flowId('valohai-step', yaml.file, name),
    kind: 'valohai-step',
    name,
    file: yaml.file,
    line: yaml.lineOf(at()),
    image,
    imageFrom: 'step image',
    // Valohai runs the commands in order and stops at the first that fails; each keeps its
    // line breaks (valohai-yaml commands.py strips only the ends).
    command: ['sh', '-e', '-c', commands.map((c) => c.trim()).join('\n')],
    entrypoint: null,
    ...flowDefaults(),
    parameters,
    env,
    warnings: context.warnings,
    inputs,
  };
}

function readImage({ name, at, problem }: StepContext, value: unknown): string | null {
  if (typeof value !== 'string' || value === '') {
    problem(at('image'), `step ${name} has no image`, 'Every Valohai step names its Docker image.');
    return null;
  }
  const bad = imageProblem(value);
  if (bad) problem(at('image'), `step ${name}: ${bad.message}`, bad.hint);
  return value;
}

/**
 * valohai-yaml keys parameters by name in an OrderedDict: a repeated name keeps its first
 * place and its last definition (objs/utils.py check_type_and_dictify).
 */
function readParameters(context: StepContext, value: unknown): FlowParameter[] {
  const parameters = new Map<string, FlowParameter>();
  (Array.isArray(value) ? value : []).forEach((param, p) => {
    const parameter = readParameter(context, param, p);
    if (!parameter) return;
    if (parameters.has(parameter.name)) {
      context.warnings.push(
        `Parameter ${parameter.name} is defined twice: the last definition is used, as valohai-yaml does.`,
      );
    }
    parameters.set(parameter.name, parameter);
  });
  return [...parameters.values()];
}

function readParameter(
  { yaml, name, at, problem }: StepContext,
  param: unknown,
  p: number,
): FlowParameter | null {
  if (!isRecord(param) || typeof param.name !== 'string') {
    problem(at('parameters', p), `step ${name}: each parameter needs a name`);
    return null;
  }
  const declared = typeof param.type === 'string' ? param.type : 'string';
  const type = PARAMETER_TYPES[declared];
  if (!type) {
    problem(
      at('parameters', p, 'type'),
      `step ${name}: parameter ${param.name} has type ${declared}, not string, integer, float or flag`,
    );
    return null;
  }
  const multiple = parseMultiple(param.multiple);
  const rawDefault = param.default ?? null;
  // valohai-yaml objs/parameter.py: `self.default = listify(default) if self.multiple`, and
  // utils.listify(None) is []: a multiple parameter without a default is an empty list, which
  // validates and puts nothing on the command line (not a value still to be given).
  const fallback = multiple
    ? rawDefault === null
      ? []
      : Array.isArray(rawDefault)
        ? rawDefault
        : [rawDefault]
    : rawDefault;
  const badDefault = multiple ? null : defaultProblem(type, fallback);
  if (badDefault)
    problem(at('parameters', p, 'default'), `step ${name}: parameter ${param.name} ${badDefault}`);
  const source = yaml.sourceOf(at('parameters', p, 'default'));
  const text = (key: string) =>
    typeof param[key] === 'string' && param[key] !== '' ? (param[key] as string) : null;
  return {
    name: param.name,
    default: fallback,
    type,
    // A flag is always optional (objs/parameter.py).
    required: type !== 'bool' && param.optional !== true && fallback === null,
    cli: {
      passAs: text('pass-as'),
      passTrueAs: type === 'bool' ? text('pass-true-as') : null,
      passFalseAs: type === 'bool' ? text('pass-false-as') : null,
      multiple,
      separator:
        typeof param['multiple-separator'] === 'string' ? param['multiple-separator'] : ',',
      float: typeof fallback === 'number' && source !== null && /[.eE]|inf|nan/i.test(source),
    },
  };
}

/** The step's environment variables with a default; a required one without is a warning. */
function readEnvironment(
  { name, at, problem, warnings }: StepContext,
  value: unknown,
): Record<string, string> {
  const env: Record<string, string> = {};
  (Array.isArray(value) ? value : []).forEach((variable, v) => {
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
  return env;
}

/** The step's inputs; default URLs are named in a warning, as Berth does not download them. */
function readInputs({ warnings }: StepContext, value: unknown): FlowInput[] {
  const inputs: FlowInput[] = [];
  (Array.isArray(value) ? value : []).forEach((input) => {
    if (!isRecord(input) || typeof input.name !== 'string') return;
    const defaults = (Array.isArray(input.default) ? input.default : [input.default]).filter(
      (d): d is string => typeof d === 'string' && d !== '',
    );
    inputs.push({
      name: input.name,
      defaults,
      optional: input.optional === true,
      filename: typeof input.filename === 'string' ? input.filename : null,
    });
  });
  const remote = inputs.filter((i) => i.defaults.length > 0).map((i) => i.name);
  if (remote.length > 0) {
    warnings.push(
      `${remote.length > 1 ? `Inputs ${remote.join(', ')} have` : `Input ${remote[0]} has`} default URLs that Valohai downloads; Berth does not download them: pick local files for /valohai/inputs/<name>.`,
    );
  }
  return inputs;
}

/** What a local run does differently from Valohai: no mounts, and commands from the project folder. */
function warnLocalDifferences({ yaml, warnings }: StepContext, step: Record<string, unknown>) {
  if (Array.isArray(step.mounts) && step.mounts.length > 0) {
    warnings.push('Mounts are not applied locally.');
  }
  if (dirname(yaml.file) !== '.') {
    warnings.push(
      `Commands run from the project folder, not from ${dirname(yaml.file)}/ where valohai.yaml is.`,
    );
  }
}

function parseMultiple(value: unknown): 'separate' | 'repeat' | null {
  const text = typeof value === 'string' ? value.toLowerCase() : null;
  return text === 'separate' || text === 'repeat' ? text : null;
}

/**
 * A default valohai-yaml's Parameter.validate refuses (objs/parameter.py _validate_type and
 * _validate_value): an integer is `int(str(value), 10)`, a float `float(str(value))`, so the
 * text "1e-4" is a float and 5.0 is not an integer; a flag is one of True and False (1 and 0
 * compare equal to them in Python).
 */
function defaultProblem(type: string, value: unknown): string | null {
  if (value === null) return null;
  const text = pythonStr(value);
  if (type === 'int' && !/^\s*[-+]?\d+(?:_\d+)*\s*$/.test(text)) {
    return `has default ${JSON.stringify(value)}, not an integer`;
  }
  const float =
    /^\s*[-+]?(?:(?:\d+(?:_\d+)*)?(?:\.(?:\d+(?:_\d+)*)?)?(?:[eE][-+]?\d+(?:_\d+)*)?|inf(?:inity)?|nan)\s*$/i;
  if (
    type === 'float' &&
    (typeof value === 'boolean' || !/\d|inf|nan/i.test(text) || !float.test(text))
  ) {
    return `has default ${JSON.stringify(value)}, not a number`;
  }
  if (type === 'bool' && typeof value !== 'boolean' && value !== 0 && value !== 1) {
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

/** str(value) as Python prints it: True / False, 1.0 for a float, 1e-05 for a small one. */
export function pythonStr(value: unknown, float = false): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
    if (!float) return String(value);
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
      const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
      const sign = exponent.startsWith('-') ? '-' : '+';
      return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
    }
    return Number.isInteger(value) ? `${value.toFixed(1)}` : String(value);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** str.format_map of one pass-as bit with name, value and v (Python's {{ }} escapes kept). */
function formatBit(bit: string, name: string, value: string): string {
  return bit.replace(/\{\{|\}\}|\{(name|value|v)\}/g, (all, key?: string) =>
    all === '{{' ? '{' : all === '}}' ? '}' : key === 'name' ? name : value,
  );
}

/**
 * A parameter on the command line as valohai-yaml's Parameter.format_cli builds it: the
 * pass-as template (default `--{name}={value}`, `--{name}` for a true flag) split on spaces,
 * each bit formatted; multiple values joined by the separator or repeated. Not yet quoted.
 */
export function formatCli(parameter: FlowParameter, value: unknown): string[] {
  const cli = parameter.cli;
  const isFlag = parameter.type === 'bool';
  let template: string | null;
  if (isFlag && (cli?.passTrueAs || cli?.passFalseAs)) {
    template = (value === true ? cli.passTrueAs : cli.passFalseAs) ?? null;
  } else if (isFlag && value !== true) {
    template = null;
  } else if (value === null || value === undefined) {
    template = null;
  } else {
    template = cli?.passAs ?? (isFlag ? '--{name}' : '--{name}={value}');
  }
  if (!template) return [];
  const bits = template.split(/\s+/).filter((b) => b !== '');
  const atom = (v: unknown) =>
    bits.map((b) => formatBit(b, parameter.name, pythonStr(v, cli?.float)));
  if (cli?.multiple === 'repeat') return (Array.isArray(value) ? value : [value]).flatMap(atom);
  if (cli?.multiple === 'separate') {
    const list = Array.isArray(value) ? value : [value];
    return list.length === 0
      ? []
      : atom(list.map((v) => pythonStr(v, cli.float)).join(cli.separator));
  }
  return atom(value);
}

/**
 * The step's command with parameter values in place of `{parameters}` / `{params}`,
 * `{parameter:name}` and `{parameter-value:name}`, as valohai-yaml's Step.build_command does:
 * the non-flag defaults merged under the given values (a flag's default is not applied), each
 * bit quoted with shlex.quote. Other braces stay.
 */
export function valohaiCommand(flow: FlowDefinition, values: Record<string, unknown>): string[] {
  const merged: Record<string, unknown> = {};
  for (const p of flow.parameters) {
    if (p.type !== 'bool' && p.default !== null && p.default !== undefined)
      merged[p.name] = p.default;
  }
  Object.assign(merged, values);
  const byName = new Map(flow.parameters.map((p) => [p.name, p]));
  const cli = (parameter: FlowParameter) => formatCli(parameter, merged[parameter.name]);
  const replace = (text: string) =>
    text.replace(/\{(.+?)\}/g, (all, key: string) => {
      if (key === 'parameters' || key === 'params') {
        return flow.parameters.flatMap(cli).map(shellQuote).join(' ');
      }
      const [kind, name = ''] = key.split(/:(.*)/s);
      const parameter = byName.get(name);
      if (kind === 'parameter' && parameter) return cli(parameter).map(shellQuote).join(' ');
      if (
        kind === 'parameter-value' &&
        parameter &&
        merged[name] !== null &&
        merged[name] !== undefined
      ) {
        return shellQuote(pythonStr(merged[name], parameter.cli?.float));
      }
      return all;
    });
  const command = flow.command ?? [];
  // valohai-yaml strips each command after formatting: `run {parameters}` with none is `run`.
  return command.map((part, i) =>
    i === command.length - 1 ? replace(part).replace(/[ \t]+$/gm, '') : part,
  );
}
