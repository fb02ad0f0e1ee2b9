/** The runs in progress (from run.status) and how this session's runs ended (run.done). */
import type { StateCreator } from 'zustand/vanilla';
import type { ActiveRun, RunPhase } from '../../../../src/shared/runs';
import type { RunDone } from '../run-outcome';
import type { RunsState } from '../runs-store';

/** How a run of this session ended, with what the screen knew of it before. */
export interface RunOutcome extends RunDone {
  lastPhase: RunPhase | undefined;
}

/** What the screen knows of a run before (or without) its first run.status. */
export interface RunLabel {
  flowId: string;
  flowName: string;
  projectDir: string;
  reference: string | undefined;
}

export interface LiveRunsSlice {
  active: Record<string, ActiveRun>;
  outcomes: Record<string, RunOutcome>;
  labels: Record<string, RunLabel>;
  /** Runs seen pulling: the others skipped the pull (policy NEVER, or the image was there). */
  pulled: Record<string, true>;
  applyStatus(run: ActiveRun): void;
  applyDone(done: RunDone): void;
}

export const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const { [key]: _gone, ...rest } = record;
  return rest;
};

const labelOf = (run: ActiveRun): RunLabel => ({
  flowId: run.flowId,
  flowName: run.flowName,
  projectDir: run.projectDir,
  reference: run.reference,
});

export const liveRunsSlice: StateCreator<RunsState, [], [], LiveRunsSlice> = (set, get) => ({
  active: {},
  outcomes: {},
  labels: {},
  pulled: {},

  applyStatus(run) {
    if (get().outcomes[run.runId]) return;
    set({ active: { ...get().active, [run.runId]: run } });
    if (run.phase === 'pulling' && !get().pulled[run.runId])
      set({ pulled: { ...get().pulled, [run.runId]: true } });
  },

  applyDone(done) {
    const run = get().active[done.runId];
    set({
      active: without(get().active, done.runId),
      cancelling: without(get().cancelling, done.runId),
      outcomes: { ...get().outcomes, [done.runId]: { ...done, lastPhase: run?.phase } },
      labels: run ? { ...get().labels, [done.runId]: labelOf(run) } : get().labels,
    });
    void get().loadHistory();
  },
});
