/** A card's diagnosis: the live probe for a pull of this session, or a stored failure's words. */
import type { BerthClient } from '../../../../src/shared/client';
import type { Diagnosis } from '../../../../src/shared/diagnosis';
import { toErrorShape } from '../../../../src/shared/errors';
import type { PullsState } from '../pulls-store';
import type { PullCards } from './cards';

export interface PullDiagnoser {
  /** The live probe, with the engine's words as evidence. */
  diagnose(pullId: string): Promise<void>;
  /** A stored failure's diagnosis, from its stored words alone: nothing is contacted. */
  readStored(pullId: string, message: string, image: string): Promise<void>;
}

export function pullDiagnoser(
  client: BerthClient,
  cards: PullCards,
  get: () => PullsState,
  now: () => number,
): PullDiagnoser {
  /** Shows the card's diagnosis running, then what `ask` answered (or why it could not). */
  const diagnoseCard = async (pullId: string, ask: () => Promise<Diagnosis>) => {
    cards.update(pullId, (p) => ({ ...p, diagnosis: { state: 'running' } }));
    try {
      const diagnosis = await ask();
      cards.update(pullId, (p) => ({
        ...p,
        diagnosis: { state: 'done', diagnosis, checkedAt: new Date(now()).toISOString() },
      }));
    } catch (error) {
      cards.update(pullId, (p) => ({
        ...p,
        diagnosis: { state: 'failed', error: toErrorShape(error) },
      }));
    }
  };

  return {
    async diagnose(pullId) {
      const pull = get().pulls.find((p) => p.pullId === pullId);
      if (!pull) return;
      const message = pull.done?.error?.message;
      await diagnoseCard(pullId, () =>
        client.invoke('diagnose.run', {
          reference: pull.reference,
          ...(message ? { message } : {}),
          ...(pull.platform ? { platform: pull.platform } : {}),
        }),
      );
    },

    readStored: (pullId, message, image) =>
      diagnoseCard(pullId, () => client.invoke('diagnose.message', { message, image })),
  };
}
