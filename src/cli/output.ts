/**
 * How every CLI command answers: JSON on stdout with --json (errors too, as
 * {"error":{code,message,hint}}), human text otherwise, and an exit status from the code.
 */
import { toErrorShape } from '../shared/errors';
import { EXIT_STATUS, exitStatusFor, hintFor } from '../shared/error-catalogue';
import type { ErrorShape } from '../shared/errors';

export const EXIT = {
  ok: 0,
  failure: EXIT_STATUS.failure,
  usage: EXIT_STATUS.input,
  cancelled: EXIT_STATUS.cancelled,
} as const;

/** The exit status the error catalogue gives the error's code. */
export function exitCodeFor(error: ErrorShape): number {
  return exitStatusFor(error.code);
}

export interface Output {
  json: boolean;
  out(text: string): void;
  err(text: string): void;
}

export function stdio(json: boolean): Output {
  return {
    json,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}

/** Prints an error in the chosen form and returns the exit status. */
export function reportError(output: Output, error: unknown): number {
  const shape = toErrorShape(error);
  if (output.json) {
    output.out(JSON.stringify({ error: { ...shape, hint: hintFor(shape) } }, null, 2));
  } else {
    output.err(`error: ${shape.message}`);
    output.err(`  what to do: ${hintFor(shape)}`);
    output.err(`  (${shape.code})`);
  }
  return exitCodeFor(shape);
}

/** A plain text table with aligned columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
