import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { EngineStatus } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import type { StreamState } from '../transport/types';

export interface EngineState {
  /** undefined until the first answer. */
  status: EngineStatus | undefined;
  /** A check the user can see (Retry, Check again) is in flight. */
  checking: boolean;
  /** Asking failed altogether (Berth's host is unreachable): not the same as "engine down". */
  askError: ErrorShape | undefined;
  /** Whether pushed engine.status events can currently arrive. */
  stream: StreamState;
  refresh(): Promise<void>;
  /** Takes a status from a reply or a pushed event, unless a newer one is already here. */
  apply(status: EngineStatus): void;
  setStream(stream: StreamState): void;
}

export type EngineStore = ReturnType<typeof createEngineStore>;

function isOlder(candidate: EngineStatus, current: EngineStatus): boolean {
  return Date.parse(candidate.checkedAt) < Date.parse(current.checkedAt);
}

export function createEngineStore(client: BerthClient) {
  let inFlight = 0;
  return createStore<EngineState>()((set, get) => ({
    status: undefined,
    checking: false,
    askError: undefined,
    stream: 'live',
    async refresh() {
      inFlight += 1;
      set({ checking: true });
      try {
        const status = await client.invoke('engine.status', {});
        get().apply(status);
        set({ askError: undefined });
      } catch (error) {
        set({ askError: toErrorShape(error) });
      } finally {
        inFlight -= 1;
        if (inFlight === 0) set({ checking: false });
      }
    },
    apply(status) {
      const current = get().status;
      // A reply that left before a pushed event may land after it; the newer word wins.
      if (current && isOlder(status, current)) return;
      set({ status });
    },
    setStream(stream) {
      set({ stream });
    },
  }));
}
