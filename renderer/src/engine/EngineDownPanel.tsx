import type { EngineStatus } from '../../../src/shared/contract';
import { CopyButton } from '../common/CopyButton';
import { ErrorDetails } from '../common/ErrorDetails';
import { HintText } from '../common/HintText';
import { RelativeTime } from '../common/RelativeTime';
import { Spinner } from '../common/Spinner';
import { StatusDot } from '../common/StatusDot';
import { endpointSourceLabel } from '../format';
import { useEngine } from '../state';
import { causeOf } from './engine-causes';
import './engine.css';

type DownStatus = Extract<EngineStatus, { state: 'down' }>;

/** The engine cannot be used: why, where Berth looked, what to do, and Retry. */
export function EngineDownPanel({ status }: { status: DownStatus }) {
  const checking = useEngine((s) => s.checking);
  const refresh = useEngine((s) => s.refresh);
  const { endpoint, error } = status;

  return (
    <section className="engine-down" data-testid="engine-down" aria-labelledby="engine-down-title">
      <header className="engine-down__head">
        <StatusDot health="down" />
        <h2 id="engine-down-title">{causeOf(error.code).title}</h2>
      </header>
      <p className="engine-down__message">{error.message}</p>

      <dl className="facts engine-down__facts">
        <dt>Endpoint tried</dt>
        <dd>
          <code>{endpoint.address}</code>
          <CopyButton text={endpoint.address} label="endpoint address" />
        </dd>
        <dt>From</dt>
        <dd>{endpointSourceLabel(endpoint)}</dd>
      </dl>

      {error.hint ? (
        <div className="what-to-do">
          <h3>What to do</h3>
          <p>
            <HintText text={error.hint} />
          </p>
        </div>
      ) : null}

      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="engine-retry"
          onClick={() => void refresh()}
          disabled={checking}
          aria-busy={checking}
        >
          {checking ? <Spinner /> : null}
          {checking ? 'Checking…' : 'Retry'}
        </button>
        <p className="engine-down__watching">
          Berth keeps checking and reconnects by itself when the engine is back. Last checked{' '}
          <RelativeTime iso={status.checkedAt} />.
        </p>
      </div>

      <ErrorDetails error={error} />
    </section>
  );
}
