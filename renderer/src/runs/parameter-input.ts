/**
 * A flow parameter as the form edits it: text in, checked as it is typed, sent as text. The
 * rules are the core's (src/flows/validate-run.ts, which coerces the same text when the run
 * starts): the type comes from the annotation, else from the default's JSON type; None is
 * allowed for Optional[...] and "X | None".
 */
import type { FlowParameter } from '../../../src/shared/flows';

export type ParameterKind = 'int' | 'float' | 'bool' | 'str' | 'list' | 'dict' | 'any';

export interface ParameterType {
  kind: ParameterKind;
  nullable: boolean;
}

/** Annotation and Valohai type names, by their outer name. */
const KIND_BY_NAME: Record<string, ParameterKind> = {
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

const NONE = new Set(['None', 'NoneType']);

export function parameterType(parameter: FlowParameter): ParameterType {
  if (parameter.type === null) {
    return { kind: kindOfValue(parameter.default), nullable: parameter.default === null };
  }
  let text = parameter.type.replace(/\s+/g, '').replace(/^typing\./, '');
  let nullable = false;
  const optional = /^Optional\[(.*)\]$/.exec(text);
  if (optional?.[1]) {
    text = optional[1];
    nullable = true;
  }
  const union = /^Union\[(.*)\]$/.exec(text);
  // Split on | or , outside brackets: "list[str]|None" → list[str], None.
  const members = (union?.[1] ?? text).split(/[|,](?![^[]*\])/).filter((m) => m !== '');
  const concrete = members.filter((m) => !NONE.has(m));
  if (concrete.length < members.length) nullable = true;
  const only = concrete.length === 1 ? concrete[0] : undefined;
  const kind = only ? KIND_BY_NAME[only.replace(/\[.*$/, '').replace(/^typing\./, '')] : undefined;
  // A model, a date, several types: the core reads the text as JSON when it parses.
  return kind ? { kind, nullable } : { kind: 'any', nullable: true };
}

function kindOfValue(value: unknown): ParameterKind {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object' && value !== null) return 'dict';
  return 'any';
}

/** The default as the field shows it; '' when there is none (or the flow computes it). */
export function defaultText(parameter: FlowParameter): string {
  const value = parameter.default;
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

const EXPECTED: Record<ParameterKind, string> = {
  int: 'a whole number, e.g. 3',
  float: 'a number, e.g. 0.5',
  bool: 'true or false',
  str: 'text',
  list: 'a JSON list, e.g. ["a", "b"]',
  dict: 'a JSON object, e.g. {"k": 1}',
  any: 'a value',
};

function parsesAsJson(text: string, accept: (value: unknown) => boolean): boolean {
  try {
    return accept(JSON.parse(text));
  } catch {
    return false;
  }
}

function fits(text: string, kind: ParameterKind): boolean {
  switch (kind) {
    case 'int':
      return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text));
    case 'float':
      return Number.isFinite(Number(text));
    case 'bool':
      return TRUE.has(text.toLowerCase()) || FALSE.has(text.toLowerCase());
    case 'list':
      return parsesAsJson(text, Array.isArray);
    case 'dict':
      return parsesAsJson(
        text,
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      );
    case 'str':
    case 'any':
      return true;
  }
}

/**
 * What is wrong with the text typed for a parameter, in words; undefined when it would run.
 * An empty field leaves the parameter out (the flow's own default applies), unless required.
 */
export function parameterProblem(parameter: FlowParameter, raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') {
    return parameter.required ? `${parameter.name} is required.` : undefined;
  }
  const { kind, nullable } = parameterType(parameter);
  if (nullable && kind !== 'str' && (text === 'None' || text === 'null')) return undefined;
  if (fits(text, kind)) return undefined;
  return `${parameter.name} must be ${EXPECTED[kind]}${nullable ? ', or None' : ''}.`;
}

/** "int", "list[str] | None": the annotation as written, else the kind read from the default. */
export function typeLabel(parameter: FlowParameter): string {
  return parameter.type ?? parameterType(parameter).kind;
}
