/**
 * What the user does with the result cards: cancel, dismiss, diagnose again, open a ledger
 * entry as a card, and after a reload reattach to running pulls and restore the cards that
 * were open.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { PullEntry } from '../../../../src/shared/ledger';
import { resultKey } from '../open-results';
import type { ResultMemory } from '../open-results';
import type { PullsState } from '../pulls-store';
import type { PullCards, SessionPull } from './cards';
import type { PullDiagnoser } from './diagnosis';

export interface PullCardsSlice {
  pulls: SessionPull[];
  /** The card to bring into view and focus (a ledger row opened it). */
  focusId: string | undefined;
  cancel(pullId: string): Promise<void>;
  /**
   * Shows the pulls the core is running (a reloaded window, another window's pulls) with their
   * latest progress, from jobs.list: the job carries its image; their events follow by id.
   */
  reattach(): Promise<void>;
  dismiss(pullId: string): void;
  /** The live probe, with the engine's words as evidence ("Check again"). */
  diagnose(pullId: string): Promise<void>;
  /** Shows a ledger entry's stored result as a card; a failure is read from its stored words. */
  open(entry: PullEntry): void;
  /** After a reload: the cards that were open, from the ledger. */
  restore(): Promise<void>;
  focused(): void;
  /** Brings a pull's card into view (a Doctor retry started it): focus it when it is listed. */
  show(pullId: string): void;
}

/** The code of a stored failure's error: its cause when the ledger kept an error code. */
function errorCodeOf(cause: string | null): string {
  return cause ?? 'pull.failed';
}

/** A ledger entry's stored outcome as a card. */
function storedCard(entry: PullEntry, blank: SessionPull, now: () => number): SessionPull {
  const pullId = blank.pullId;
  return {
    ...blank,
    platform: entry.platform,
    startedAt: Date.parse(entry.time) || now(),
    stored: true,
    done: {
      pullId,
      reference: entry.reference,
      result: entry.result,
      digest: entry.digest,
      entryId: entry.id,
      ...(entry.cause ? { cause: entry.cause } : {}),
      ...(entry.message
        ? { error: { code: errorCodeOf(entry.cause), message: entry.message } }
        : {}),
    },
  };
}

export function pullCardsSlice(
  client: BerthClient,
  cards: PullCards,
  diagnoser: PullDiagnoser,
  now: () => number,
  memory: ResultMemory,
): StateCreator<PullsState, [], [], PullCardsSlice> {
  return (set, get) => {
    const open = (entry: PullEntry, focus = true) => {
      const pullId = `entry:${entry.id}`;
      cards.hidden.delete(pullId);
      const already = get().pulls.find((p) => p.pullId === pullId);
      if (already) {
        if (focus) set({ focusId: pullId });
        return;
      }
      cards.setPulls(
        [storedCard(entry, cards.blank(pullId, entry.reference), now), ...get().pulls],
        pullId,
      );
      if (focus) set({ focusId: pullId });
      if (entry.result === 'failed' && entry.message) {
        void diagnoser.readStored(pullId, entry.message, entry.reference);
      }
    };

    return {
      pulls: [],
      focusId: undefined,

      async cancel(pullId) {
        cards.update(pullId, (p) => ({ ...p, cancelling: true }));
        try {
          await client.invoke('jobs.cancel', { id: pullId });
        } catch {
          cards.update(pullId, (p) => ({ ...p, cancelling: false }));
        }
      },

      dismiss: (pullId) => {
        cards.hidden.add(pullId);
        cards.setPulls(get().pulls.filter((p) => p.pullId !== pullId));
      },

      diagnose: diagnoser.diagnose,
      reattach: cards.reattach,
      open: (entry) => open(entry),
      focused: () => set({ focusId: undefined }),
      show: (pullId) => {
        if (get().pulls.some((p) => p.pullId === pullId)) set({ focusId: pullId });
      },

      async restore() {
        const wanted = memory.load();
        if (wanted.length === 0) return;
        try {
          const { entries } = await client.invoke('ledger.list', {});
          const byId = new Map(entries.map((e) => [e.id, e]));
          // Oldest first, so the newest ends on top as it was; a card already shown stays.
          for (const id of [...wanted].reverse()) {
            const entry = byId.get(id);
            const shown = (key: string) => get().pulls.some((p) => resultKey(p.reference) === key);
            if (entry && !shown(resultKey(entry.reference))) open(entry, false);
          }
        } catch {
          /* without the ledger the cards stay closed; the ledger table says why */
        }
      },
    };
  };
}
