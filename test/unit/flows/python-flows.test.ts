/**
 * Bare @flow functions read from Python source without Python: decorators, names, signatures
 * and literal defaults, and nothing mistaken inside strings, comments or nested code.
 */
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { bareFlows, parsePythonModule } from '../../../src/flows/python-flows';
import { NOT_LITERAL, literalValue, logicalLines } from '../../../src/flows/python-source';
import { flowNamed, projects } from './project';

const project = projects();

const SOURCE = `"""Flows.

@flow
def in_docstring(): ...
"""
import prefect
from prefect import flow, task as prefect_task
from datetime import datetime

THRESHOLD: float = 0.5

# @flow
# def in_comment(): ...

@flow
def plain(x, y: int, z: str = "a, b", *, flag: bool = True):
    pass

@flow(name="Nightly ETL", retries=2)
async def etl(
    day: str = None,  # a comment inside the signature
    sizes: list[int] = [1, 2, -3],
    opts: dict[str, float] = {"a": 1.5e3, 'b': 0x10},
    pair: tuple = (1, "two"),
    when: datetime = datetime.now(),
    *args,
    **kwargs,
) -> None:
    pass

@prefect.flow()
def dotted(path: "pathlib.Path" = r"C:\\temp", joined="a" "b"): pass

@prefect_task
def not_a_flow(): pass

@other.flow
def also_not(): pass

class Holder:
    @flow
    def method(self): pass

def outer():
    @flow
    def inner(): pass
`;

describe('reading a module', () => {
  it('finds the top-level @flow functions only, with their lines', () => {
    const module = parsePythonModule(SOURCE);
    const flows = [...module.functions.values()].filter((f) => f.flowName !== null);
    expect(flows.map((f) => [f.name, f.flowName, f.line])).toEqual([
      ['plain', 'plain', 16],
      ['etl', 'Nightly ETL', 20],
      ['dotted', 'dotted', 32],
    ]);
    expect([...module.names].sort()).toEqual(
      [
        'prefect',
        'flow',
        'prefect_task',
        'datetime',
        'THRESHOLD',
        'plain',
        'etl',
        'dotted',
        'not_a_flow',
        'also_not',
        'Holder',
        'outer',
      ].sort(),
    );
  });

  it('reads parameters: annotations as written, literal defaults as JSON', () => {
    const fns = parsePythonModule(SOURCE).functions;
    expect(fns.get('plain')?.parameters).toEqual([
      { name: 'x', default: null, type: null, required: true },
      { name: 'y', default: null, type: 'int', required: true },
      { name: 'z', default: 'a, b', type: 'str', required: false },
      { name: 'flag', default: true, type: 'bool', required: false },
    ]);
    const etl = fns.get('etl');
    expect(etl?.parameters).toEqual([
      { name: 'day', default: null, type: 'str', required: false },
      { name: 'sizes', default: [1, 2, -3], type: 'list[int]', required: false },
      { name: 'opts', default: { a: 1500, b: 16 }, type: 'dict[str, float]', required: false },
      { name: 'pair', default: [1, 'two'], type: 'tuple', required: false },
      { name: 'when', default: null, type: 'datetime', required: false },
    ]);
    expect([...(etl?.expressionDefaults ?? [])]).toEqual([['when', 'datetime.now()']]);
    expect([etl?.varargs, etl?.kwargs]).toEqual(['*args', '**kwargs']);
    expect(fns.get('dotted')?.parameters).toEqual([
      { name: 'path', default: 'C:\\temp', type: '"pathlib.Path"', required: false },
      { name: 'joined', default: 'ab', type: null, required: false },
    ]);
  });

  it('makes flows that run in the default Prefect image, saying what Berth cannot set', () => {
    const [, etl] = bareFlows('pkg/flows.py', parsePythonModule(SOURCE));
    expect(etl).toMatchObject({
      id: 'prefect-flow:pkg/flows.py:Nightly ETL',
      kind: 'prefect-flow',
      name: 'Nightly ETL',
      line: 20,
      image: 'prefecthq/prefect:3-latest',
      imageFrom: 'default image',
      entrypoint: { path: 'pkg/flows.py', function: 'etl' },
      command: null,
    });
    expect(etl?.warnings).toEqual([
      'No deployment sets an image for this flow: it runs in prefecthq/prefect:3-latest.',
      'Parameter when defaults to datetime.now(), which Berth does not evaluate: the flow applies it when the parameter is not set.',
      '*args (extra positional arguments) cannot be set from Berth.',
      '**kwargs (extra keyword arguments): only named parameters can be set from Berth.',
    ]);
  });
});

describe('Python literals', () => {
  const literal = (source: string) => literalValue(logicalLines(source)[0] ?? []);

  it.each([
    ['1_000', 1000],
    ['-2.5', -2.5],
    ['0o17', 15],
    ['0b101', 5],
    ['"tab\\there"', 'tab\there'],
    ["'\\u00e9'", 'é'],
    ['"""multi\nline"""', 'multi\nline'],
    ['None', null],
    ['(1,)', [1]],
    ['(1)', 1],
    ['[]', []],
    ['{"k": [True, None]}', { k: [true, null] }],
  ])('reads %s', (source, value) => {
    expect(literal(source)).toEqual(value);
  });

  it.each([['f"{x}"'], ['b"raw"'], ['1j'], ['{1, 2}'], ['{1: 2}'], ['x'], ['1 + 2'], ['[1, x]']])(
    'refuses %s',
    (source) => {
      expect(literal(source)).toBe(NOT_LITERAL);
    },
  );
});

describe('bare flows in a project', () => {
  it('lists each @flow with an entrypoint relative to the root', async () => {
    const root = project({
      'pipelines/etl.py': SOURCE,
      'pipelines/helpers.py': 'def flow_helper(): pass\n',
      'README.md': '@flow in markdown is not Python\n',
    });
    const result = await discoverFlows(root);
    expect(result.flows.map((f) => [f.id, f.entrypoint?.path, f.entrypoint?.function])).toEqual([
      ['prefect-flow:pipelines/etl.py:plain', 'pipelines/etl.py', 'plain'],
      ['prefect-flow:pipelines/etl.py:Nightly ETL', 'pipelines/etl.py', 'etl'],
      ['prefect-flow:pipelines/etl.py:dotted', 'pipelines/etl.py', 'dotted'],
    ]);
  });

  it('drops a bare flow that a deployment in prefect.yaml runs', async () => {
    const flowPy = `from prefect import flow

@flow
def main(n: int = 1):
    pass

@flow
def other(): pass
`;
    const root = project({
      'sub/flows/job.py': flowPy,
      'sub/prefect.yaml':
        'deployments:\n  - name: job-nightly\n    entrypoint: flows/job.py:main\n    parameters: { n: 5 }\n',
    });
    const result = await discoverFlows(root);
    expect(result.flows.map((f) => f.id)).toEqual([
      'prefect-flow:sub/flows/job.py:other',
      'prefect-deployment:sub/prefect.yaml:job-nightly',
    ]);
    const deployment = flowNamed(result, 'job-nightly');
    // The entrypoint is relative to prefect.yaml in the file, to the root in the flow.
    expect(deployment.entrypoint).toEqual({ path: 'sub/flows/job.py', function: 'main' });
    expect(deployment.parameters).toEqual([
      { name: 'n', default: 5, type: 'int', required: false },
    ]);
  });
});
