/**
 * The real-message corpus (test/fixtures/diagnose/corpus.txt): each block's message, the public
 * issue it came from, and the cause that resolution shows. See the README beside it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PullCause } from '../../../src/shared/pull-causes';

export interface CorpusEntry {
  source: string;
  cause: PullCause;
  set: 'tuned' | 'heldout';
  note: string;
  message: string;
}

const FILE = join(__dirname, '..', '..', 'fixtures', 'diagnose', 'corpus.txt');

/** The corpus, or a collection in its format (a new blind one, before it is appended). */
export function loadCorpus(file = FILE): CorpusEntry[] {
  const text = readFileSync(file, 'utf8');
  return text.split(/\n---\n/).map((block, i) => {
    const at = block.indexOf('\nmessage:\n');
    if (at < 0) throw new Error(`corpus block ${i + 1} has no "message:" line`);
    const head = Object.fromEntries(
      block
        .slice(0, at)
        .split('\n')
        .map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
        }),
    ) as Record<string, string>;
    const cause = PullCause.parse(head.cause);
    const set = head.set === 'heldout' ? 'heldout' : 'tuned';
    // GitHub issues for most; from heldout-15 on, also the public Q&A pages and forums where
    // users post the same errors with an accepted answer.
    if (!head.source || !/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/.test(head.source)) {
      throw new Error(`corpus block ${i + 1} has no public https source`);
    }
    return {
      source: head.source,
      cause,
      set,
      note: head.note ?? '',
      message: block.slice(at + '\nmessage:\n'.length).replace(/\n$/, ''),
    };
  });
}
