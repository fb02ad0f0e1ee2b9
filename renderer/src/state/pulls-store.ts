/**
 * The Pulls screen's state: the pull form, one result card per image (live progress, the
 * log, the outcome and, for a failed one, the diagnosis Berth runs on its own), kept until
 * dismissed, and the ledger of every pull ever made, filtered as the user asks. A ledger row
 * opens its stored result as a card; a reloaded window finds its running pulls in jobs.list
 * and its finished cards in the ledger (open-results.ts).
 *
 * Progress arrives at most 10 times a second per pull (the core coalesces); the store counts
 * what it receives so the e2e test can hold the renderer to that.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { EventPayload } from '../../../src/shared/contract';
import type { Diagnosis } from '../../../src/shared/diagnosis';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import type { PullEntry, PullResult } from '../../../src/shared/ledger';
import type { PullProgress } from '../../../src/shared/pull';
import { referenceProblem } from './doctor-input';
import type { InputProblem } from './doctor-input';
import { resultKey, sessionMemory } from './open-results';
import type { ResultMemory } from './open-results';

/** A pull's log is a handful of lines; a cap keeps a misbehaving stream from growing it. */
const LOG_LINES = 200;
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

export type LedgerFilterResult = PullResult | 'all';

export interface PullsState {
  reference: string;
  /** '' lets the engine's own platform decide. */
  platform: string;
  fieldError: InputProblem | undefined;
  /** pull.start was refused (an invalid reference the core caught, the engine gone…). */
  startError: ErrorShape | undefined;
  starting: boolean;
  pulls: SessionPull[];
  /** The card to bring into view and focus (a ledger row opened it). */
  focusId: string | undefined;

  ledger: PullEntry[] | undefined;
  skipped: number;
  ledgerLoading: boolean;
  ledgerError: ErrorShape | undefined;
  filterText: string;
  filterResult: LedgerFilterResult;

  setReference(reference: string): void;
  setPlatform(platform: string): void;
  /** Pulls what is typed, or the reference given (Retry, a ledger row, the palette). */
  pull(reference?: string): Promise<void>;
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
  loadLedger(): Promise<void>;
  setFilterText(text: string): void;
  setFilterResult(result: LedgerFilterResult): void;

  onProgress(event: EventPayload<'pull.progress'>): void;
  onLog(event: EventPayload<'pull.log'>): void;
  onDone(event: EventPayload<'pull.done'>): void;
}

export type PullsStore = ReturnType<typeof createPullsStore>;

export function createPullsStore(
  client: BerthClient,
  now: () => number = Date.now,
  memory: ResultMemory = sessionMemory(),
) {
  let ledgerGeneration = 0;
  /** Pulls whose card was dismissed or replaced: their late events change nothing. */
  const hidden = new Set<string>();

  return createStore<PullsState>()((set, get) => {
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

    /**
     * The one place cards change: one per image (the card `keep` names wins over older ones
     * for the same image), at most PULLS_SHOWN, and the finished ones remembered for a reload.
     */
    const setPulls = (next: SessionPull[], keep?: string) => {
      let pulls = next;
      const kept = keep ? pulls.find((p) => p.pullId === keep) : undefined;
      if (kept?.reference) {
        const key = resultKey(kept.reference);
        pulls = pulls.filter((p) => {
          const replaced = p !== kept && p.reference !== '' && resultKey(p.reference) === key;
          if (replaced) hidden.add(p.pullId);
          return !replaced;
        });
      }
      while (pulls.length > PULLS_SHOWN) {
        const last = pulls.findLastIndex((p) => p.done !== undefined);
        const drop = last === -1 ? pulls.length - 1 : last;
        hidden.add(pulls[drop]?.pullId ?? '');
        pulls = pulls.filter((_, i) => i !== drop);
      }
      set({ pulls });
      memory.save(pulls.flatMap((p) => (p.done?.entryId ? [p.done.entryId] : [])));
    };

    /**
     * Changes one pull. Events can beat the answer to pull.start, and another window may have
     * started the pull: an unknown id gets an entry of its own, which pull.start then fills in.
     */
    const update = (pullId: string, change: (pull: SessionPull) => SessionPull, reference = '') => {
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

    const diagnose = async (pullId: string) => {
      const pull = get().pulls.find((p) => p.pullId === pullId);
      if (!pull) return;
      const message = pull.done?.error?.message;
      update(pullId, (p) => ({ ...p, diagnosis: { state: 'running' } }));
      try {
        const diagnosis = await client.invoke('diagnose.run', {
          reference: pull.reference,
          ...(message ? { message } : {}),
          ...(pull.platform ? { platform: pull.platform } : {}),
        });
        update(pullId, (p) => ({
          ...p,
          diagnosis: { state: 'done', diagnosis, checkedAt: new Date(now()).toISOString() },
        }));
      } catch (error) {
        update(pullId, (p) => ({
          ...p,
          diagnosis: { state: 'failed', error: toErrorShape(error) },
        }));
      }
    };

    /** A stored failure's diagnosis, from its stored words alone: nothing is contacted. */
    const readStored = async (pullId: string, message: string, image: string) => {
      update(pullId, (p) => ({ ...p, diagnosis: { state: 'running' } }));
      try {
        const diagnosis = await client.invoke('diagnose.message', { message, image });
        update(pullId, (p) => ({
          ...p,
          diagnosis: { state: 'done', diagnosis, checkedAt: new Date(now()).toISOString() },
        }));
      } catch (error) {
        update(pullId, (p) => ({
          ...p,
          diagnosis: { state: 'failed', error: toErrorShape(error) },
        }));
      }
    };

    const open = (entry: PullEntry, focus = true) => {
      const pullId = `entry:${entry.id}`;
      hidden.delete(pullId);
      const already = get().pulls.find((p) => p.pullId === pullId);
      if (already) {
        if (focus) set({ focusId: pullId });
        return;
      }
      const card: SessionPull = {
        ...blank(pullId, entry.reference),
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
      setPulls([card, ...get().pulls], pullId);
      if (focus) set({ focusId: pullId });
      if (entry.result === 'failed' && entry.message) {
        void readStored(pullId, entry.message, entry.reference);
      }
    };

    return {
      reference: '',
      platform: '',
      fieldError: undefined,
      startError: undefined,
      starting: false,
      pulls: [],
      focusId: undefined,
      ledger: undefined,
      skipped: 0,
      ledgerLoading: false,
      ledgerError: undefined,
      filterText: '',
      filterResult: 'all',

      setReference: (reference) => set({ reference, fieldError: undefined }),
      setPlatform: (platform) => set({ platform }),

      async pull(given) {
        const reference = (given ?? get().reference).trim();
        if (given !== undefined) set({ reference });
        const problem = referenceProblem(reference);
        if (problem) {
          set({ fieldError: problem });
          return;
        }
        const platform = get().platform;
        set({ fieldError: undefined, startError: undefined, starting: true });
        try {
          const { pullId } = await client.invoke('pull.start', {
            reference,
            ...(platform ? { platform } : {}),
          });
          // Events may beat this answer: keep what already arrived for this id.
          const early = get().pulls.find((p) => p.pullId === pullId) ?? blank(pullId, reference);
          const started = { ...early, reference, platform: platform || null };
          set({ starting: false });
          setPulls([started, ...get().pulls.filter((p) => p.pullId !== pullId)], pullId);
        } catch (error) {
          set({ starting: false, startError: toErrorShape(error) });
        }
      },

      async cancel(pullId) {
        update(pullId, (p) => ({ ...p, cancelling: true }));
        try {
          await client.invoke('jobs.cancel', { id: pullId });
        } catch {
          update(pullId, (p) => ({ ...p, cancelling: false }));
        }
      },

      dismiss: (pullId) => {
        hidden.add(pullId);
        setPulls(get().pulls.filter((p) => p.pullId !== pullId));
      },

      diagnose,
      reattach,
      open: (entry) => open(entry),
      focused: () => set({ focusId: undefined }),

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

      async loadLedger() {
        const mine = ++ledgerGeneration;
        const { filterText, filterResult } = get();
        set({ ledgerLoading: true });
        try {
          const { entries, skipped } = await client.invoke('ledger.list', {
            ...(filterText.trim() ? { text: filterText.trim() } : {}),
            ...(filterResult !== 'all' ? { result: filterResult } : {}),
          });
          if (mine !== ledgerGeneration) return;
          set({ ledger: entries, skipped, ledgerLoading: false, ledgerError: undefined });
        } catch (error) {
          if (mine !== ledgerGeneration) return;
          set({ ledgerLoading: false, ledgerError: toErrorShape(error) });
        }
      },

      setFilterText: (filterText) => {
        set({ filterText });
        void get().loadLedger();
      },
      setFilterResult: (filterResult) => {
        set({ filterResult });
        void get().loadLedger();
      },

      onProgress: ({ pullId, ...progress }) => {
        const at = now();
        update(pullId, (p) => ({
          ...p,
          progress,
          updates: {
            count: p.updates.count + 1,
            first: p.updates.count === 0 ? at : p.updates.first,
            last: at,
          },
        }));
      },

      onLog: ({ pullId, line, level }) =>
        update(pullId, (p) => ({ ...p, log: [...p.log, { line, level }].slice(-LOG_LINES) })),

      onDone: (event) => {
        if (hidden.has(event.pullId)) {
          void get().loadLedger();
          return;
        }
        update(
          event.pullId,
          (p) => ({ ...p, reference: event.reference, done: event, cancelling: false }),
          event.reference,
        );
        void get().loadLedger();
        // A failed pull is diagnosed at once: the user should not have to ask why.
        if (event.result === 'failed') void diagnose(event.pullId);
      },
    };
  });
}

/** The code of a stored failure's error: its cause when the ledger kept an error code. */
function errorCodeOf(cause: string | null): string {
  return cause ?? 'pull.failed';
}
