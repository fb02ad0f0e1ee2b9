/**
 * The Pulls screen's state: the pull form, the pulls of this session (live progress, their
 * log, the outcome and, for a failed one, the diagnosis Berth runs on its own), and the
 * ledger of every pull ever made, filtered as the user asks.
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

/** A pull's log is a handful of lines; a cap keeps a misbehaving stream from growing it. */
const LOG_LINES = 200;
/** Pulls of this session kept on screen, newest first. */
export const PULLS_SHOWN = 5;

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
  diagnose(pullId: string): Promise<void>;
  loadLedger(): Promise<void>;
  setFilterText(text: string): void;
  setFilterResult(result: LedgerFilterResult): void;

  onProgress(event: EventPayload<'pull.progress'>): void;
  onLog(event: EventPayload<'pull.log'>): void;
  onDone(event: EventPayload<'pull.done'>): void;
}

export type PullsStore = ReturnType<typeof createPullsStore>;

export function createPullsStore(client: BerthClient, now: () => number = Date.now) {
  let ledgerGeneration = 0;

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
    });

    /**
     * Changes one pull. Events can beat the answer to pull.start, and another window may have
     * started the pull: an unknown id gets an entry of its own, which pull.start then fills in.
     */
    const update = (pullId: string, change: (pull: SessionPull) => SessionPull, reference = '') => {
      const pulls = get().pulls;
      if (!pulls.some((p) => p.pullId === pullId)) {
        set({ pulls: [change(blank(pullId, reference)), ...pulls].slice(0, PULLS_SHOWN) });
        // Not started here: the job list names its image.
        if (!reference) void reattach();
        return;
      }
      set({ pulls: pulls.map((p) => (p.pullId === pullId ? change(p) : p)) });
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

    return {
      reference: '',
      platform: '',
      fieldError: undefined,
      startError: undefined,
      starting: false,
      pulls: [],
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
          set({
            starting: false,
            pulls: [started, ...get().pulls.filter((p) => p.pullId !== pullId)].slice(
              0,
              PULLS_SHOWN,
            ),
          });
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

      dismiss: (pullId) => set({ pulls: get().pulls.filter((p) => p.pullId !== pullId) }),

      diagnose,
      reattach,

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
