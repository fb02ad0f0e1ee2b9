/**
 * Just enough of Python's grammar to list a module's top-level functions, their decorators
 * and signatures, without running Python: a tokenizer that knows strings (prefixes, triple
 * quotes, escapes), comments, brackets and line continuations, so "@flow" inside a docstring
 * or a default of "a, b" is read for what it is. Literal defaults become JSON the way
 * ast.literal_eval would read them; anything else is kept as source text.
 */

export type TokenKind = 'name' | 'number' | 'string' | 'op';

export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  line: number;
  col: number;
}

/** A logical line: its tokens (brackets and backslashes join physical lines). */
export type LogicalLine = Token[];

const STRING_START = /([rRbBuUfF]{0,2})('''|"""|'|")/y;
const NUMBER =
  /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y;
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const OPS = ['**=', '//=', '>>=', '<<=', '...', '->', '**', '//', ':=', '==', '!=', '<=', '>='];

export function logicalLines(source: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let current: Token[] = [];
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, atLine: number, col: number) =>
    current.push({ kind, text: source.slice(start, end), start, end, line: atLine, col });
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '\n') {
      if (depth === 0 && current.length > 0) {
        lines.push(current);
        current = [];
      }
      line++;
      lineStart = ++i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '\\' && (source[i + 1] === '\n' || source.startsWith('\r\n', i + 1))) {
      i += source[i + 1] === '\n' ? 2 : 3;
      line++;
      lineStart = i;
      continue;
    }
    const startLine = line;
    const col = i - lineStart;
    STRING_START.lastIndex = i;
    const quote = STRING_START.exec(source);
    if (quote) {
      const delimiter = quote[2] ?? '"';
      let j = i + quote[0].length;
      while (j < source.length && !source.startsWith(delimiter, j)) {
        // A backslash escapes the next character, in raw strings too (r"\"" is one string).
        const escaped = source[j] === '\\';
        if (escaped) j++;
        if (source[j] === '\n') {
          if (delimiter.length === 1 && !escaped) break; // unterminated
          line++;
          lineStart = j + 1;
        }
        j++;
      }
      j = Math.min(source.length, j + (source.startsWith(delimiter, j) ? delimiter.length : 0));
      push('string', i, j, startLine, col);
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source);
      const end = i + (m?.[0].length ?? 1);
      push('number', i, end, startLine, col);
      i = end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(source);
    if (name) {
      push('name', i, i + name[0].length, startLine, col);
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => source.startsWith(o, i)) ?? c;
    if ('([{'.includes(op)) depth++;
    if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    push('op', i, i + op.length, startLine, col);
    i += op.length;
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

/** Splits tokens at top-level commas (not inside brackets). */
export function splitTopLevel(tokens: Token[], separator = ','): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'op' && '([{'.includes(token.text)) depth++;
    if (token.kind === 'op' && ')]}'.includes(token.text)) depth--;
    if (depth === 0 && token.kind === 'op' && token.text === separator) parts.push([]);
    else parts[parts.length - 1]?.push(token);
  }
  return parts.filter((part, index) => part.length > 0 || index < parts.length - 1);
}

/** The index of the bracket closing the one at `open`, or -1. */
export function closingBracket(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.kind !== 'op') continue;
    if ('([{'.includes(t.text)) depth++;
    if (')]}'.includes(t.text) && --depth === 0) return i;
  }
  return -1;
}

export const NOT_LITERAL: unique symbol = Symbol('not a literal');

/** A token run as ast.literal_eval reads it (numbers, strings, True/False/None, lists,
 * tuples, dicts with string keys), or NOT_LITERAL. */
export function literalValue(tokens: Token[]): unknown {
  const parser = { pos: 0 };
  const value = parseLiteral(tokens, parser);
  return value !== NOT_LITERAL && parser.pos === tokens.length ? value : NOT_LITERAL;
}

function parseLiteral(tokens: Token[], p: { pos: number }): unknown {
  const t = tokens[p.pos];
  if (!t) return NOT_LITERAL;
  if (t.kind === 'string') {
    let text = '';
    while (tokens[p.pos]?.kind === 'string') {
      const part = stringValue(tokens[p.pos]?.text ?? '');
      if (part === null) return NOT_LITERAL;
      text += part;
      p.pos++;
    }
    return text;
  }
  if (
    t.kind === 'op' &&
    (t.text === '-' || t.text === '+') &&
    tokens[p.pos + 1]?.kind === 'number'
  ) {
    p.pos++;
    const n = parseLiteral(tokens, p);
    return typeof n === 'number' ? (t.text === '-' ? -n : n) : NOT_LITERAL;
  }
  if (t.kind === 'number') {
    p.pos++;
    return numberValue(t.text);
  }
  if (t.kind === 'name') {
    p.pos++;
    if (t.text === 'True') return true;
    if (t.text === 'False') return false;
    if (t.text === 'None') return null;
    return NOT_LITERAL;
  }
  if (t.kind === 'op' && (t.text === '[' || t.text === '(' || t.text === '{')) {
    const close = closingBracket(tokens, p.pos);
    if (close < 0) return NOT_LITERAL;
    const inner = tokens.slice(p.pos + 1, close);
    p.pos = close + 1;
    const items = splitTopLevel(inner);
    if (t.text === '{') {
      const entries: [string, unknown][] = [];
      for (const item of items) {
        const [k, v, ...extra] = splitTopLevel(item, ':');
        if (!k || !v || extra.length > 0) return NOT_LITERAL; // a set, or a slice
        const key = literalValue(k);
        const val = literalValue(v);
        if (typeof key !== 'string' || val === NOT_LITERAL) return NOT_LITERAL;
        entries.push([key, val]);
      }
      return Object.fromEntries(entries);
    }
    const values = items.map((item) => literalValue(item));
    if (values.includes(NOT_LITERAL)) return NOT_LITERAL;
    // (x) is x; (x,) and [x] are sequences.
    const tuple = inner.some((tok, i) => tok.text === ',' && i === inner.length - 1);
    if (t.text === '(' && values.length === 1 && !tuple) return values[0];
    return values;
  }
  return NOT_LITERAL;
}

function numberValue(text: string): unknown {
  if (/[jJ]$/.test(text)) return NOT_LITERAL; // complex
  const clean = text.replace(/_/g, '');
  const n = /^0[oO]/.test(clean) ? parseInt(clean.slice(2), 8) : Number(clean);
  return Number.isFinite(n) ? n : NOT_LITERAL;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** A str literal's value; null for bytes and f-strings, which are not plain strings. */
export function stringValue(token: string): string | null {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(token);
  if (!m) return null;
  const prefix = (m[1] ?? '').toLowerCase();
  if (prefix.includes('b') || prefix.includes('f')) return null;
  const delimiter = m[2] ?? '"';
  const body = token.slice(m[0].length, token.length - delimiter.length);
  if (prefix.includes('r')) return body;
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g,
    (all, esc: string) => {
      if (/^[xuU]/.test(esc) && esc.length > 1) {
        return String.fromCodePoint(parseInt(esc.slice(1), 16));
      }
      return ESCAPES[esc] ?? all;
    },
  );
}

/** Source text of a token run, whitespace collapsed. */
export function sourceText(source: string, tokens: Token[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return '';
  return source.slice(first.start, last.end).replace(/\s+/g, ' ').trim();
}
