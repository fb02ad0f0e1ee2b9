/**
 * No placeholder ever reaches a user: every rule's real example and every corpus message, read
 * offline, gives fix steps and remedies that can be run as written.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseMessage } from '../../../src/diagnose/probe';
import { MESSAGE_RULES } from '../../../src/diagnose/message-rules';
import { loadCorpus } from './corpus';
import { everyText, placeholderIn } from './placeholder';

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
