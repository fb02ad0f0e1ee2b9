/**
 * A flow parameter as the form edits it: text in, checked as it is typed, sent as text. The
 * rules are the core's own (src/shared/parameter-types.ts), which coerce the same text when
 * the run starts.
 */
import type { FlowParameter } from '../../../src/shared/flows';
import { coerceParameter, expectedWords, parameterType } from '../../../src/shared/parameter-types';

export { parameterType };
export type { ParameterKind, ParameterType } from '../../../src/shared/parameter-types';

/** The default as the field shows it; '' when there is none (or the flow computes it). */
export function defaultText(parameter: FlowParameter): string {
  const value = parameter.default;
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
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
  const type = parameterType(parameter);
  if (coerceParameter(text, type) !== undefined) return undefined;
  return `${parameter.name} must be ${expectedWords(type)}.`;
}

/** "int", "list[str] | None": the annotation as written, else the kind read from the default. */
export function typeLabel(parameter: FlowParameter): string {
  return parameter.type ?? parameterType(parameter).kind;
}
