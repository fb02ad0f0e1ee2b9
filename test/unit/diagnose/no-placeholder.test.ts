/**
 * No placeholder ever reaches a user: every rule's real example and every corpus message, read
 * offline, gives fix steps and remedies that can be run as written.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseMessage } from '../../../src/diagnose/probe';
import { MESSAGE_RULES } from '../../../src/diagnose/message-rules';
import type { Diagnosis } from '../../../src/shared/diagnosis';
import { loadCorpus } from './corpus';

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
function everyText(d: Diagnosis): string[] {
  return [...d.fix, ...(d.remedies ?? []).flatMap((r) => [r.title, r.command, ...r.changes])];
}

const inputs = [
  ...MESSAGE_RULES.map((r) => ({ name: `rule ${r.id}`, message: r.example })),
  ...loadCorpus().map((e) => ({ name: e.source, message: e.message })),
];

describe('no placeholder reaches a user', () => {
  it('recognises the kinds of placeholder it guards against', () => {
    expect(placeholderIn('berth login ecr -u AWS --password-stdin')).toMatch(/kind/);
    expect(placeholderIn('berth tags the registry/team/app')).toMatch(/the registry/);
    expect(placeholderIn('Check the repository name <repository>')).toMatch(/unfilled/);
    expect(placeholderIn('berth login ghcr.io -u "$GITHUB_USER" --password-stdin')).toBeNull();
  });

  it.each(inputs.map((i) => [i.name, i.message] as const))('%s', (_name, message) => {
    const d = diagnoseMessage(message);
    for (const text of everyText(d)) expect(placeholderIn(text), text).toBeNull();
  });
});
