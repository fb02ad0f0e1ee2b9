/**
 * A run's inputs checked before any container starts: `--param k=v` strings coerced to each
 * parameter's type (from its annotation, else from its default's JSON type), unknown and
 * missing parameters refused, and the flow itself still runnable from the project folder.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BerthError } from '../shared/errors';
import type { FlowDefinition, FlowParameter } from '../shared/flows';
import { hasTemplate, insideRoot } from './flow-checks';

export interface RunInputs {
  /** From `--param k=v`, or the form in the app: always strings. */
  params: Record<string, string>;
  /** The project folder the flow was discovered in. */
  root: string;
}

type Expected = 'int' | 'float' | 'bool' | 'str' | 'list' | 'dict' | 'any';

/** Annotations and Valohai types, by their outer name. */
const TYPE_NAMES: Record<string, Expected> = {
  int: 'int',
  integer: 'int',
  float: 'float',
  number: 'float',
  bool: 'bool',
  boolean: 'bool',
  flag: 'bool',
  str: 'str',
  string: 'str',
  list: 'list',
  List: 'list',
  tuple: 'list',
  Tuple: 'list',
  set: 'list',
  Set: 'list',
  Sequence: 'list',
  dict: 'dict',
  Dict: 'dict',
  Mapping: 'dict',
  Any: 'any',
};

/** What a parameter takes, and whether None is allowed (Optional[...] or "| None"). */
export function expectedType(parameter: FlowParameter): { type: Expected; nullable: boolean } {
  if (parameter.type) {
    let text = parameter.type.replace(/\s+/g, '').replace(/^typing\./, '');
    let nullable = false;
    const optional = /^Optional\[(.*)\]$/.exec(text);
    if (optional?.[1]) {
      text = optional[1];
      nullable = true;
    }
    const union = /^Union\[(.*)\]$/.exec(text);
    const members = (union?.[1] ?? text).split(/[|,](?![^[]*\])/).filter((m) => m !== '');
    const concrete = members.filter((m) => m !== 'None' && m !== 'NoneType');
    if (concrete.length < members.length) nullable = true;
    if (concrete.length === 1) {
      const outer = (concrete[0] ?? '').replace(/\[.*$/, '').replace(/^typing\./, '');
      const type = TYPE_NAMES[outer];
      if (type) return { type, nullable };
    }
    // A model, a date, a union of several types: the value is read as JSON when it parses.
    return { type: 'any', nullable: true };
  }
  return { type: fromDefault(parameter.default), nullable: parameter.default === null };
}

function fromDefault(value: unknown): Expected {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object' && value !== null) return 'dict';
  return 'any';
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** The typed value, or undefined when `raw` is not one. */
function coerce(raw: string, type: Expected, nullable: boolean): unknown {
  const text = raw.trim();
  if (nullable && (text === 'None' || text === 'null') && type !== 'str') return null;
  switch (type) {
    case 'int':
      return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text))
        ? Number(text)
        : undefined;
    case 'float': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? n : undefined;
    }
    case 'bool':
      return TRUE.has(text.toLowerCase())
        ? true
        : FALSE.has(text.toLowerCase())
          ? false
          : undefined;
    case 'str':
      return raw;
    case 'list':
    case 'dict': {
      const parsed = parseJson(text);
      if (type === 'list') return Array.isArray(parsed) ? parsed : undefined;
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? parsed
        : undefined;
    }
    case 'any': {
      const parsed = parseJson(text);
      return parsed === undefined ? raw : parsed;
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const DESCRIBE: Record<Expected, string> = {
  int: 'an integer (e.g. 3)',
  float: 'a number (e.g. 0.5)',
  bool: 'true or false',
  str: 'a string',
  list: 'a JSON list (e.g. ["a", "b"])',
  dict: 'a JSON object (e.g. {"k": 1})',
  any: 'a value',
};

/**
 * The parameters to run with: given values coerced, the rest at their defaults. A parameter
 * whose default is an expression the flow evaluates (default null, not required) is left out.
 */
export function validateRunInputs(
  flow: FlowDefinition,
  inputs: RunInputs,
): Record<string, unknown> {
  checkRunnable(flow, inputs.root);
  const known = new Map(flow.parameters.map((p) => [p.name, p]));
  for (const name of Object.keys(inputs.params)) {
    if (!known.has(name)) {
      const names = flow.parameters.map((p) => p.name);
      throw new BerthError(
        'flows.unknown_parameter',
        `${flow.name} has no parameter ${name}.`,
        names.length > 0 ? `Its parameters are: ${names.join(', ')}.` : 'It takes no parameters.',
        { flow: flow.id, parameter: name },
      );
    }
  }
  const typed: Record<string, unknown> = {};
  for (const parameter of flow.parameters) {
    const raw = inputs.params[parameter.name];
    if (raw === undefined) {
      if (parameter.required) {
        throw new BerthError(
          'flows.missing_parameter',
          `${flow.name} needs a value for ${parameter.name}.`,
          `Give it with --param ${parameter.name}=<value>.`,
          { flow: flow.id, parameter: parameter.name },
        );
      }
      if (parameter.default !== null && parameter.default !== undefined) {
        typed[parameter.name] = parameter.default;
      }
      continue;
    }
    const { type, nullable } = expectedType(parameter);
    const value = coerce(raw, type, nullable);
    if (value === undefined) {
      throw new BerthError(
        'flows.invalid_parameter',
        `Parameter ${parameter.name} of ${flow.name} must be ${DESCRIBE[type]}${nullable ? ' or None' : ''}; got ${JSON.stringify(raw)}.`,
        parameter.type ? `Its type is ${parameter.type}.` : undefined,
        { flow: flow.id, parameter: parameter.name, expected: type },
      );
    }
    typed[parameter.name] = value;
  }
  return typed;
}

/** What discovery saw may have changed on disk, or never been runnable. */
function checkRunnable(flow: FlowDefinition, root: string): void {
  if (flow.image === null || hasTemplate(flow.image)) {
    throw new BerthError(
      'flows.unresolved_image',
      flow.image === null
        ? `${flow.name} has no image.`
        : `The image of ${flow.name} is still a template: ${flow.image}.`,
      'Pick an image for this run, or set the environment variable or build step it refers to.',
      { flow: flow.id },
    );
  }
  if (flow.entrypoint) {
    const file = join(root, flow.entrypoint.path);
    if (insideRoot(root, file) === null || !existsSync(file) || !statSync(file).isFile()) {
      throw new BerthError(
        'flows.entrypoint_missing',
        `${flow.entrypoint.path} does not exist in ${root}.`,
        'Discover the flows again: the file may have moved.',
        { flow: flow.id },
      );
    }
  }
  for (const volume of flow.volumes) {
    if (insideRoot(root, volume.host) === null) {
      throw new BerthError(
        'flows.volume_outside_project',
        `The volume ${volume.host} of ${flow.name} is outside the project folder.`,
        'Mount only folders inside the project.',
        { flow: flow.id },
      );
    }
  }
}
