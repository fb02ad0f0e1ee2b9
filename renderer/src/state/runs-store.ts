/**
 * The Runs screen's state: the project folder and its flows, the form before a run, the runs
 * in progress (from run.status), how this session's runs ended (run.done) and the history of
 * the ledger. Logs are not state: they go to RunLogs, bounded, which the terminal reads.
 * Each part is a slice in runs/ (zustand's slices pattern), put into one store here.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import { formSlice } from './runs/form-slice';
import type { FormSlice } from './runs/form-slice';
import { historySlice } from './runs/history-slice';
import type { HistorySlice } from './runs/history-slice';
import { launchSlice } from './runs/launch-slice';
import type { LaunchSlice } from './runs/launch-slice';
import { liveRunsSlice } from './runs/live-slice';
import type { LiveRunsSlice } from './runs/live-slice';
import { runLogSlice } from './runs/log-slice';
import type { RunLogSlice } from './runs/log-slice';
import { projectSlice } from './runs/project-slice';
import type { ProjectSlice } from './runs/project-slice';

export { selectedFlow } from './runs/form-slice';
export type { RunLabel, RunOutcome } from './runs/live-slice';
export { LOG_READ_BYTES } from './runs/log-slice';
export type { LogLoad } from './runs/log-slice';
export { pathProblem, sameDir } from './runs/project-slice';

export type RunsState = ProjectSlice &
  FormSlice &
  LaunchSlice &
  LiveRunsSlice &
  RunLogSlice &
  HistorySlice;

export type RunsStore = ReturnType<typeof createRunsStore>;

export function createRunsStore(client: BerthClient) {
  return createStore<RunsState>()((...store) => ({
    ...projectSlice(client)(...store),
    ...formSlice(client)(...store),
    ...launchSlice(client)(...store),
    ...liveRunsSlice(...store),
    ...runLogSlice(client)(...store),
    ...historySlice(client)(...store),
  }));
}
