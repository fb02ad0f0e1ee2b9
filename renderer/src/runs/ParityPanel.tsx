/**
 * The prod-parity check before a run (runs.check): one line per check, with a Pull button
 * where pulling makes the local run match the worker's. Asked again after the pull ends.
 */
import { useEffect } from 'react';
import type { ParityCheck } from '../../../src/shared/runs';
import { Spinner } from '../common/Spinner';
import { usePulls, useRuns } from '../state';

const WORDS: Record<ParityCheck['status'], string> = {
  ok: 'OK',
  warning: 'Differs',
  problem: 'Problem',
  unknown: 'Unknown',
};

function PullButton({ reference }: { reference: string }) {
  const pull = usePulls((s) => s.pull);
  const session = usePulls((s) => s.pulls.find((p) => p.reference === reference));
  const checkParity = useRuns((s) => s.checkParity);
  const finished = session?.done !== undefined;
  const pulling = session !== undefined && !finished;
  useEffect(() => {
    if (finished) void checkParity();
  }, [finished, checkParity]);
  return (
    <button
      type="button"
      className="button"
      data-testid="parity-pull"
      disabled={pulling}
      onClick={() => void pull(reference)}
    >
      {pulling ? <Spinner /> : null}
      {pulling ? 'Pulling…' : 'Pull'}
    </button>
  );
}

export function ParityPanel({ flowId }: { flowId: string }) {
  const parity = useRuns((s) => s.parity);
  const checkParity = useRuns((s) => s.checkParity);
  useEffect(() => {
    void checkParity();
  }, [flowId, checkParity]);
  const mine = parity?.flowId === flowId ? parity : undefined;
  return (
    <section className="parity" data-testid="parity" aria-label="Parity with the worker">
      <header className="parity__header">
        <h3>Parity with the worker</h3>
        <button
          type="button"
          className="button"
          data-testid="parity-recheck"
          disabled={mine?.loading}
          onClick={() => void checkParity()}
        >
          {mine?.loading ? <Spinner /> : null}
          Check again
        </button>
      </header>
      {mine?.error ? (
        <p className="field-error" role="alert" data-testid="parity-error">
          {mine.error.message}
        </p>
      ) : null}
      {mine?.report ? (
        <ul className="parity__list">
          {mine.report.checks.map((c) => (
            <li
              key={c.id}
              className={`parity__item parity__item--${c.status}`}
              data-testid={`parity-${c.id}`}
              data-status={c.status}
            >
              <span className="parity__status">{WORDS[c.status]}</span>
              <span className="parity__message">{c.message}</span>
              {c.pull ? <PullButton reference={c.pull} /> : null}
            </li>
          ))}
        </ul>
      ) : mine?.loading ? (
        <p className="muted" role="status">
          <Spinner /> Checking…
        </p>
      ) : null}
    </section>
  );
}
