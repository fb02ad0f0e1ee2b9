/**
 * What a Doctor result card can do: probe a pasted error's image live, check again, apply a
 * remedy and keep what it did (RemedyMemory), be dismissed.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import { messageProblem, referenceProblem } from '../doctor-input';
import type { DoctorState } from '../doctor-store';
import { pastedImageOf } from './cards';
import type { DoctorChecks } from './checks';

export type DoctorResultActions = Pick<
  DoctorState,
  'probePasted' | 'checkAgain' | 'applyRemedy' | 'recordRemedy' | 'dismiss' | 'focused'
>;

export function doctorResultActions(
  client: BerthClient,
  { getState: get, setState: set }: StoreApi<DoctorState>,
  checks: DoctorChecks,
): DoctorResultActions {
  return {
    applyRemedy: (remedyId, secret) =>
      client.invoke('diagnose.fix', { remedyId, ...(secret ? { secret } : {}) }),

    recordRemedy(resultId, remedy, run) {
      checks.change(resultId, (r) => {
        const { [remedy.id]: _before, ...others } = r.remedyRuns;
        const changed =
          run?.step === 'done' &&
          run.outcome.applied &&
          !r.changedRemedies.some((c) => c.id === remedy.id);
        return {
          ...r,
          remedyRuns: run ? { ...others, [remedy.id]: run } : others,
          changedRemedies: changed ? [...r.changedRemedies, remedy] : r.changedRemedies,
        };
      });
    },

    async probePasted(resultId) {
      const result = get().results.find((r) => r.id === resultId);
      if (result?.check.kind !== 'offline') return;
      const { message } = result.check.request;
      const reference = pastedImageOf(result) ?? '';
      if (!reference || referenceProblem(reference) || messageProblem(message)) return;
      set({ mode: 'live', reference });
      await checks.live(reference, message);
    },

    async checkAgain(resultId) {
      // Also while a check runs: a remedy applied meanwhile (a logout) must be seen, and the
      // newest check's answer is the one kept (DoctorChecks).
      const result = get().results.find((r) => r.id === resultId);
      if (result) await checks.run(result.check);
    },

    dismiss(resultId) {
      checks.forget(resultId);
      set({ results: get().results.filter((r) => r.id !== resultId) });
    },

    focused: () => set({ focusId: undefined }),
  };
}
