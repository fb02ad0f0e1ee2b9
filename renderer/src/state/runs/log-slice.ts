/**
 * The run in the run panel and its log. Logs are not state: they go to RunLogs, bounded,
 * which the terminal reads; a run of an earlier session reads its log file back.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import { MAX_CHARS_PER_RUN, RunLogs } from '../run-logs';
import type { RunsState } from '../runs-store';

export interface LogLoad {
  runId: string;
  loading: boolean;
  truncated: boolean;
  error: ErrorShape | undefined;
}

/** How much of a run's log file to read back (its end): what RunLogs keeps of a run. */
export const LOG_READ_BYTES = MAX_CHARS_PER_RUN;

export interface RunLogSlice {
  /** The run in the run panel: live, just ended, or from the history. */
  shownRunId: string | undefined;
  logLoad: LogLoad | undefined;
  /** Not state: the bounded logs, read by the terminal. The same object for the store's life. */
  logs: RunLogs;
  show(runId: string): Promise<void>;
  appendLog(runId: string, chunk: string): void;
}

export function runLogSlice(client: BerthClient): StateCreator<RunsState, [], [], RunLogSlice> {
  const logs = new RunLogs();
  return (set, get) => {
    const loadLog = async (runId: string) => {
      set({ logLoad: { runId, loading: true, truncated: false, error: undefined } });
      try {
        const { text, truncated } = await client.invoke('runs.log', {
          runId,
          maxBytes: LOG_READ_BYTES,
        });
        logs.replace(runId, text);
        if (get().logLoad?.runId === runId)
          set({ logLoad: { runId, loading: false, truncated, error: undefined } });
      } catch (error) {
        if (get().logLoad?.runId === runId)
          set({
            logLoad: { runId, loading: false, truncated: false, error: toErrorShape(error) },
          });
      }
    };

    return {
      shownRunId: undefined,
      logLoad: undefined,
      logs,

      async show(runId) {
        set({ shownRunId: runId });
        // This session has its log already (live or just ended); others read their file.
        if (logs.has(runId) && (get().active[runId] || get().outcomes[runId])) {
          set({ logLoad: undefined });
          return;
        }
        await loadLog(runId);
      },

      appendLog: (runId, chunk) => logs.append(runId, chunk),
    };
  };
}
