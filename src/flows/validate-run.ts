/**
 * A run's inputs checked before any container starts: `--param k=v` strings coerced to each
 * parameter's type (from its annotation, else from its default's JSON type), unknown and
 * missing parameters refused, and the flow itself still runnable from the project folder.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BerthError } from '../shared/errors';
import type { FlowDefinition } from '../shared/flows';
import { hasTemplate, insideRoot } from './flow-checks';
import { coerceParameter, expectedWords, parameterType } from '../shared/parameter-types';

export interface RunInputs {
  /** From `--param k=v`, or the form in the app: always strings. */
  params: Record<string, string>;
  /** The project folder the flow was discovered in. */
  root: string;
}

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
    const type = parameterType(parameter);
    const value = coerceParameter(raw, type);
    if (value === undefined) {
      throw new BerthError(
        'flows.invalid_parameter',
        `Parameter ${parameter.name} of ${flow.name} must be ${expectedWords(type)}; got ${JSON.stringify(raw)}.`,
        parameter.type ? `Its type is ${parameter.type}.` : undefined,
        { flow: flow.id, parameter: parameter.name, expected: type.kind },
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
