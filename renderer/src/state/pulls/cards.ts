/**
 * The result cards, one per image: the one place they change (setPulls), the per-pull update
 * events and answers go through, and the jobs.list lookup that names a pull this window did
 * not start. The slices share one PullCards, created with the store.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { EventPayload } from '../../../../src/shared/contract';
import type { Diagnosis } from '../../../../src/shared/diagnosis';
import type { ErrorShape } from '../../../../src/shared/errors';
import type { PullProgress } from '../../../../src/shared/pull';
import { resultKey } from '../open-results';
import type { ResultMemory } from '../open-results';
import type { PullsState } from '../pulls-store';

/**
 * Result cards kept at most, newest first; one per image, so only a session of many images
 * reaches it, and then the oldest finished card goes first.
 */
export const PULLS_SHOWN = 30;

export interface LogLine {
  line: string;
  level: 'info' | 'warning';
}

export type PullDiagnosis =
  | { state: 'running' }
  | { state: 'done'; diagnosis: Diagnosis; checkedAt: string }
  | { state: 'failed'; error: ErrorShape };

export interface SessionPull {
  pullId: string;
  reference: string;
  platform: string | null;
  /** ms since the epoch */
  startedAt: number;
  progress: PullProgress | undefined;
  /** pull.progress events received, and when the first and last came (for the rate). */
  updates: { count: number; first: number; last: number };
  log: LogLine[];
  done: EventPayload<'pull.done'> | undefined;
  diagnosis: PullDiagnosis | undefined;
  cancelling: boolean;
  /** Opened from the ledger: the stored outcome, with no live progress or log. */
  stored: boolean;
}

export interface PullCards {
  /** A card with nothing known yet but its id and image. */
  blank(pullId: string, reference: string): SessionPull;
  /**
   * The one place cards change: one per image (the card `keep` names wins over older ones
   * for the same image), at most PULLS_SHOWN, and the finished ones remembered for a reload.
   */
  setPulls(next: SessionPull[], keep?: string): void;
  /**
   * Changes one pull. Events can beat the answer to pull.start, and another window may have
   * started the pull: an unknown id gets an entry of its own, which pull.start then fills in.
   */
  update(pullId: string, change: (pull: SessionPull) => SessionPull, reference?: string): void;
  /** Fills in the pulls the core is running from jobs.list (one listing at a time). */
  reattach(): Promise<void>;
  /** Pulls whose card was dismissed or replaced: their late events change nothing. */
  hidden: Set<string>;
}

/** Drops the older cards for the image of the card `keep` names; they are hidden from now on. */
function oneCardPerImage(pulls: SessionPull[], keep: string | undefined, hidden: Set<string>) {
  const kept = keep ? pulls.find((p) => p.pullId === keep) : undefined;
  if (!kept?.reference) return pulls;
  const key = resultKey(kept.reference);
  return pulls.filter((p) => {
    const replaced = p !== kept && p.reference !== '' && resultKey(p.reference) === key;
    if (replaced) hidden.add(p.pullId);
    return !replaced;
  });
}

/** Keeps at most PULLS_SHOWN cards, dropping the oldest finished one first. */
function boundCards(next: SessionPull[], hidden: Set<string>) {
  let pulls = next;
  while (pulls.length > PULLS_SHOWN) {
    const last = pulls.findLastIndex((p) => p.done !== undefined);
    const drop = last === -1 ? pulls.length - 1 : last;
    hidden.add(pulls[drop]?.pullId ?? '');
    pulls = pulls.filter((_, i) => i !== drop);
  }
  return pulls;
}

export function pullCards(
  client: BerthClient,
  { getState: get, setState: set }: StoreApi<PullsState>,
  now: () => number,
  memory: ResultMemory,
): PullCards {
  const hidden = new Set<string>();

  const blank = (pullId: string, reference: string): SessionPull => ({
    pullId,
    reference,
    platform: null,
    startedAt: now(),
    progress: undefined,
    updates: { count: 0, first: 0, last: 0 },
    log: [],
    done: undefined,
    diagnosis: undefined,
    cancelling: false,
    stored: false,
  });

  const setPulls = (next: SessionPull[], keep?: string) => {
    const pulls = boundCards(oneCardPerImage(next, keep, hidden), hidden);
    set({ pulls });
    memory.save(pulls.flatMap((p) => (p.done?.entryId ? [p.done.entryId] : [])));
  };

  const update: PullCards['update'] = (pullId, change, reference = '') => {
    if (hidden.has(pullId)) return;
    const pulls = get().pulls;
    const current = pulls.find((p) => p.pullId === pullId);
    if (!current) {
      setPulls([change(blank(pullId, reference)), ...pulls], pullId);
      // Not started here: the job list names its image.
      if (!reference) void reattach();
      return;
    }
    const changed = change(current);
    setPulls(
      pulls.map((p) => (p.pullId === pullId ? changed : p)),
      changed.reference !== current.reference ? pullId : undefined,
    );
  };

  let listing: Promise<void> | undefined;
  const reattach = (): Promise<void> =>
    (listing ??= client
      .invoke('jobs.list', { kind: 'pull' })
      .then(({ jobs }) => {
        for (const job of jobs) {
          update(
            job.id,
            (p) => ({
              ...p,
              reference: p.reference || job.title,
              stored: false,
              startedAt: Date.parse(job.started) || p.startedAt,
              progress: p.progress ?? job.progress ?? undefined,
            }),
            job.title,
          );
        }
      })
      // The list only fills in what events do not carry; without it the events still arrive.
      .catch(() => undefined)
      .finally(() => {
        listing = undefined;
      }));

  return { blank, setPulls, update, reattach, hidden };
}
