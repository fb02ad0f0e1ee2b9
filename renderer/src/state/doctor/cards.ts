/** A Doctor result card: which card a check belongs to, and a card brought back from memory. */
import type { StoredResult } from '../doctor-memory';
import { keptMessage } from '../doctor-memory';
import type { DoctorCheck, DoctorResult } from '../doctor-store';
import { resultKey } from '../open-results';

/** Result cards kept at most; the oldest goes first. */
export const DOCTOR_RESULTS = 20;

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

/** A card a reloaded window had open, as it was kept. */
export const restored = (stored: StoredResult): DoctorResult => ({
  id: stored.id,
  check: stored.check,
  running: false,
  diagnosis: stored.diagnosis,
  checkedAt: stored.checkedAt,
  error: stored.error,
  remedyRuns: stored.remedyRuns ?? {},
  changedRemedies: stored.changedRemedies ?? [],
});
