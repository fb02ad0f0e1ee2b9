/**
 * `--param k=v` strings turned into the typed parameters a run gets, or refused with the
 * parameter and the type it wants.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { validateRunInputs } from '../../../src/flows/validate-run';
import { parameterType } from '../../../src/shared/parameter-types';
import type { BerthError } from '../../../src/shared/errors';
import { flowDefaults } from '../../../src/shared/flows';
import type { FlowDefinition, FlowParameter } from '../../../src/shared/flows';
import { EXAMPLES, flowNamed } from './project';

const root = join(EXAMPLES, 'prefect-project');

function flowWith(parameters: FlowParameter[], extra: Partial<FlowDefinition> = {}) {
  return {
    id: 'berth:berth.yaml:t',
    kind: 'berth',
    name: 't',
    file: 'berth.yaml',
    line: 1,
    image: 'alpine',
    imageFrom: 'image',
    command: ['true'],
    entrypoint: null,
    ...flowDefaults(),
    parameters,
    ...extra,
  } satisfies FlowDefinition;
}

const param = (name: string, type: string | null, value: unknown = null, required = false) => ({
  name,
  type,
  default: value,
  required,
});

function refusal(run: () => unknown): BerthError {
  try {
    run();
  } catch (error) {
    return error as BerthError;
  }
  throw new Error('expected a refusal');
}

describe('coercion', () => {
  it('types the example deployment’s parameters from their annotations, defaults filling the rest', async () => {
    const flow = flowNamed(await discoverFlows(root), 'hello-explicit');
    expect(
      validateRunInputs(flow, { root, params: { count: '3', shout: 'yes', exit_code: '-2' } }),
    ).toEqual({ name: 'explicit', count: 3, shout: true, exit_code: -2 });
  });

  it.each([
    ['int', '42', 42],
    ['float', '1e-3', 0.001],
    ['float', '7', 7],
    ['bool', 'False', false],
    ['bool', 'on', true],
    ['str', ' spaced ', ' spaced '],
    ['str', 'None', 'None'],
    ['list[int]', '[1, 2]', [1, 2]],
    ['dict[str, int]', '{"a": 1}', { a: 1 }],
    ['Optional[int]', 'None', null],
    ['int | None', 'null', null],
    ['typing.List[str]', '["x"]', ['x']],
    ['datetime', '2024-01-01', '2024-01-01'],
    ['MyModel', '{"k": true}', { k: true }],
    // Valohai's names.
    ['integer', '5', 5],
    ['flag', 'true', true],
  ])('reads %s from %j', (type, raw, value) => {
    expect(validateRunInputs(flowWith([param('p', type)]), { root, params: { p: raw } })).toEqual({
      p: value,
    });
  });

  it('infers the type from the default when there is no annotation', () => {
    const flow = flowWith([
      param('n', null, 1),
      param('x', null, 0.5),
      param('on', null, false),
      param('tags', null, ['a']),
      param('who', null, 'me'),
    ]);
    expect(
      validateRunInputs(flow, {
        root,
        params: { n: '2', x: '3', on: '1', tags: '["b", "c"]', who: '17' },
      }),
    ).toEqual({ n: 2, x: 3, on: true, tags: ['b', 'c'], who: '17' });
    expect(parameterType(param('n', null, 1))).toEqual({ kind: 'int', nullable: false });
  });

  it('leaves out a parameter whose default the flow computes itself', () => {
    const flow = flowWith([param('when', 'datetime', null, false), param('n', 'int', 1)]);
    expect(validateRunInputs(flow, { root, params: {} })).toEqual({ n: 1 });
  });
});

describe('refusals', () => {
  it('refuses an unknown parameter, naming the ones there are', () => {
    const error = refusal(() =>
      validateRunInputs(flowWith([param('a', 'int', 1), param('b', 'str', 'x')]), {
        root,
        params: { c: '1' },
      }),
    );
    expect(error.code).toBe('flows.unknown_parameter');
    expect(error.message).toBe('t has no parameter c.');
    expect(error.hint).toBe('Its parameters are: a, b.');
  });

  it('refuses a run without a required parameter', () => {
    const error = refusal(() =>
      validateRunInputs(flowWith([param('who', 'str', null, true)]), { root, params: {} }),
    );
    expect(error.code).toBe('flows.missing_parameter');
    expect(error.message).toBe('t needs a value for who.');
    expect(error.hint).toBe('Give it with --param who=<value>.');
  });

  it.each([
    ['int', '1.5', 'Parameter p of t must be an integer (e.g. 3); got "1.5".'],
    ['int', '', 'Parameter p of t must be an integer (e.g. 3); got "".'],
    ['float', 'fast', 'Parameter p of t must be a number (e.g. 0.5); got "fast".'],
    ['bool', 'maybe', 'Parameter p of t must be true or false; got "maybe".'],
    [
      'list',
      '{"a": 1}',
      'Parameter p of t must be a JSON list (e.g. ["a", "b"]); got "{\\"a\\": 1}".',
    ],
    ['dict', '[1]', 'Parameter p of t must be a JSON object (e.g. {"k": 1}); got "[1]".'],
    ['Optional[int]', 'x', 'Parameter p of t must be an integer (e.g. 3) or None; got "x".'],
  ])('refuses a %s parameter given %j', (type, raw, message) => {
    const error = refusal(() =>
      validateRunInputs(flowWith([param('p', type)]), { root, params: { p: raw } }),
    );
    expect(error.code).toBe('flows.invalid_parameter');
    expect(error.message).toBe(message);
    expect(error.details).toMatchObject({ parameter: 'p' });
  });

  it('refuses a flow whose image is still a template, or missing', () => {
    const templated = flowWith([], { image: '{{ build-image.image }}' });
    expect(refusal(() => validateRunInputs(templated, { root, params: {} })).code).toBe(
      'flows.unresolved_image',
    );
    const none = flowWith([], { image: null });
    expect(refusal(() => validateRunInputs(none, { root, params: {} })).message).toBe(
      't has no image.',
    );
  });

  it('refuses an entrypoint that is gone, or a volume that leaves the project', () => {
    const gone = flowWith([], { entrypoint: { path: 'flows/gone.py', function: 'main' } });
    expect(refusal(() => validateRunInputs(gone, { root, params: {} })).code).toBe(
      'flows.entrypoint_missing',
    );
    const present = flowWith([], { entrypoint: { path: 'flows/hello.py', function: 'hello' } });
    expect(validateRunInputs(present, { root, params: {} })).toEqual({});
    const escaping = flowWith([], {
      volumes: [{ host: '../../etc', container: '/etc-host', readOnly: true }],
    });
    expect(refusal(() => validateRunInputs(escaping, { root, params: {} })).code).toBe(
      'flows.volume_outside_project',
    );
  });
});
