/**
 * The Doctor's two ways in, as typed: a reference to check live, or an error text (and the
 * image it is about) to classify offline. What is wrong with a field is said under it, and
 * nothing is sent while anything is.
 */
import type { StoreApi } from 'zustand/vanilla';
import { imageProblem, messageProblem, referenceProblem } from '../doctor-input';
import type { DoctorField, DoctorState } from '../doctor-store';
import type { DoctorChecks } from './checks';

export type DoctorFormActions = Pick<
  DoctorState,
  | 'setMode'
  | 'setReference'
  | 'setPlatform'
  | 'setMessage'
  | 'setImage'
  | 'checkImage'
  | 'explainMessage'
>;

const withoutField = (
  errors: DoctorState['fieldErrors'],
  field: DoctorField,
): DoctorState['fieldErrors'] => {
  const { [field]: _gone, ...rest } = errors;
  return rest;
};

export function doctorFormActions(
  { getState: get, setState: set }: StoreApi<DoctorState>,
  checks: DoctorChecks,
): DoctorFormActions {
  return {
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
      await checks.live(reference);
    },

    async explainMessage() {
      const { message, image } = get();
      const problems = { message: messageProblem(message), image: imageProblem(image) };
      const fieldErrors = withoutField(withoutField(get().fieldErrors, 'message'), 'image');
      if (problems.message) fieldErrors.message = problems.message;
      if (problems.image) fieldErrors.image = problems.image;
      set({ fieldErrors });
      if (problems.message || problems.image) return;
      await checks.run({
        kind: 'offline',
        request: { message, ...(image.trim() ? { image: image.trim() } : {}) },
      });
    },
  };
}
