/**
 * Plain scalars resolved as PyYAML's SafeLoader resolves them, since Prefect and valohai-yaml
 * both read their files with `yaml.safe_load`. PyYAML implements YAML 1.1 with its own
 * regular expressions (pyyaml lib/yaml/resolver.py, `Resolver.add_implicit_resolver`), which
 * neither YAML 1.2 nor the yaml library's 1.1 schema match exactly:
 * - a float needs a dot, and an exponent needs a sign: `1e-4` and `1.0e5` are strings,
 *   `2.5e-5` is a float (valohai-yaml then prints `--lr=1e-4`, not `--lr=0.0001`);
 * - `yes`/`no`/`on`/`off` are booleans, `y`/`n` are not;
 * - `010` is octal 8, `1_000` is 1000, `1:20` is 80 (base 60), and `09` is a string;
 * - `-.5` is a string (the dot-first float form has no sign);
 * - a date stays the text it is written as (safe_load's datetime prints as that text).
 */
import type { ScalarTag, SchemaOptions } from 'yaml';

type Tags = Extract<NonNullable<SchemaOptions['customTags']>, unknown[]>;

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Sign and digits apart, underscores dropped, as PyYAML's constructors do first. */
function signed(text: string): { sign: number; body: string } {
  const clean = text.replace(/_/g, '');
  const sign = clean.startsWith('-') ? -1 : 1;
  return { sign, body: clean.replace(/^[-+]/, '') };
}

/** `1:20:30` in base 60 (construct_yaml_int / construct_yaml_float). */
function sexagesimal(body: string): number {
  return body.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** pyyaml lib/yaml/constructor.py SafeConstructor.construct_yaml_int. */
export function pyInt(text: string): number {
  const { sign, body } = signed(text);
  if (body === '0') return 0;
  if (body.startsWith('0b')) return sign * parseInt(body.slice(2), 2);
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
  if (body.startsWith('0')) return sign * parseInt(body, 8);
  if (body.includes(':')) return sign * sexagesimal(body);
  return sign * Number(body);
}

/** pyyaml lib/yaml/constructor.py SafeConstructor.construct_yaml_float. */
export function pyFloat(text: string): number {
  const { sign, body } = signed(text);
  const lower = body.toLowerCase();
  if (lower === '.inf') return sign * Infinity;
  if (lower === '.nan') return NaN;
  if (body.includes(':')) {
    const [whole = '', fraction = ''] = body.split('.');
    return sign * (sexagesimal(whole) + Number(`0.${fraction || '0'}`));
  }
  return sign * Number(body);
}

const scalar = (
  tag: string,
  test: RegExp,
  identify: (value: unknown) => boolean,
  resolve: (text: string) => unknown,
): ScalarTag => ({ tag: `tag:yaml.org,2002:${tag}`, default: true, test, identify, resolve });

const PYYAML_SCALARS: ScalarTag[] = [
  scalar(
    'bool',
    BOOL,
    (v) => typeof v === 'boolean',
    (text) => TRUE.test(text),
  ),
  scalar('int', INT, (v) => typeof v === 'number' && Number.isInteger(v), pyInt),
  scalar('float', FLOAT, (v) => typeof v === 'number', pyFloat),
];

const REPLACED = new Set(
  ['bool', 'int', 'float', 'timestamp'].map((name) => `tag:yaml.org,2002:${name}`),
);

/**
 * For the yaml library's `customTags` with `version: '1.1'`: its 1.1 schema (null, merge keys,
 * collections, explicit tags) with the implicit bool, int and float of PyYAML instead of its
 * own, and no implicit timestamp.
 */
export function pyyamlTags(tags: Tags): Tags {
  return [...tags.filter((t) => typeof t === 'string' || !REPLACED.has(t.tag)), ...PYYAML_SCALARS];
}
