import { useEffect } from 'react';
import type { FormEvent } from 'react';
import { ErrorPanel } from '../common/ErrorPanel';
import { PlatformField, ReferenceField } from '../common/ImageFields';
import { useEngine, usePulls } from '../state';
import { LedgerTable } from './LedgerTable';
import { PullCard } from './PullCard';
import './pulls.css';

function PullForm() {
  const reference = usePulls((s) => s.reference);
  const platform = usePulls((s) => s.platform);
  const problem = usePulls((s) => s.fieldError);
  const starting = usePulls((s) => s.starting);
  const setReference = usePulls((s) => s.setReference);
  const setPlatform = usePulls((s) => s.setPlatform);
  const pull = usePulls((s) => s.pull);
  const engine = useEngine((s) => (s.status?.state === 'up' ? s.status.info : undefined));
  const enginePlatform = engine ? `${engine.os}/${engine.arch}` : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void pull();
  };

  return (
    <form className="pull-form" onSubmit={submit} noValidate>
      <ReferenceField
        value={reference}
        onChange={setReference}
        problem={problem}
        testId="pull-reference"
        placeholder="ghcr.io/org/app:1.2, prefecthq/prefect:3-latest, nginx"
      />
      <PlatformField
        value={platform}
        onChange={setPlatform}
        testId="pull-platform"
        enginePlatform={enginePlatform}
      />
      <button
        type="submit"
        className="button button--primary form-submit"
        data-testid="pull-start"
        disabled={starting}
      >
        Pull
      </button>
    </form>
  );
}

/** Pull an image with live progress, see why a pull failed, and look through every pull made. */
export function PullsScreen() {
  const pulls = usePulls((s) => s.pulls);
  const startError = usePulls((s) => s.startError);
  const ledgerShown = usePulls((s) => s.ledger !== undefined);
  const loadLedger = usePulls((s) => s.loadLedger);

  useEffect(() => {
    if (!ledgerShown) void loadLedger();
  }, [ledgerShown, loadLedger]);

  return (
    <div className="screen screen--fill pulls-screen">
      <header className="screen__header">
        <h1>Pulls</h1>
        <p className="muted pulls-question">
          Pull an image with the credential Berth picks for it; a failed pull is diagnosed on the
          spot.
        </p>
      </header>
      <div className="screen__stack">
        <div className="pulls-ask">
          <PullForm />
        </div>
        {startError ? <ErrorPanel title="The pull did not start" error={startError} /> : null}
        {pulls.length ? (
          <section className="pulls-list" aria-label="Pulls of this session">
            {pulls.map((p) => (
              <PullCard key={p.pullId} pull={p} />
            ))}
          </section>
        ) : null}
        <LedgerTable />
      </div>
    </div>
  );
}
