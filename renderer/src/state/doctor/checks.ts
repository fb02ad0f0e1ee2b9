/**
 * Running a Doctor check into its card: the card shows the check at once (the last answer
 * dimmed), then the diagnosis or why it could not run. Only a card's latest check may write
 * its answer (a Check again while one runs, a card dismissed meanwhile).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { Request } from '../../../../src/shared/contract';
import { toErrorShape } from '../../../../src/shared/errors';
import type { DoctorCheck, DoctorResult, DoctorState } from '../doctor-store';
import { DOCTOR_RESULTS, resultIdOf } from './cards';

/** The live checks' references kept for the form (this session only). */
export const RECENT_CHECKS = 5;

export interface DoctorChecks {
  /** Asks `check` again in its card (a new card first), keeping its answer if still the latest. */
  run(check: DoctorCheck): Promise<void>;
  /** The live probe of `reference` (a pasted error's text as more evidence), kept as recent. */
  live(reference: string, message?: string): Promise<void>;
  /** Edits one card in place. */
  change(id: string, edit: (result: DoctorResult) => DoctorResult): void;
  /** A card dismissed: an answer still on its way for it is dropped. */
  forget(id: string): void;
}

/** The card for a check that is starting: what the card showed stays until the answer. */
const checking = (id: string, check: DoctorCheck, previous?: DoctorResult): DoctorResult => ({
  id,
  check,
  running: true,
  // Shown, dimmed, until the new answer: "Check again" should not blank the card.
  diagnosis: previous?.diagnosis,
  checkedAt: previous?.checkedAt,
  error: undefined,
  // A login applied before this check stays listed, with its Undo.
  remedyRuns: previous?.remedyRuns ?? {},
  changedRemedies: previous?.changedRemedies ?? [],
});

export function doctorChecks(
  client: BerthClient,
  { getState: get, setState: set }: StoreApi<DoctorState>,
): DoctorChecks {
  /** Per card, the number of its latest check: an older answer is dropped. */
  const generations = new Map<string, number>();

  const change = (id: string, edit: (result: DoctorResult) => DoctorResult) =>
    set({ results: get().results.map((r) => (r.id === id ? edit(r) : r)) });

  const run = async (check: DoctorCheck) => {
    const id = resultIdOf(check);
    const mine = (generations.get(id) ?? 0) + 1;
    generations.set(id, mine);
    const previous = get().results.find((r) => r.id === id);
    const results = [checking(id, check, previous), ...get().results.filter((r) => r.id !== id)];
    set({ results: results.slice(0, DOCTOR_RESULTS), focusId: id });
    try {
      const diagnosis =
        check.kind === 'live'
          ? await client.invoke('diagnose.run', check.request)
          : await client.invoke('diagnose.message', check.request);
      if (generations.get(id) !== mine) return;
      change(id, (r) => ({
        ...r,
        running: false,
        diagnosis,
        checkedAt: new Date().toISOString(),
      }));
    } catch (error) {
      if (generations.get(id) !== mine) return;
      // The old diagnosis would answer a different question: show only the failure.
      change(id, (r) => ({
        ...r,
        running: false,
        diagnosis: undefined,
        error: toErrorShape(error),
      }));
    }
  };

  const live = (reference: string, message?: string) => {
    const platform = get().platform;
    const request: Request<'diagnose.run'> = {
      reference,
      ...(message ? { message } : {}),
      ...(platform ? { platform } : {}),
    };
    set({
      recent: [reference, ...get().recent.filter((r) => r !== reference)].slice(0, RECENT_CHECKS),
    });
    return run({ kind: 'live', request });
  };

  // A dismissal counts as a newer check rather than clearing the count: a check started after
  // it must not share its number with the one still in flight from before.
  const forget = (id: string) => generations.set(id, (generations.get(id) ?? 0) + 1);

  return { run, live, change, forget };
}
