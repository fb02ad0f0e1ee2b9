/** The ledger of every pull ever made, filtered as the user asks. */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import type { PullEntry, PullResult } from '../../../../src/shared/ledger';
import type { PullsState } from '../pulls-store';

export type LedgerFilterResult = PullResult | 'all';

export interface LedgerSlice {
  ledger: PullEntry[] | undefined;
  skipped: number;
  ledgerLoading: boolean;
  ledgerError: ErrorShape | undefined;
  filterText: string;
  filterResult: LedgerFilterResult;
  loadLedger(): Promise<void>;
  setFilterText(text: string): void;
  setFilterResult(result: LedgerFilterResult): void;
}

export function ledgerSlice(client: BerthClient): StateCreator<PullsState, [], [], LedgerSlice> {
  // Only the newest list asked for may land: the filter may have changed meanwhile.
  let ledgerGeneration = 0;
  return (set, get) => ({
    ledger: undefined,
    skipped: 0,
    ledgerLoading: false,
    ledgerError: undefined,
    filterText: '',
    filterResult: 'all',

    async loadLedger() {
      const mine = ++ledgerGeneration;
      const { filterText, filterResult } = get();
      set({ ledgerLoading: true });
      try {
        const { entries, skipped } = await client.invoke('ledger.list', {
          ...(filterText.trim() ? { text: filterText.trim() } : {}),
          ...(filterResult !== 'all' ? { result: filterResult } : {}),
        });
        if (mine !== ledgerGeneration) return;
        set({ ledger: entries, skipped, ledgerLoading: false, ledgerError: undefined });
      } catch (error) {
        if (mine !== ledgerGeneration) return;
        set({ ledgerLoading: false, ledgerError: toErrorShape(error) });
      }
    },

    setFilterText: (filterText) => {
      set({ filterText });
      void get().loadLedger();
    },
    setFilterResult: (filterResult) => {
      set({ filterResult });
      void get().loadLedger();
    },
  });
}
