import type { ReactNode } from 'react';
import { ErrorPanel } from '../common/ErrorPanel';
import { useEngine } from '../state';
import { EngineDownPanel } from './EngineDownPanel';
import { EngineUpPanel } from './EngineUpPanel';
import './engine.css';

/** "Which engine am I connected to, and is it OK?" */
export function EngineScreen() {
  const status = useEngine((s) => s.status);
  const askError = useEngine((s) => s.askError);
  const checking = useEngine((s) => s.checking);
  const refresh = useEngine((s) => s.refresh);

  let body: ReactNode;
  if (!status && askError) {
    body = (
      <ErrorPanel
        title="Could not ask Berth about the engine"
        error={askError}
        onRetry={() => void refresh()}
        retrying={checking}
      />
    );
  } else if (!status) {
    body = (
      <div className="engine-loading" aria-busy="true">
        <span className="visually-hidden">Checking the engine…</span>
        <div className="skeleton skeleton--title" />
        <div className="cards">
          {[0, 1, 2].map((card) => (
            <div key={card} className="card skeleton skeleton--card" />
          ))}
        </div>
      </div>
    );
  } else if (status.state === 'down') {
    body = <EngineDownPanel status={status} />;
  } else {
    body = <EngineUpPanel status={status} />;
  }

  return (
    <div className="screen">
      <header className="screen__header">
        <h1>Engine</h1>
      </header>
      {status && askError ? (
        <p className="notice notice--warn" role="status">
          Showing the last known state: {askError.message}
        </p>
      ) : null}
      <div className="screen__body">{body}</div>
    </div>
  );
}
