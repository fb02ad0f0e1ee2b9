/**
 * The Doctor screen's state: the two ways in (check an image live, or classify a pasted
 * error), and the results: one card per image (or per pasted text without one), newest first,
 * each with the check behind it (for "Check again"), kept until dismissed (across a reload:
 * doctor-memory.ts), and the last few references checked. Only a card's latest check may
 * write its answer.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { Request, Response } from '../../../src/shared/contract';
import type { Diagnosis, Remedy } from '../../../src/shared/diagnosis';
import type { ErrorShape } from '../../../src/shared/errors';
import type { InputProblem } from './doctor-input';
import { doctorMemory, toStored } from './doctor-memory';
import type { StoredResult } from './doctor-memory';
import { restored } from './doctor/cards';
import { doctorChecks } from './doctor/checks';
import { doctorFormActions } from './doctor/form-actions';
import { doctorResultActions } from './doctor/result-actions';
import type { SessionList } from './open-results';

export { DOCTOR_RESULTS, pastedImageOf, resultIdOf } from './doctor/cards';
export { RECENT_CHECKS } from './doctor/checks';

export type DoctorMode = 'live' | 'offline';
export type DoctorField = 'reference' | 'message' | 'image';

type FixOutcome = Response<'diagnose.fix'>;

/** A remedy once asked for: on its way, its answer, or why it failed. */
export type RemedyRun =
  | { step: 'applying' }
  | { step: 'done'; outcome: FixOutcome; undone: boolean }
  | { step: 'failed'; error: ErrorShape };

/**
 * Where a remedy list keeps what its remedies did, so it outlives the list on screen: leaving
 * the Doctor or reloading keeps an applied remedy, its result and its Undo.
 */
export interface RemedyMemory {
  runs: Readonly<Record<string, RemedyRun>>;
  /** Remedies that changed something, kept listed after a check no longer offers them. */
  changed: readonly Remedy[];
  /** undefined: back to the start. */
  record(remedy: Remedy, run: RemedyRun | undefined): void;
}

export type DoctorCheck =
  | { kind: 'live'; request: Request<'diagnose.run'> }
  | { kind: 'offline'; request: Request<'diagnose.message'> };

/** One card: the check, and what it answered (a diagnosis, or why it could not run). */
export interface DoctorResult {
  /** The image it is about (as Docker normalises it), or the pasted text's own key. */
  id: string;
  check: DoctorCheck;
  running: boolean;
  diagnosis: Diagnosis | undefined;
  /** ISO time the diagnosis came back. */
  checkedAt: string | undefined;
  /** The contract refused or failed the check. */
  error: ErrorShape | undefined;
  /** What its remedies did, by remedy id (RemedyMemory), across checks of the card. */
  remedyRuns: Readonly<Record<string, RemedyRun>>;
  changedRemedies: readonly Remedy[];
}

export interface DoctorState {
  mode: DoctorMode;
  reference: string;
  /** '' lets the engine's own platform decide. */
  platform: string;
  message: string;
  image: string;
  /** What is wrong with what was typed, per field; nothing is sent while there is any. */
  fieldErrors: Partial<Record<DoctorField, InputProblem>>;
  /** Newest first. */
  results: DoctorResult[];
  /** The card to bring into view and focus (a new check made it). */
  focusId: string | undefined;
  /** The last references checked live, most recent first; kept for this session only. */
  recent: string[];

  setMode(mode: DoctorMode): void;
  setReference(reference: string): void;
  setPlatform(platform: string): void;
  setMessage(message: string): void;
  setImage(image: string): void;
  /** The live probe of the reference typed (or the one given, e.g. a recent check). */
  checkImage(reference?: string): Promise<void>;
  /** Classifies the pasted error offline. */
  explainMessage(): Promise<void>;
  /** The live probe of a pasted error's image, with the error text as more evidence. */
  probePasted(resultId: string): Promise<void>;
  checkAgain(resultId: string): Promise<void>;
  /** Applies one remedy (or its undo) through the host; throws what the host refused. */
  applyRemedy(remedyId: string, secret?: string): Promise<Response<'diagnose.fix'>>;
  /** Keeps what a card's remedy did (RemedyMemory.record). */
  recordRemedy(resultId: string, remedy: Remedy, run: RemedyRun | undefined): void;
  dismiss(resultId: string): void;
  focused(): void;
}

export type DoctorStore = ReturnType<typeof createDoctorStore>;

/**
 * The store puts together the check runner (doctor/checks.ts, the only writer of a card's
 * answer) and the actions of the form and of the cards (doctor/form-actions.ts,
 * doctor/result-actions.ts); the cards a reloaded window had open come back from `memory`.
 */
export function createDoctorStore(
  client: BerthClient,
  memory: SessionList<StoredResult> = doctorMemory(),
) {
  // The cards a reloaded window had open; one still checking then is checked again below.
  const reopened = memory.load().map(restored);

  const store = createStore<DoctorState>()((_set, _get, api) => {
    const checks = doctorChecks(client, api);
    return {
      mode: 'live',
      reference: '',
      platform: '',
      message: '',
      image: '',
      fieldErrors: {},
      results: reopened,
      focusId: undefined,
      recent: [],
      ...doctorFormActions(api, checks),
      ...doctorResultActions(client, api, checks),
    };
  });

  store.subscribe((state, previous) => {
    if (state.results !== previous.results) memory.save(state.results.map(toStored));
  });
  for (const card of reopened) {
    if (!card.diagnosis && !card.error) void store.getState().checkAgain(card.id);
  }
  return store;
}
