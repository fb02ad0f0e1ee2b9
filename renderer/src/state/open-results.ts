/**
 * Which finished results are open on screen, by ledger entry id, kept in sessionStorage: a
 * reloaded window opens them again from the ledger (issue 15, "results persist"), and closing
 * the window forgets them. A result that is dismissed leaves the list.
 */
import { parseDockerRef, referenceString } from '../../../src/shared/reference';

const KEY = 'berth.openPulls';
const MAX = 50;

export interface ResultMemory {
  load(): string[];
  save(entryIds: readonly string[]): void;
}

export function sessionMemory(
  storage: Storage | undefined = globalThis.sessionStorage,
): ResultMemory {
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
        return Array.isArray(parsed)
          ? parsed.filter((x): x is string => typeof x === 'string').slice(0, MAX)
          : [];
      } catch {
        return [];
      }
    },
    save(entryIds) {
      try {
        storage?.setItem(KEY, JSON.stringify(entryIds.slice(0, MAX)));
      } catch {
        /* storage full or disabled: the cards just do not come back after a reload */
      }
    },
  };
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
