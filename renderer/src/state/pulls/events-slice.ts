/**
 * The core's pull events, applied to the cards. Progress arrives at most 10 times a second
 * per pull (the core coalesces); each card counts what it receives so the e2e test can hold
 * the renderer to that.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { EventPayload } from '../../../../src/shared/contract';
import type { PullsState } from '../pulls-store';
import type { PullCards } from './cards';
import type { PullDiagnoser } from './diagnosis';

/** A pull's log is a handful of lines; a cap keeps a misbehaving stream from growing it. */
const LOG_LINES = 200;

export interface PullEventsSlice {
  onProgress(event: EventPayload<'pull.progress'>): void;
  onLog(event: EventPayload<'pull.log'>): void;
  onDone(event: EventPayload<'pull.done'>): void;
}

export function pullEventsSlice(
  cards: PullCards,
  diagnoser: PullDiagnoser,
  now: () => number,
): StateCreator<PullsState, [], [], PullEventsSlice> {
  return (_set, get) => ({
    onProgress: ({ pullId, ...progress }) => {
      const at = now();
      cards.update(pullId, (p) => ({
        ...p,
        progress,
        updates: {
          count: p.updates.count + 1,
          first: p.updates.count === 0 ? at : p.updates.first,
          last: at,
        },
      }));
    },

    onLog: ({ pullId, line, level }) =>
      cards.update(pullId, (p) => ({ ...p, log: [...p.log, { line, level }].slice(-LOG_LINES) })),

    onDone: (event) => {
      if (cards.hidden.has(event.pullId)) {
        void get().loadLedger();
        return;
      }
      cards.update(
        event.pullId,
        (p) => ({ ...p, reference: event.reference, done: event, cancelling: false }),
        event.reference,
      );
      void get().loadLedger();
      // A failed pull is diagnosed at once: the user should not have to ask why.
      if (event.result === 'failed') void diagnoser.diagnose(event.pullId);
    },
  });
}
