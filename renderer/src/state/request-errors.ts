/**
 * Requests are checked against the contract's own schemas before they leave (the same zod
 * messages the host would send back), and a refusal from the host, `request.invalid` with
 * `details.issues` (src/host/dispatch.ts), is split the same way: an issue whose path names a
 * field is shown next to that field, the rest above the buttons.
 */
import { channels } from '../../../src/shared/contract';
import type { ChannelName, Request } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';

export interface RequestIssue {
  path: string[];
  message: string;
}

export interface SplitErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** What no field can show: a refusal, a failure, an issue about the request as a whole. */
  general: ErrorShape | undefined;
}

function issueMessage(issues: readonly RequestIssue[]): string {
  return issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

/** The contract's verdict on a request, as the host would word it; undefined when valid. */
export function checkRequest<C extends ChannelName>(
  channel: C,
  request: Request<C>,
): ErrorShape | undefined {
  const parsed = channels[channel].request.safeParse(request);
  if (parsed.success) return undefined;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  return {
    code: 'request.invalid',
    message: `Invalid request for ${channel}: ${issueMessage(issues)}`,
    details: { issues },
  };
}

function issuesOf(error: ErrorShape): RequestIssue[] | undefined {
  const raw = error.details?.['issues'];
  if (!Array.isArray(raw)) return undefined;
  const issues: RequestIssue[] = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (!Array.isArray(path) || typeof message !== 'string') return undefined;
    issues.push({ path: path.map(String), message });
  }
  return issues;
}

/**
 * Splits an error into per-field messages. `fieldOf` maps an issue path to a field (or
 * undefined); `byCode` maps error codes that are about one field (an invalid pattern).
 */
export function splitErrors<F extends string>(
  error: ErrorShape | undefined,
  fieldOf: (path: readonly string[]) => F | undefined,
  byCode: Partial<Record<string, F>> = {},
): SplitErrors<F> {
  const fields: Partial<Record<F, string>> = {};
  if (!error) return { fields, general: undefined };
  const coded = byCode[error.code];
  if (coded) {
    fields[coded] = error.hint ? `${error.message} ${error.hint}` : error.message;
    return { fields, general: undefined };
  }
  const issues = error.code === 'request.invalid' ? issuesOf(error) : undefined;
  if (!issues) return { fields, general: error };
  const rest: RequestIssue[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field === undefined) rest.push(issue);
    else fields[field] ??= issue.message;
  }
  return {
    fields,
    general: rest.length
      ? { code: error.code, message: issueMessage(rest), details: { issues: rest } }
      : undefined,
  };
}
