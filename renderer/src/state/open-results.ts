/**
 * Which finished results are open on screen, kept in sessionStorage: a reloaded window opens
 * them again (issue 15 and 13, "results persist until dismissed"), and closing the window
 * forgets them. A result that is dismissed leaves the list. Pulls keep ledger entry ids (the
 * ledger has the rest); the Doctor keeps its cards (doctor-store.ts says what of them).
 */
import { parseDockerRef, referenceString } from '../../../src/shared/reference';

const KEY = 'berth.openPulls';
const MAX = 50;

/** A list kept in sessionStorage: what a reloaded window shows again. */
export interface SessionList<T> {
  load(): T[];
  save(items: readonly T[]): void;
}

/**
 * A list under `key`; `accept` keeps each stored item that is still one (another version of
 * the app, or a hand edit, may have written it) and drops the rest.
 */
export function sessionList<T>(
  key: string,
  accept: (item: unknown) => T | undefined,
  storage: Storage | undefined = globalThis.sessionStorage,
  max = MAX,
): SessionList<T> {
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(storage?.getItem(key) ?? '[]');
        if (!Array.isArray(parsed)) return [];
        return parsed
          .slice(0, max)
          .map(accept)
          .filter((x): x is T => x !== undefined);
      } catch {
        return [];
      }
    },
    save(items) {
      try {
        storage?.setItem(key, JSON.stringify(items.slice(0, max)));
      } catch {
        /* storage full or disabled: the cards just do not come back after a reload */
      }
    },
  };
}

export type ResultMemory = SessionList<string>;

/** The open pull cards, by ledger entry id. */
export function sessionMemory(
  storage: Storage | undefined = globalThis.sessionStorage,
): ResultMemory {
  return sessionList(KEY, (x) => (typeof x === 'string' ? x : undefined), storage);
}

/**
 * One result per image: `nginx`, `docker.io/library/nginx:latest` and the pull's canonical
 * answer name the same card. Text that is not a reference keys itself.
 */
export function resultKey(reference: string): string {
  try {
    return referenceString(parseDockerRef(reference.trim()));
  } catch {
    return reference.trim();
  }
}
