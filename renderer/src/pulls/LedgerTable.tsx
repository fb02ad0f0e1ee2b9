import { causeName } from './cause-name';
import type { PullEntry } from '../../../src/shared/ledger';
import { toCsv } from '../../../src/shared/ledger-export';
import { CopyButton } from '../common/CopyButton';
import { ErrorPanel } from '../common/ErrorPanel';
import { ReferenceText } from '../common/ReferenceText';
import { RelativeTime } from '../common/RelativeTime';
import { StatusDot } from '../common/StatusDot';
import type { Health } from '../common/StatusDot';
import { SearchIcon } from '../common/icons';
import { canSaveFiles, saveTextFile } from '../doctor/report-file';
import { formatBytes, formatDuration, shortDigest } from '../format';
import { usePulls } from '../state';
import type { LedgerFilterResult } from '../state';

/** Rows drawn at once: the ledger only grows, a filter finds the rest. */
export const LEDGER_ROWS_SHOWN = 500;

const HEALTH: Record<PullEntry['result'], Health> = {
  success: 'up',
  failed: 'down',
  cancelled: 'warn',
};

const RESULTS: readonly { value: LedgerFilterResult; label: string }[] = [
  { value: 'all', label: 'All results' },
  { value: 'success', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
  { value: 'cancelled', label: 'Cancelled' },
];

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

function LedgerRow({ entry }: { entry: PullEntry }) {
  const pull = usePulls((s) => s.pull);
  const open = usePulls((s) => s.open);
  return (
    <tr data-testid="ledger-row" data-result={entry.result} data-reference={entry.reference}>
      <td>
        <span className="ledger-result">
          <StatusDot health={HEALTH[entry.result]} />
          {entry.result}
        </span>
      </td>
      <td className="nowrap">
        <RelativeTime iso={entry.time} />
      </td>
      <td className="mono ledger-reference">
        <ReferenceText reference={entry.reference} />
      </td>
      <td className="mono nowrap" data-testid="ledger-digest">
        {entry.digest ? (
          <>
            <span title={entry.digest}>{shortDigest(entry.digest)}</span>
            <CopyButton text={entry.digest} label={`digest of ${entry.reference}`} />
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="nowrap">{entry.platform ?? '—'}</td>
      <td>{entry.credentialSource}</td>
      <td className="num nowrap">{formatDuration(entry.durationMs)}</td>
      <td className="num nowrap">{entry.bytes ? formatBytes(entry.bytes) : '—'}</td>
      <td data-testid="ledger-cause" data-cause={entry.cause ?? undefined}>
        {entry.cause ? (
          <span title={[entry.cause, entry.message].filter(Boolean).join(' — ')}>
            {causeName(entry.cause)}
          </span>
        ) : null}
      </td>
      <td className="nowrap">
        <span className="ledger-actions">
          <button
            type="button"
            className="link-button"
            data-testid="ledger-open"
            aria-label={`Show the result of pulling ${entry.reference}`}
            onClick={() => open(entry)}
          >
            {entry.result === 'failed' ? 'Why?' : 'Show'}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => void pull(entry.reference.replace(/@sha256:[0-9a-f]+$/, ''))}
          >
            Pull again
          </button>
        </span>
      </td>
    </tr>
  );
}

export function LedgerTable() {
  const ledger = usePulls((s) => s.ledger);
  const skipped = usePulls((s) => s.skipped);
  const loading = usePulls((s) => s.ledgerLoading);
  const error = usePulls((s) => s.ledgerError);
  const filterText = usePulls((s) => s.filterText);
  const filterResult = usePulls((s) => s.filterResult);
  const load = usePulls((s) => s.loadLedger);
  const filtered = filterText.trim() !== '' || filterResult !== 'all';
  const entries = ledger ?? [];

  return (
    <section className="ledger" aria-labelledby="ledger-title" data-testid="ledger">
      <LedgerToolbar entries={entries} />
      <p className="muted ledger__note">
        Every pull is recorded, in <code>ledger.jsonl</code> in Berth&apos;s data folder
        {filtered ? '; the export holds what the filter shows' : ''}.
        {skipped > 0
          ? ` ${skipped} unreadable line${skipped === 1 ? ' was' : 's were'} skipped (a crash cut ${skipped === 1 ? 'it' : 'them'} off).`
          : ''}
      </p>

      {error ? (
        <ErrorPanel
          title="Could not read the ledger"
          error={error}
          onRetry={() => void load()}
          retrying={loading}
        />
      ) : null}
      {!error && ledger === undefined ? (
        <div className="skeleton skeleton--block" role="status" aria-label="Loading the ledger" />
      ) : null}
      {!error && ledger !== undefined && entries.length === 0 ? (
        <p className="ledger__empty" data-testid="ledger-empty">
          {filtered
            ? 'No pull matches this filter.'
            : 'No pulls yet. Pull an image above: every pull, and why one failed, lands here.'}
        </p>
      ) : null}
      {entries.length > 0 ? <LedgerRows entries={entries} /> : null}
    </section>
  );
}

/** The title, the text and result filters, and the exports of what the filter shows. */
function LedgerToolbar({ entries }: { entries: PullEntry[] }) {
  const filterText = usePulls((s) => s.filterText);
  const filterResult = usePulls((s) => s.filterResult);
  const setFilterText = usePulls((s) => s.setFilterText);
  const setFilterResult = usePulls((s) => s.setFilterResult);
  return (
    <div className="ledger__toolbar">
      <h2 id="ledger-title" className="ledger__title">
        Ledger
      </h2>
      <label className="ledger__search">
        <SearchIcon />
        <span className="visually-hidden">Filter the ledger</span>
        <input
          className="input"
          data-testid="ledger-filter"
          placeholder="Filter by reference, digest, cause…"
          value={filterText}
          onChange={(e) => setFilterText(e.target.value)}
        />
      </label>
      <select
        className="input"
        aria-label="Result"
        data-testid="ledger-result"
        value={filterResult}
        onChange={(e) => setFilterResult(e.target.value as LedgerFilterResult)}
      >
        {RESULTS.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <span className="ledger__spacer" />
      {canSaveFiles() ? <LedgerExports entries={entries} /> : null}
    </div>
  );
}

function LedgerExports({ entries }: { entries: PullEntry[] }) {
  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="ledger-export-csv"
        disabled={entries.length === 0}
        onClick={() => saveTextFile(`berth-ledger-${stamp()}.csv`, toCsv(entries), 'text/csv')}
      >
        Export CSV
      </button>
      <button
        type="button"
        className="button"
        data-testid="ledger-export-json"
        disabled={entries.length === 0}
        onClick={() =>
          saveTextFile(
            `berth-ledger-${stamp()}.json`,
            `${JSON.stringify(entries, null, 2)}\n`,
            'application/json',
          )
        }
      >
        Export JSON
      </button>
    </>
  );
}

/** The newest LEDGER_ROWS_SHOWN entries, and how many more a filter or export reaches. */
function LedgerRows({ entries }: { entries: PullEntry[] }) {
  return (
    <div className="ledger__scroll">
      <table className="ledger__table">
        <thead>
          <tr>
            <th scope="col">Result</th>
            <th scope="col">When</th>
            <th scope="col">Reference</th>
            <th scope="col">Digest</th>
            <th scope="col">Platform</th>
            <th scope="col">Credential</th>
            <th scope="col">Took</th>
            <th scope="col">Downloaded</th>
            <th scope="col">Cause</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.slice(0, LEDGER_ROWS_SHOWN).map((entry) => (
            <LedgerRow key={entry.id} entry={entry} />
          ))}
        </tbody>
      </table>
      {entries.length > LEDGER_ROWS_SHOWN ? (
        <p className="muted ledger__note">
          Showing the newest {LEDGER_ROWS_SHOWN} of {entries.length}: filter to find older pulls, or
          export them all.
        </p>
      ) : null}
    </div>
  );
}
