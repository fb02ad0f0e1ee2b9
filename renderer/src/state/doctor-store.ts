/**
 * The Doctor screen's state: the two ways in (check an image live, or classify a pasted
 * error), and the results: one card per image (or per pasted text without one), newest first,
 * each with the check behind it (for "Check again"), kept until dismissed (across a reload:
 * doctor-memory.ts), and the last few references checked. Only a card's latest check may
 * write its answer.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { Request, Response } from '../../../src/shared/contract';
import type { Diagnosis, Remedy } from '../../../src/shared/diagnosis';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import { imageProblem, messageProblem, referenceProblem } from './doctor-input';
import { doctorMemory, keptMessage, toStored } from './doctor-memory';
import type { StoredResult } from './doctor-memory';
import type { SessionList } from './open-results';
import type { InputProblem } from './doctor-input';
import { resultKey } from './open-results';

export type DoctorMode = 'live' | 'offline';
export type DoctorField = 'reference' | 'message' | 'image';

type FixOutcome = Response<'diagnose.fix'>;

/** A remedy once asked for: on its way, its answer, or why it failed. */
export type RemedyRun =
  | { step: 'applying' }
  | { step: 'done'; outcome: FixOutcome; undone: boolean }
  | { step: 'failed'; error: ErrorShape };

/**
 * Where a remedy list keeps what its remedies did, so it outlives the list on screen: leaving
 * the Doctor or reloading keeps an applied remedy, its result and its Undo.
 */
export interface RemedyMemory {
  runs: Readonly<Record<string, RemedyRun>>;
  /** Remedies that changed something, kept listed after a check no longer offers them. */
  changed: readonly Remedy[];
  /** undefined: back to the start. */
  record(remedy: Remedy, run: RemedyRun | undefined): void;
}

export type DoctorCheck =
  | { kind: 'live'; request: Request<'diagnose.run'> }
  | { kind: 'offline'; request: Request<'diagnose.message'> };

export const RECENT_CHECKS = 5;
/** Result cards kept at most; the oldest goes first. */
export const DOCTOR_RESULTS = 20;

/** One card: the check, and what it answered (a diagnosis, or why it could not run). */
export interface DoctorResult {
  /** The image it is about (as Docker normalises it), or the pasted text's own key. */
  id: string;
  check: DoctorCheck;
  running: boolean;
  diagnosis: Diagnosis | undefined;
  /** ISO time the diagnosis came back. */
  checkedAt: string | undefined;
  /** The contract refused or failed the check. */
  error: ErrorShape | undefined;
  /** What its remedies did, by remedy id (RemedyMemory), across checks of the card. */
  remedyRuns: Readonly<Record<string, RemedyRun>>;
  changedRemedies: readonly Remedy[];
}

export interface DoctorState {
  mode: DoctorMode;
  reference: string;
  /** '' lets the engine's own platform decide. */
  platform: string;
  message: string;
  image: string;
  /** What is wrong with what was typed, per field; nothing is sent while there is any. */
  fieldErrors: Partial<Record<DoctorField, InputProblem>>;
  /** Newest first. */
  results: DoctorResult[];
  /** The card to bring into view and focus (a new check made it). */
  focusId: string | undefined;
  /** The last references checked live, most recent first; kept for this session only. */
  recent: string[];

  setMode(mode: DoctorMode): void;
  setReference(reference: string): void;
  setPlatform(platform: string): void;
  setMessage(message: string): void;
  setImage(image: string): void;
  /** The live probe of the reference typed (or the one given, e.g. a recent check). */
  checkImage(reference?: string): Promise<void>;
  /** Classifies the pasted error offline. */
  explainMessage(): Promise<void>;
  /** The live probe of a pasted error's image, with the error text as more evidence. */
  probePasted(resultId: string): Promise<void>;
  checkAgain(resultId: string): Promise<void>;
  /** Applies one remedy (or its undo) through the host; throws what the host refused. */
  applyRemedy(remedyId: string, secret?: string): Promise<Response<'diagnose.fix'>>;
  /** Keeps what a card's remedy did (RemedyMemory.record). */
  recordRemedy(resultId: string, remedy: Remedy, run: RemedyRun | undefined): void;
  dismiss(resultId: string): void;
  focused(): void;
}

export type DoctorStore = ReturnType<typeof createDoctorStore>;

const withoutField = (
  errors: DoctorState['fieldErrors'],
  field: DoctorField,
): DoctorState['fieldErrors'] => {
  const { [field]: _gone, ...rest } = errors;
  return rest;
};

/** A live check is about its image; a pasted text about the image it names, else itself. */
export function resultIdOf(check: DoctorCheck): string {
  if (check.kind === 'live') return resultKey(check.request.reference);
  const image = check.request.image?.trim();
  // Keyed by the text as it is kept (masked), so a card reloaded and the same paste meet.
  return image
    ? resultKey(image)
    : `pasted:${keptMessage(check.request.message).trim().slice(0, 200)}`;
}

/**
 * The image a pasted error's card can probe live: the one typed beside the text, else the one
 * the text itself names (from the offline reading, as the engine would read it).
 */
export function pastedImageOf(result: DoctorResult): string | undefined {
  if (result.check.kind !== 'offline') return undefined;
  const typed = result.check.request.image?.trim();
  if (typed) return typed;
  const d = result.diagnosis;
  if (d?.mode !== 'offline') return undefined;
  return d.image || d.extracted?.references.find((r) => r.image)?.image || undefined;
}

const restored = (stored: StoredResult): DoctorResult => ({
  id: stored.id,
  check: stored.check,
  running: false,
  diagnosis: stored.diagnosis,
  checkedAt: stored.checkedAt,
  error: stored.error,
  remedyRuns: stored.remedyRuns ?? {},
  changedRemedies: stored.changedRemedies ?? [],
});

export function createDoctorStore(
  client: BerthClient,
  memory: SessionList<StoredResult> = doctorMemory(),
) {
  /** Per card, the number of its latest check: an older answer is dropped. */
  const generations = new Map<string, number>();
  // The cards a reloaded window had open; one still checking then is checked again below.
  const reopened = memory.load().map(restored);

  const store = createStore<DoctorState>()((set, get) => {
    const change = (id: string, edit: (result: DoctorResult) => DoctorResult) =>
      set({ results: get().results.map((r) => (r.id === id ? edit(r) : r)) });

    const run = async (check: DoctorCheck) => {
      const id = resultIdOf(check);
      const mine = (generations.get(id) ?? 0) + 1;
      generations.set(id, mine);
      const previous = get().results.find((r) => r.id === id);
      const result: DoctorResult = {
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
      };
      set({
        results: [result, ...get().results.filter((r) => r.id !== id)].slice(0, DOCTOR_RESULTS),
        focusId: id,
      });
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

    return {
      mode: 'live',
      reference: '',
      platform: '',
      message: '',
      image: '',
      fieldErrors: {},
      results: reopened,
      focusId: undefined,
      recent: [],

      setMode: (mode) => set({ mode }),
      setReference: (reference) =>
        set({ reference, fieldErrors: withoutField(get().fieldErrors, 'reference') }),
      setPlatform: (platform) => set({ platform }),
      setMessage: (message) =>
        set({ message, fieldErrors: withoutField(get().fieldErrors, 'message') }),
      setImage: (image) => set({ image, fieldErrors: withoutField(get().fieldErrors, 'image') }),

      async checkImage(given) {
        const reference = (given ?? get().reference).trim();
        if (given !== undefined) set({ reference, mode: 'live' });
        const problem = referenceProblem(reference);
        if (problem) {
          set({ fieldErrors: { ...get().fieldErrors, reference: problem } });
          return;
        }
        set({ fieldErrors: withoutField(get().fieldErrors, 'reference') });
        await live(reference);
      },

      async explainMessage() {
        const { message, image } = get();
        const problems = { message: messageProblem(message), image: imageProblem(image) };
        const fieldErrors = withoutField(withoutField(get().fieldErrors, 'message'), 'image');
        if (problems.message) fieldErrors.message = problems.message;
        if (problems.image) fieldErrors.image = problems.image;
        set({ fieldErrors });
        if (problems.message || problems.image) return;
        await run({
          kind: 'offline',
          request: { message, ...(image.trim() ? { image: image.trim() } : {}) },
        });
      },

      applyRemedy: (remedyId, secret) =>
        client.invoke('diagnose.fix', { remedyId, ...(secret ? { secret } : {}) }),

      recordRemedy(resultId, remedy, run) {
        change(resultId, (r) => {
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
        await live(reference, message);
      },

      async checkAgain(resultId) {
        // Also while a check runs: a remedy applied meanwhile (a logout) must be seen, and the
        // newest check's answer is the one kept (generations).
        const result = get().results.find((r) => r.id === resultId);
        if (result) await run(result.check);
      },

      dismiss(resultId) {
        generations.delete(resultId);
        set({ results: get().results.filter((r) => r.id !== resultId) });
      },

      focused: () => set({ focusId: undefined }),
    };
  });

  store.subscribe((state, previous) => {
    if (state.results !== previous.results) memory.save(state.results.map(toStored));
  });
  for (const card of reopened) {
    if (!card.diagnosis && !card.error) void store.getState().checkAgain(card.id);
  }
  return store;
}
