import type { ReactNode } from 'react';
import { StatusDot } from '../common/StatusDot';
import { engineLabel } from '../format';
import { causeOf } from '../engine/engine-causes';
import { useEngine, useTags } from '../state';
import './status-bar.css';

/** One line, always visible: which engine, which version, up or down. */
export function StatusBar() {
  const status = useEngine((s) => s.status);
  const stream = useEngine((s) => s.stream);
  const askError = useEngine((s) => s.askError);
  const rateLimit = useTags((s) => s.rateLimit);

  let engine: ReactNode;
  if (!status) {
    engine = askError ? (
      <>
        <StatusDot health="warn" />
        <span>Engine unknown — {askError.message}</span>
      </>
    ) : (
      <>
        <StatusDot health="unknown" />
        <span>Checking the engine…</span>
      </>
    );
  } else if (status.state === 'up') {
    const { info } = status;
    engine = (
      <>
        <StatusDot health="up" /> <span className="status-bar__engine">{engineLabel(info)}</span>{' '}
        <span className="status-bar__sep">·</span>{' '}
        <span>
          {info.os}/{info.arch}
        </span>{' '}
        <span className="status-bar__sep">·</span>{' '}
        <span className="status-bar__muted mono">{info.endpoint.address}</span>
      </>
    );
  } else {
    engine = (
      <>
        <StatusDot health="down" />{' '}
        <span className="status-bar__engine">Engine down — {causeOf(status.error.code).short}</span>{' '}
        <span className="status-bar__sep">·</span>{' '}
        <span className="status-bar__muted mono">{status.endpoint.address}</span>
      </>
    );
  }

  return (
    <footer className="status-bar" data-testid="status-bar">
      {/* The footer stays the page's contentinfo landmark; the engine line is the live part. */}
      <div className="status-bar__left" role="status">
        {engine}
      </div>
      {stream === 'reconnecting' ? (
        <div className="status-bar__right">
          <StatusDot health="warn" />
          <span>Lost the connection to Berth — reconnecting…</span>
        </div>
      ) : null}
      {rateLimit ? (
        <div className="status-bar__right" title="From Docker Hub's ratelimit headers">
          Docker Hub pulls left: {rateLimit.remaining} of {rateLimit.limit}
        </div>
      ) : null}
    </footer>
  );
}
