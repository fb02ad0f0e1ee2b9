import type { RunEntry } from '../../../src/shared/ledger';
import type { ActiveRun } from '../../../src/shared/runs';
import { CopyButton } from '../common/CopyButton';
import { ErrorPanel } from '../common/ErrorPanel';
import { RelativeTime } from '../common/RelativeTime';
import { Spinner } from '../common/Spinner';
import { StatusDot } from '../common/StatusDot';
import { shortDigest } from '../format';
import { sameDir, useRuns } from '../state';
import { formatDuration } from '../format';
import { PHASES, resultHealth, resultWords } from '../state/run-outcome';

function ActiveRow({ run, shown }: { run: ActiveRun; shown: boolean }) {
  const show = useRuns((s) => s.show);
  const phase = PHASES.find((p) => p.phase === run.phase)?.label ?? run.phase;
  return (
    <li
      className="history-row history-row--active"
      data-testid="history-active"
      data-run-id={run.runId}
      aria-current={shown ? 'true' : undefined}
    >
      <Spinner />
      <button
        type="button"
        className="link-button history-row__flow"
        onClick={() => void show(run.runId)}
      >
        {run.flowName}
      </button>
      <span className="muted">{phase}…</span>
      <span className="muted">
        <RelativeTime iso={run.started} />
      </span>
    </li>
  );
}

function EntryRow({ entry, shown }: { entry: RunEntry; shown: boolean }) {
  const show = useRuns((s) => s.show);
  const rerun = useRuns((s) => s.rerun);
  const starting = useRuns((s) => s.starting);
  return (
    <li
      className="history-row"
      data-testid="history-entry"
      data-run-id={entry.id}
      data-result={entry.result}
      aria-current={shown ? 'true' : undefined}
    >
      <StatusDot health={resultHealth(entry.result)} />
      <button
        type="button"
        className="link-button history-row__flow"
        data-testid="history-open"
        title={`${resultWords(entry.result, entry.exitCode)}: open its log`}
        onClick={() => void show(entry.id)}
      >
        {entry.flowName}
      </button>
      <span className="muted history-row__when">
        <RelativeTime iso={entry.time} />
      </span>
      <span className="num history-row__duration" data-testid="history-duration">
        {formatDuration(entry.durationMs)}
      </span>
      <span className="history-row__digest">
        {entry.digest ? (
          <>
            <span className="mono" title={entry.digest} data-testid="history-digest">
              {shortDigest(entry.digest)}
            </span>
            <CopyButton text={entry.digest} label="digest" />
          </>
        ) : (
          <span className="muted">no digest</span>
        )}
      </span>
      <span className="num history-row__exit" data-testid="history-exit">
        {entry.exitCode === null ? '—' : `exit ${entry.exitCode}`}
      </span>
      <button
        type="button"
        className="button history-row__rerun"
        data-testid="history-rerun"
        disabled={starting}
        onClick={() => void rerun(entry.id)}
      >
        Re-run
      </button>
    </li>
  );
}

function HistorySkeleton() {
  return (
    <ul className="history-list" aria-busy="true" aria-label="Loading the runs">
      {[0, 1, 2].map((i) => (
        <li key={i} className="history-row">
          <span className="skeleton skeleton--text" />
        </li>
      ))}
    </ul>
  );
}

/** The runs of the open project: in progress first, then the ledger's, newest first. */
export function RunHistory() {
  const root = useRuns((s) => s.discovery?.root);
  const history = useRuns((s) => s.history);
  const historyError = useRuns((s) => s.historyError);
  const skipped = useRuns((s) => s.historySkipped);
  const active = useRuns((s) => s.active);
  const shownRunId = useRuns((s) => s.shownRunId);
  const loadHistory = useRuns((s) => s.loadHistory);

  const mine = history?.filter((entry) => sameDir(entry.projectDir, root)) ?? [];
  const running = Object.values(active).filter((run) => sameDir(run.projectDir, root));

  let body;
  if (history === undefined && historyError) {
    body = (
      <ErrorPanel
        title="Could not read the run history"
        error={historyError}
        onRetry={() => void loadHistory()}
      />
    );
  } else if (history === undefined) {
    body = <HistorySkeleton />;
  } else if (mine.length === 0 && running.length === 0) {
    body = (
      <p className="muted" data-testid="history-empty">
        No runs of this project yet: pick a flow and press Run.
      </p>
    );
  } else {
    body = (
      <ul className="history-list" data-testid="history-list">
        {running.map((run) => (
          <ActiveRow key={run.runId} run={run} shown={run.runId === shownRunId} />
        ))}
        {mine.map((entry) => (
          <EntryRow key={entry.id} entry={entry} shown={entry.id === shownRunId} />
        ))}
      </ul>
    );
  }

  return (
    <section className="run-history" aria-labelledby="run-history-title">
      <h2 id="run-history-title">History</h2>
      {body}
      {skipped > 0 ? (
        <p className="muted" role="status">
          {skipped} unreadable {skipped === 1 ? 'line' : 'lines'} of the ledger skipped.
        </p>
      ) : null}
    </section>
  );
}
