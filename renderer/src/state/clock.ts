import { useSyncExternalStore } from 'react';

/**
 * One shared ticker for every relative time on screen ("3 minutes ago"), so thousands of
 * rows do not each keep a timer, and the words stay true while the window sits open.
 */
const TICK_MS = 30_000;
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const snapshot = () => now;

/** The current time in ms, updated every 30 s. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
