import { describeError } from './error-catalogue';
import type { ErrorCode } from './error-catalogue';

/**
 * Errors are values with a code (design/style.md): the code drives the UI text, the CLI exit
 * status and, later, the diagnosis. `hint` says what to do, in the user's words. The contract
 * validates it with the schema in error-shape.ts; this file stays free of zod so that a CLI
 * command that never crosses the contract (`berth ref`) does not load it.
 */
export interface ErrorShape {
  code: string;
  message: string;
  hint?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

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

/**
 * Node's system errors (errno names, see `man 3 errno`) that a user can act on, as catalogue
 * codes; the rest stay `internal`.
 */
const SYSTEM_ERROR_CODES: Readonly<Record<string, ErrorCode>> = {
  EROFS: 'os.read_only',
  ENOSPC: 'os.disk_full',
  EDQUOT: 'os.disk_full',
  EACCES: 'os.permission_denied',
  EPERM: 'os.permission_denied',
  EMFILE: 'os.too_many_files',
  ENFILE: 'os.too_many_files',
  EADDRINUSE: 'serve.port_in_use',
};

function systemErrorCode(error: unknown): ErrorCode | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const errno = (error as { code: unknown }).code;
  return typeof errno === 'string' ? SYSTEM_ERROR_CODES[errno] : undefined;
}

/**
 * Any thrown value as an ErrorShape: a BerthError as itself, an OS error the user can act on
 * (read-only or full disk, busy port, …) with its catalogue code and hint, anything else as
 * `internal` with its message.
 */
export function toErrorShape(error: unknown): ErrorShape {
  if (error instanceof BerthError) return error.toShape();
  const message = (error instanceof Error ? error.message : String(error)) || 'Unexpected error';
  const code = systemErrorCode(error);
  if (code) {
    // Node names the path for open() but not for write(); say it whenever it is known.
    const path = (error as { path?: unknown }).path;
    const where = typeof path === 'string' && !message.includes(path) ? ` (${path})` : '';
    return { code, message: `${message}${where}`, hint: describeError(code).hint };
  }
  return { code: 'internal', message };
}
