/** The append-only history of pulls: one public entry. */
export { Ledger, parseLedger, LEDGER_FILE } from './ledger';
export type { LedgerRead } from './ledger';
export { filterEntries, matchesText, toCsv, csvField, CSV_COLUMNS } from '../shared/ledger-export';
export type { LedgerFilter } from '../shared/ledger-export';
