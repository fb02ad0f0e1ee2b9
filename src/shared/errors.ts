import { z } from 'zod';

/**
 * Errors are values with a code (design/style.md): the code drives the UI text, the CLI exit
 * status and, later, the diagnosis. `hint` says what to do, in the user's words.
 */
export const ErrorShape = z.object({
  code: z.string().min(1),
  message: z.string(),
  hint: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorShape = z.infer<typeof ErrorShape>;

export class BerthError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, hint?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'BerthError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  toShape(): ErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }

  static fromShape(shape: ErrorShape): BerthError {
    return new BerthError(shape.code, shape.message, shape.hint, shape.details);
  }

  /** Any thrown value as a BerthError: itself when it is one, else with the generic code. */
  static from(error: unknown): BerthError {
    return error instanceof BerthError ? error : BerthError.fromShape(toErrorShape(error));
  }
}

/** Any thrown value as an ErrorShape; unknown errors keep their message but get a generic code. */
export function toErrorShape(error: unknown): ErrorShape {
  if (error instanceof BerthError) return error.toShape();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'Unexpected error' };
}
