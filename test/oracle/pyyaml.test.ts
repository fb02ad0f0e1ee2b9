/**
 * Prefect and valohai-yaml read their files with PyYAML's `yaml.safe_load`, so PyYAML is the
 * oracle for what a prefect.yaml or valohai.yaml holds (Debian's python3-yaml, installed by
 * .ci/run). Berth's reader (src/flows/yaml-document.ts with pyyaml-scalars.ts) must load the
 * same data: plain scalars of every shape, and every real project file in the fixtures.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYaml } from '../../src/flows/yaml-document';

const root = join(import.meta.dirname, '..', '..');

/**
 * PyYAML's reading of each text, as JSON: numbers as {int|float: repr} (JSON has no NaN and
 * JavaScript no int/float split), dates as str(), a refusal as {error}.
 */
const PYTHON = `
import json, sys, yaml, math, datetime
def enc(v):
    if isinstance(v, bool) or v is None or isinstance(v, str): return v
    if isinstance(v, int): return {"int": str(v)}
    if isinstance(v, float): return {"float": repr(v)}
    if isinstance(v, (datetime.date, datetime.datetime)): return str(v)
    if isinstance(v, list): return [enc(x) for x in v]
    if isinstance(v, dict): return [[enc(k), enc(x)] for k, x in v.items()]
    return {"other": repr(v)}
out = []
for text in json.load(sys.stdin):
    try: out.append({"data": enc(yaml.safe_load(text))})
    except yaml.YAMLError as e: out.append({"error": str(e).splitlines()[0]})
print(json.dumps(out))
`;

type PyValue = null | boolean | string | { int: string } | { float: string } | PyValue[];

function pyyaml(texts: string[]): ({ data: PyValue } | { error: string })[] {
  const out = execFileSync('python3', ['-c', PYTHON], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as ({ data: PyValue } | { error: string })[];
}

/** Berth's data in PyYAML's encoding, so the two compare as plain JSON. */
function asPy(value: unknown, py: PyValue): unknown {
  if (typeof value === 'number') {
    // JavaScript cannot tell 3 from 3.0: a number matches either kind of the same value.
    if (py !== null && typeof py === 'object' && !Array.isArray(py)) {
      const text = 'int' in py ? py.int : py.float;
      const same = Number.isNaN(value)
        ? text === 'nan'
        : value === Number(text.replace('inf', 'Infinity'));
      return same ? py : { number: String(value) };
    }
    return { number: String(value) };
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => asPy(v, Array.isArray(py) ? (py[i] ?? null) : null));
  }
  if (value !== null && typeof value === 'object') {
    const pairs = Array.isArray(py) ? py : [];
    return Object.entries(value).map(([k, v], i) => {
      const pair = pairs[i];
      const [pk, pv] = Array.isArray(pair) ? pair : [null, null];
      return [asPy(k, pk ?? null), asPy(v, pv ?? null)];
    });
  }
  return value;
}

const SCALARS = [
  // floats: PyYAML needs a dot, and a signed exponent
  ...['1e-4', '1E4', '2.5e-5', '2.5E+5', '1.0e5', '1.0e+5', '1.', '.5', '-.5', '+.5', '1_0.5'],
  ...['3.0', '-0.0', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '1.e-3', '6.8523015e+5'],
  // ints: octal, hex, binary, underscores, base 60, leading zeros
  ...['0', '-0', '+7', '010', '09', '0o10', '0x1F', '-0x1f', '0b101', '1_000', '1:20', '-1:20'],
  ...['190:20:30', '1:20.5', '00', '0_7', '12345678901234'],
  // booleans and nulls
  ...['yes', 'Yes', 'YES', 'no', 'No', 'on', 'On', 'OFF', 'true', 'False', 'y', 'n', 'Y', 'N'],
  ...['~', 'null', 'Null', 'NULL', 'nULL', 'True', 'tRUE'],
  // dates and other text
  ...['2020-01-01', '2020-1-1', '3.4.19', '3-latest', '1.2.3', '0.1', '"1e-4"', "'010'", 'a: b'],
];

describe('YAML read as PyYAML reads it (python3-yaml is the oracle)', () => {
  it('resolves every plain scalar shape to what yaml.safe_load gives', () => {
    const texts = SCALARS.map((s) => `v: ${s}\n`);
    const oracle = pyyaml(texts);
    const mismatches = SCALARS.flatMap(
      (scalar, i): { scalar: string; py: unknown; berth: unknown }[] => {
        const py = oracle[i];
        const read = readYaml('x.yaml', texts[i] ?? '');
        if (!py || 'error' in py || !read.yaml) {
          return py && 'error' in py && !read.yaml ? [] : [{ scalar, py, berth: read.problems }];
        }
        const berth = asPy(read.yaml.data, py.data);
        return JSON.stringify(berth) === JSON.stringify(py.data) ? [] : [{ scalar, py, berth }];
      },
    );
    expect(mismatches).toEqual([]);
  });

  it('loads every real prefect.yaml and valohai.yaml in the fixtures as PyYAML does', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/^(prefect|valohai)\.ya?ml$/.test(name)) files.push(path);
      }
    };
    walk(join(root, 'test', 'fixtures', 'real-projects'));
    expect(files.length).toBeGreaterThanOrEqual(40);
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    const oracle = pyyaml(texts);
    const differ = files.flatMap((file, i) => {
      const py = oracle[i];
      const read = readYaml(relative(root, file), texts[i] ?? '');
      const name = relative(root, file);
      if (!py) return [name];
      if ('error' in py) return read.yaml ? [`${name}: PyYAML refuses it (${py.error})`] : [];
      if (!read.yaml) return [`${name}: Berth refuses it, PyYAML reads it`];
      const same = JSON.stringify(asPy(read.yaml.data, py.data)) === JSON.stringify(py.data);
      return same ? [] : [`${name}: the data differs`];
    });
    expect(differ).toEqual([]);
  });
});
