/** Starting, re-running and cancelling runs. */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import { formProblems, hasProblems, runRequest } from '../run-form';
import type { RunsState } from '../runs-store';
import { selectedFlow } from './form-slice';
import type { RunLabel } from './live-slice';
import { without } from './live-slice';

export interface LaunchSlice {
  starting: boolean;
  startError: ErrorShape | undefined;
  cancelling: Record<string, true>;
  start(): Promise<void>;
  cancel(runId: string): Promise<void>;
  rerun(runId: string): Promise<void>;
}

export function launchSlice(client: BerthClient): StateCreator<RunsState, [], [], LaunchSlice> {
  return (set, get) => {
    /** A run began (started or re-run): show it, and remember what it is until status comes. */
    const began = (runId: string, label: RunLabel) => {
      set({
        shownRunId: runId,
        logLoad: undefined,
        labels: { ...get().labels, [runId]: label },
      });
    };

    /** What the history, or this session, knows of a run being re-run. */
    const rerunLabel = (runId: string): RunLabel => {
      const entry = get().history?.find((e) => e.id === runId);
      const label = get().labels[runId];
      return {
        flowId: entry?.flowId ?? label?.flowId ?? '',
        flowName: entry?.flowName ?? label?.flowName ?? 'Run',
        projectDir: entry?.projectDir ?? label?.projectDir ?? '',
        reference: entry?.reference ?? label?.reference,
      };
    };

    return {
      starting: false,
      startError: undefined,
      cancelling: {},

      async start() {
        const { discovery, form, starting } = get();
        const flow = selectedFlow(get());
        if (!discovery || !form || !flow || starting) return;
        if (hasProblems(formProblems(flow, form))) return;
        const request = runRequest(discovery.root, flow, form);
        set({ starting: true, startError: undefined });
        try {
          const { runId } = await client.invoke('runs.start', request);
          set({ starting: false });
          began(runId, {
            flowId: flow.id,
            flowName: flow.name,
            projectDir: discovery.root,
            reference: request.image ?? flow.image ?? undefined,
          });
        } catch (error) {
          set({ starting: false, startError: toErrorShape(error) });
        }
      },

      async cancel(runId) {
        set({ cancelling: { ...get().cancelling, [runId]: true } });
        try {
          await client.invoke('runs.cancel', { runId });
        } catch (error) {
          set({ cancelling: without(get().cancelling, runId), startError: toErrorShape(error) });
        }
      },

      async rerun(runId) {
        const label = rerunLabel(runId);
        set({ starting: true, startError: undefined });
        try {
          const { runId: next } = await client.invoke('runs.rerun', { runId });
          set({ starting: false });
          began(next, label);
        } catch (error) {
          set({ starting: false, startError: toErrorShape(error) });
        }
      },
    };
  };
}
