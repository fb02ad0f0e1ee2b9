/**
 * What a flow parameter takes, and whether a typed text is one: the same rules for the core,
 * which coerces `--param k=v` and the form's values when a run starts, and for the Runs
 * screen, which checks the form as it is typed. The type comes from the annotation (or the
 * Valohai type), else from the default's JSON type; None is allowed for Optional[...] and
 * "X | None".
 */
import type { FlowParameter } from './flows';

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

function kindOfValue(value: unknown): ParameterKind {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object' && value !== null) return 'dict';
  return 'any';
}

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
  // A model, a date, several types: the value is read as JSON when it parses.
  return kind ? { kind, nullable } : { kind: 'any', nullable: true };
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The typed value of `raw`, or undefined when it is not one. */
export function coerceParameter(raw: string, { kind, nullable }: ParameterType): unknown {
  const text = raw.trim();
  if (nullable && (text === 'None' || text === 'null') && kind !== 'str') return null;
  switch (kind) {
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
      if (kind === 'list') return Array.isArray(parsed) ? parsed : undefined;
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

/** "an integer (e.g. 3) or None": what a parameter must be, for an error message. */
export function expectedWords({ kind, nullable }: ParameterType): string {
  const words: Record<ParameterKind, string> = {
    int: 'an integer (e.g. 3)',
    float: 'a number (e.g. 0.5)',
    bool: 'true or false',
    str: 'a string',
    list: 'a JSON list (e.g. ["a", "b"])',
    dict: 'a JSON object (e.g. {"k": 1})',
    any: 'a value',
  };
  return `${words[kind]}${nullable ? ' or None' : ''}`;
}
