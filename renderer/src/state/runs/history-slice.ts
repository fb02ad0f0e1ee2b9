/** The history of the ledger, and the runs in flight that runs.list names (after a reload). */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import type { RunEntry } from '../../../../src/shared/ledger';
import type { RunsState } from '../runs-store';

export interface HistorySlice {
  history: RunEntry[] | undefined;
  historyError: ErrorShape | undefined;
  historySkipped: number;
  loadHistory(): Promise<void>;
}

function pick<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
  return Object.fromEntries(
    keys.flatMap((key) => (key in record ? [[key, record[key] as T]] : [])),
  );
}

export function historySlice(client: BerthClient): StateCreator<RunsState, [], [], HistorySlice> {
  // Only the newest list asked for may land.
  let historyGeneration = 0;
  return (set, get) => ({
    history: undefined,
    historyError: undefined,
    historySkipped: 0,

    async loadHistory() {
      const mine = ++historyGeneration;
      try {
        const { active, entries, skipped } = await client.invoke('runs.list', {});
        if (mine !== historyGeneration) return;
        const outcomes = get().outcomes;
        const byId = Object.fromEntries(
          active.filter((run) => !outcomes[run.runId]).map((run) => [run.runId, run]),
        );
        set({
          history: entries,
          historySkipped: skipped,
          historyError: undefined,
          // run.status may have said more since the list was made: keep the newer word.
          active: { ...byId, ...pick(get().active, Object.keys(byId)) },
        });
      } catch (error) {
        if (mine !== historyGeneration) return;
        set({ historyError: toErrorShape(error) });
      }
    },
  });
}
