/** The pull form: the image and platform typed, and starting the pull. */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import { referenceProblem } from '../doctor-input';
import type { InputProblem } from '../doctor-input';
import type { PullsState } from '../pulls-store';
import type { PullCards } from './cards';

export interface PullFormSlice {
  reference: string;
  /** '' lets the engine's own platform decide. */
  platform: string;
  fieldError: InputProblem | undefined;
  /** pull.start was refused (an invalid reference the core caught, the engine gone…). */
  startError: ErrorShape | undefined;
  starting: boolean;
  setReference(reference: string): void;
  setPlatform(platform: string): void;
  /** Pulls what is typed, or the reference given (Retry, a ledger row, the palette). */
  pull(reference?: string): Promise<void>;
}

export function pullFormSlice(
  client: BerthClient,
  cards: PullCards,
): StateCreator<PullsState, [], [], PullFormSlice> {
  return (set, get) => ({
    reference: '',
    platform: '',
    fieldError: undefined,
    startError: undefined,
    starting: false,

    setReference: (reference) => set({ reference, fieldError: undefined }),
    setPlatform: (platform) => set({ platform }),

    async pull(given) {
      const reference = (given ?? get().reference).trim();
      if (given !== undefined) set({ reference });
      const problem = referenceProblem(reference);
      if (problem) {
        set({ fieldError: problem });
        return;
      }
      const platform = get().platform;
      set({ fieldError: undefined, startError: undefined, starting: true });
      try {
        const { pullId } = await client.invoke('pull.start', {
          reference,
          ...(platform ? { platform } : {}),
        });
        // Events may beat this answer: keep what already arrived for this id.
        const early =
          get().pulls.find((p) => p.pullId === pullId) ?? cards.blank(pullId, reference);
        const started = { ...early, reference, platform: platform || null };
        set({ starting: false });
        cards.setPulls([started, ...get().pulls.filter((p) => p.pullId !== pullId)], pullId);
      } catch (error) {
        set({ starting: false, startError: toErrorShape(error) });
      }
    },
  });
}
