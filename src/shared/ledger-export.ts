/** Looking through the ledger's pulls: filters, and CSV for spreadsheets (RFC 4180). Browser-safe: the Pulls screen exports with it too. */
import type { PullEntry, PullResult } from './ledger';

export interface LedgerFilter {
  /** Case-insensitive; matched against the reference, digest, platform, source, cause and message. */
  text?: string;
  result?: PullResult;
}

export function matchesText(entry: PullEntry, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return [
    entry.reference,
    entry.digest,
    entry.platform,
    entry.credentialSource,
    entry.result,
    entry.cause,
    entry.message,
  ].some((field) => field?.toLowerCase().includes(needle));
}

export function filterEntries(entries: PullEntry[], filter: LedgerFilter): PullEntry[] {
  return entries.filter(
    (e) =>
      (filter.result === undefined || e.result === filter.result) &&
      (filter.text === undefined || matchesText(e, filter.text)),
  );
}

export const CSV_COLUMNS = [
  'id',
  'kind',
  'time',
  'reference',
  'digest',
  'platform',
  'credentialSource',
  'durationMs',
  'bytes',
  'result',
  'cause',
  'message',
] as const satisfies readonly (keyof PullEntry)[];

/** RFC 4180: a field with a comma, a quote, CR or LF is quoted, with quotes doubled. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line, then one line per entry; CRLF line breaks, as RFC 4180 has them. */
export function toCsv(entries: PullEntry[]): string {
  const lines = [
    CSV_COLUMNS.join(','),
    ...entries.map((e) => CSV_COLUMNS.map((column) => csvField(e[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
