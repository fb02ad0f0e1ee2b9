/**
 * The Doctor's result cards across a window reload (issue 13: results persist until
 * dismissed), in sessionStorage. Kept per card: the check (the reference, or the pasted text
 * with anything shaped like a token, a password or an Authorization value masked, as the
 * Doctor's report masks it: src/shared/diagnosis-report.ts) and the answer the card shows.
 * That answer is the host's, and a diagnosis never holds a secret: it names the cause, the
 * steps and the image references found (reference-shaped text only, src/diagnose/extract.ts).
 * What its remedies did is kept too (their results and Undo ids: no secret is in them, a
 * login's secret goes to the keychain and never comes back). A card still checking when the
 * window went is checked again.
 */
import * as z from 'zod';
import { channels } from '../../../src/shared/contract';
import { Diagnosis, Remedy } from '../../../src/shared/diagnosis';
import { redact } from '../../../src/shared/diagnosis-report';
import { ErrorShape } from '../../../src/shared/error-shape';
import type { DoctorCheck, DoctorResult } from './doctor-store';
import { sessionList } from './open-results';
import type { SessionList } from './open-results';

const KEY = 'berth.doctorResults';
/** A longer paste keeps its head: sessionStorage holds a few MB for the whole window. */
export const KEPT_MESSAGE_CHARS = 100_000;

const StoredCheck = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('live'), request: channels['diagnose.run'].request }),
  z.object({ kind: z.literal('offline'), request: channels['diagnose.message'].request }),
]);

/** A remedy's answer: an applying one is not kept (its answer comes to a window now gone). */
const StoredRun = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('done'),
    outcome: channels['diagnose.fix'].response,
    undone: z.boolean(),
  }),
  z.object({ step: z.literal('failed'), error: ErrorShape }),
]);

const StoredResult = z.object({
  id: z.string(),
  check: StoredCheck,
  diagnosis: Diagnosis.optional(),
  checkedAt: z.string().optional(),
  error: ErrorShape.optional(),
  remedyRuns: z.record(z.string(), StoredRun).optional(),
  changedRemedies: z.array(Remedy).optional(),
});
export type StoredResult = z.infer<typeof StoredResult>;

/** Pasted text as it may be kept: token-shaped strings masked, and at most so long. */
export function keptMessage(message: string): string {
  return redact(message.slice(0, KEPT_MESSAGE_CHARS));
}

/** The check as it may be kept: any pasted text in it masked. */
export function keptCheck(check: DoctorCheck): DoctorCheck {
  const { message } = check.request;
  if (message === undefined) return check;
  return check.kind === 'live'
    ? { kind: 'live', request: { ...check.request, message: keptMessage(message) } }
    : { kind: 'offline', request: { ...check.request, message: keptMessage(message) } };
}

export function toStored(result: DoctorResult): StoredResult {
  const stored: StoredResult = { id: result.id, check: keptCheck(result.check) };
  if (result.diagnosis) stored.diagnosis = result.diagnosis;
  if (result.checkedAt) stored.checkedAt = result.checkedAt;
  if (result.error) stored.error = result.error;
  const runs = Object.entries(result.remedyRuns).filter(
    (entry): entry is [string, z.infer<typeof StoredRun>] => entry[1].step !== 'applying',
  );
  if (runs.length) stored.remedyRuns = Object.fromEntries(runs);
  if (result.changedRemedies.length) stored.changedRemedies = [...result.changedRemedies];
  return stored;
}

export function doctorMemory(
  storage: Storage | undefined = globalThis.sessionStorage,
): SessionList<StoredResult> {
  return sessionList(
    KEY,
    (item) => {
      const parsed = StoredResult.safeParse(item);
      return parsed.success ? parsed.data : undefined;
    },
    storage,
  );
}
