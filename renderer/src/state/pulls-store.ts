/**
 * The Pulls screen's state: the pull form, one result card per image (live progress, the
 * log, the outcome and, for a failed one, the diagnosis Berth runs on its own), kept until
 * dismissed, and the ledger of every pull ever made, filtered as the user asks. A ledger row
 * opens its stored result as a card; a reloaded window finds its running pulls in jobs.list
 * and its finished cards in the ledger (open-results.ts).
 *
 * Each part is a slice in pulls/ (zustand's slices pattern); the cards they all change are
 * one PullCards (pulls/cards.ts), made here with the store.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import { sessionMemory } from './open-results';
import type { ResultMemory } from './open-results';
import { pullCards } from './pulls/cards';
import { pullCardsSlice } from './pulls/cards-slice';
import type { PullCardsSlice } from './pulls/cards-slice';
import { pullDiagnoser } from './pulls/diagnosis';
import { pullEventsSlice } from './pulls/events-slice';
import type { PullEventsSlice } from './pulls/events-slice';
import { pullFormSlice } from './pulls/form-slice';
import type { PullFormSlice } from './pulls/form-slice';
import { ledgerSlice } from './pulls/ledger-slice';
import type { LedgerSlice } from './pulls/ledger-slice';

export { PULLS_SHOWN } from './pulls/cards';
export type { LogLine, PullDiagnosis, SessionPull } from './pulls/cards';
export type { LedgerFilterResult } from './pulls/ledger-slice';

export type PullsState = PullFormSlice & PullCardsSlice & LedgerSlice & PullEventsSlice;

export type PullsStore = ReturnType<typeof createPullsStore>;

export function createPullsStore(
  client: BerthClient,
  now: () => number = Date.now,
  memory: ResultMemory = sessionMemory(),
) {
  return createStore<PullsState>()((set, get, api) => {
    const cards = pullCards(client, api, now, memory);
    const diagnoser = pullDiagnoser(client, cards, get, now);
    return {
      ...pullFormSlice(client, cards)(set, get, api),
      ...pullCardsSlice(client, cards, diagnoser, now, memory)(set, get, api),
      ...ledgerSlice(client)(set, get, api),
      ...pullEventsSlice(cards, diagnoser, now)(set, get, api),
    };
  });
}
