/**
 * What a user could not run as written: the placeholder check shared by the tests that read
 * real messages (no-placeholder.test.ts, source-wordings.test.ts).
 */
import type { Diagnosis } from '../../../src/shared/diagnosis';

const KINDS = 'ecr|acr|gar|gcr|ghcr|dockerhub|quay|jfrog|generic|harbor|gitlab|aliyun';
const COMMANDS = 'berth (?:login|logout|tags|pull|doctor|fix)|docker (?:login|logout|pull)';

/** What a user could not run as written, or null. */
export function placeholderIn(text: string): string | null {
  const angle = /<[\w .:/|-]{1,60}>/.exec(text);
  if (angle) return `unfilled ${angle[0]}`;
  if (new RegExp(`(?:${COMMANDS}) the registry\\b`).test(text))
    return '"the registry" used as a host';
  const kind = new RegExp(`(?:${COMMANDS}) (?:${KINDS})(?![\\w.-])`).exec(text);
  if (kind) return `registry kind as a host: ${kind[0]}`;
  if (/\bnull\b|\bundefined\b|\[object Object\]/.test(text)) return 'a missing value printed';
  return null;
}

/** The summary quotes the user's own paste (redactions and all); what Berth writes is checked. */
export function everyText(d: Diagnosis): string[] {
  return [...d.fix, ...(d.remedies ?? []).flatMap((r) => [r.title, r.command, ...r.changes])];
}
