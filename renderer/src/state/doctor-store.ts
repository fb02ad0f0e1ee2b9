/**
 * The Doctor screen's state: the two ways in (check an image live, or classify a pasted
 * error), the one diagnosis on show and the check behind it (for "Check again"), and the last
 * few references checked. Only the latest check may write its answer.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { Request } from '../../../src/shared/contract';
import type { Diagnosis } from '../../../src/shared/diagnosis';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import { imageProblem, messageProblem, referenceProblem } from './doctor-input';
import type { InputProblem } from './doctor-input';

export type DoctorMode = 'live' | 'offline';
export type DoctorField = 'reference' | 'message' | 'image';

export type DoctorCheck =
  | { kind: 'live'; request: Request<'diagnose.run'> }
  | { kind: 'offline'; request: Request<'diagnose.message'> };

export const RECENT_CHECKS = 5;

export interface DoctorState {
  mode: DoctorMode;
  reference: string;
  /** '' lets the engine's own platform decide. */
  platform: string;
  message: string;
  image: string;
  /** What is wrong with what was typed, per field; nothing is sent while there is any. */
  fieldErrors: Partial<Record<DoctorField, InputProblem>>;
  /** The check in flight, for the progress line. */
  running: DoctorCheck | undefined;
  /** The check behind what is shown (a diagnosis or an error). */
  last: DoctorCheck | undefined;
  diagnosis: Diagnosis | undefined;
  /** ISO time the diagnosis came back. */
  checkedAt: string | undefined;
  /** The contract refused or failed the check. */
  error: ErrorShape | undefined;
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
  /** The live probe of the pasted error's image, with the error text as more evidence. */
  probePasted(): Promise<void>;
  checkAgain(): Promise<void>;
}

export type DoctorStore = ReturnType<typeof createDoctorStore>;

const withoutField = (
  errors: DoctorState['fieldErrors'],
  field: DoctorField,
): DoctorState['fieldErrors'] => {
  const { [field]: _gone, ...rest } = errors;
  return rest;
};

export function createDoctorStore(client: BerthClient) {
  let generation = 0;

  return createStore<DoctorState>()((set, get) => {
    const run = async (check: DoctorCheck) => {
      const mine = ++generation;
      set({ running: check, last: check, error: undefined });
      try {
        const diagnosis =
          check.kind === 'live'
            ? await client.invoke('diagnose.run', check.request)
            : await client.invoke('diagnose.message', check.request);
        if (mine !== generation) return;
        set({ running: undefined, diagnosis, checkedAt: new Date().toISOString() });
      } catch (error) {
        if (mine !== generation) return;
        // The old diagnosis would answer a different question: show only the failure.
        set({ running: undefined, diagnosis: undefined, error: toErrorShape(error) });
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
      running: undefined,
      last: undefined,
      diagnosis: undefined,
      checkedAt: undefined,
      error: undefined,
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

      async probePasted() {
        const { message, image } = get();
        const reference = image.trim();
        if (!reference || referenceProblem(reference) || messageProblem(message)) return;
        set({ mode: 'live', reference });
        await live(reference, message);
      },

      async checkAgain() {
        const last = get().last;
        if (last && !get().running) await run(last);
      },
    };
  });
}
