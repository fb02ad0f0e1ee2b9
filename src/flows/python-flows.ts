/**
 * Bare Prefect flows: top-level functions decorated with @flow, @flow(...), @prefect.flow or
 * @prefect.flow(...). Only top-level ones count, because an entrypoint (`file.py:function`)
 * names a module attribute. Parameters come from the signature; literal defaults become
 * JSON, and annotations are kept as written for validate-run to coerce by.
 */
import { PREFECT_DEFAULT_IMAGE, flowDefaults, flowId } from '../shared/flows';
import type { FlowDefinition, FlowParameter } from '../shared/flows';
import {
  NOT_LITERAL,
  closingBracket,
  literalValue,
  logicalLines,
  sourceText,
  splitTopLevel,
} from './python-source';
import type { Token } from './python-source';

export interface PythonFunction {
  name: string;
  /** Line of the `def`. */
  line: number;
  /** Set when decorated with @flow: the flow's name (from name="...", else the function's). */
  flowName: string | null;
  parameters: FlowParameter[];
  /** Defaults written as expressions Berth does not evaluate, by parameter name. */
  expressionDefaults: Map<string, string>;
  /** `*args` / `**kwargs` as written, if any. */
  varargs: string | null;
  kwargs: string | null;
}

export interface PythonModule {
  /** Top-level functions by name. */
  functions: Map<string, PythonFunction>;
  /** Every top-level binding: defs, classes, assignments and imports. */
  names: Set<string>;
}

/** Cheap test before tokenizing: could this file define a flow at all? */
export function mightDefineFlows(text: string): boolean {
  return /@\s*(prefect\s*\.\s*)?flow\b/.test(text);
}

export function parsePythonModule(source: string): PythonModule {
  const functions = new Map<string, PythonFunction>();
  const names = new Set<string>();
  let decorators: Token[][] = [];
  for (const tokens of logicalLines(source.replace(/^\uFEFF/, ''))) {
    const [first, second] = tokens;
    if (!first) continue;
    const topLevel = first.col === 0;
    if (first.text === '@') {
      if (topLevel) decorators.push(tokens.slice(1));
      continue;
    }
    const def =
      first.text === 'def' ? 0 : first.text === 'async' && second?.text === 'def' ? 1 : -1;
    if (def >= 0 && topLevel) {
      const fn = parseFunction(source, tokens.slice(def + 1), decorators);
      if (fn) {
        functions.set(fn.name, fn);
        names.add(fn.name);
      }
    } else if (topLevel) {
      for (const name of boundNames(tokens)) names.add(name);
    }
    decorators = [];
  }
  return { functions, names };
}

function parseFunction(source: string, tokens: Token[], decorators: Token[][]) {
  const [name, open] = tokens;
  if (name?.kind !== 'name' || open?.text !== '(') return null;
  const close = closingBracket(tokens, 1);
  if (close < 0) return null;
  const fn: PythonFunction = {
    name: name.text,
    line: name.line,
    flowName: null,
    parameters: [],
    expressionDefaults: new Map(),
    varargs: null,
    kwargs: null,
  };
  for (const part of splitTopLevel(tokens.slice(2, close))) {
    const parameter = parseParameter(source, part, fn);
    if (parameter) fn.parameters.push(parameter);
  }
  const flowDecorator = decorators.map(flowDecoratorName).find((d) => d !== undefined);
  if (flowDecorator !== undefined) fn.flowName = flowDecorator ?? name.text;
  return fn;
}

function parseParameter(source: string, part: Token[], fn: PythonFunction): FlowParameter | null {
  const [first, second] = part;
  if (!first) return null;
  if (first.text === '/' || (first.text === '*' && !second)) return null; // markers
  if (first.text === '*') {
    fn.varargs = `*${second?.text ?? ''}`;
    return null;
  }
  if (first.text === '**') {
    fn.kwargs = `**${second?.text ?? ''}`;
    return null;
  }
  if (first.kind !== 'name') return null;
  let depth = 0;
  let colon = -1;
  let equals = -1;
  part.forEach((token, i) => {
    if (token.kind !== 'op') return;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth--;
    else if (depth === 0 && token.text === ':' && colon < 0 && equals < 0) colon = i;
    else if (depth === 0 && token.text === '=' && equals < 0) equals = i;
  });
  const annotationTokens = colon > 0 ? part.slice(colon + 1, equals > 0 ? equals : undefined) : [];
  const type = annotationTokens.length > 0 ? sourceText(source, annotationTokens) : null;
  if (equals < 0) return { name: first.text, default: null, type, required: true };
  const defaultTokens = part.slice(equals + 1);
  const value = literalValue(defaultTokens);
  if (value === NOT_LITERAL) {
    fn.expressionDefaults.set(first.text, sourceText(source, defaultTokens));
    return { name: first.text, default: null, type, required: false };
  }
  return { name: first.text, default: value, type, required: false };
}

/**
 * undefined: not a flow decorator. null: @flow without a literal name. A string: the name.
 */
function flowDecoratorName(tokens: Token[]): string | null | undefined {
  const texts = tokens.map((t) => t.text);
  const start = texts[0] === 'flow' ? 1 : texts.slice(0, 3).join('') === 'prefect.flow' ? 3 : 0;
  if (start === 0) return undefined;
  if (tokens.length === start) return null;
  if (texts[start] !== '(' || closingBracket(tokens, start) !== tokens.length - 1) {
    return undefined;
  }
  for (const arg of splitTopLevel(tokens.slice(start + 1, -1))) {
    if (arg[0]?.text === 'name' && arg[1]?.text === '=') {
      const name = literalValue(arg.slice(2));
      return typeof name === 'string' && name !== '' ? name : null;
    }
  }
  return null;
}

/** Names a top-level statement binds: `x = ...`, `x: T = ...`, imports, classes. */
function boundNames(tokens: Token[]): string[] {
  const [first] = tokens;
  if (!first) return [];
  if (first.text === 'class') return tokens[1]?.kind === 'name' ? [tokens[1].text] : [];
  if (first.text === 'import' || first.text === 'from') {
    const afterImport = tokens.findIndex((t) => t.text === 'import');
    return splitTopLevel(tokens.slice(afterImport + 1).filter((t) => !'()'.includes(t.text)))
      .map((alias) => {
        const as = alias.findIndex((t) => t.text === 'as');
        const bound = as >= 0 ? alias[as + 1] : alias[0];
        return bound?.text ?? '';
      })
      .filter((name) => /^[\p{L}_]/u.test(name));
  }
  const names: string[] = [];
  for (const target of splitTopLevel(tokens, '=').slice(0, -1)) {
    const [name, next] = target;
    if (name?.kind === 'name' && (!next || next.text === ':')) names.push(name.text);
  }
  return names;
}

/** The bare flows a module defines, as flows of the project. */
export function bareFlows(file: string, module: PythonModule): FlowDefinition[] {
  const flows: FlowDefinition[] = [];
  for (const fn of module.functions.values()) {
    if (fn.flowName === null) continue;
    flows.push({
      id: flowId('prefect-flow', file, fn.flowName),
      kind: 'prefect-flow',
      name: fn.flowName,
      file,
      line: fn.line,
      image: PREFECT_DEFAULT_IMAGE,
      imageFrom: 'default image',
      command: null,
      entrypoint: { path: file, function: fn.name },
      parameters: fn.parameters,
      ...flowDefaults(),
      warnings: [
        `No deployment sets an image for this flow: it runs in ${PREFECT_DEFAULT_IMAGE}.`,
        ...signatureNotes(fn, new Set()),
      ],
    });
  }
  return flows;
}

/** Warnings about what of a signature Berth cannot set; `given` are parameters set elsewhere. */
export function signatureNotes(fn: PythonFunction, given: Set<string>): string[] {
  const notes: string[] = [];
  for (const [name, expression] of fn.expressionDefaults) {
    if (given.has(name)) continue;
    notes.push(
      `Parameter ${name} defaults to ${expression}, which Berth does not evaluate: the flow applies it when the parameter is not set.`,
    );
  }
  if (fn.varargs)
    notes.push(`${fn.varargs} (extra positional arguments) cannot be set from Berth.`);
  if (fn.kwargs) {
    notes.push(
      `${fn.kwargs} (extra keyword arguments): only named parameters can be set from Berth.`,
    );
  }
  return notes;
}
