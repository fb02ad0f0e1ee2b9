import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { ErrorPanel } from '../common/ErrorPanel';
import { selectedFlow, useRuns } from '../state';
import { FlowList } from './FlowList';
import { FlowRunForm } from './FlowRunForm';
import { FolderProblems } from './FolderProblems';
import { ProjectBar } from './ProjectBar';
import { ProjectStart } from './ProjectStart';
import { RunHistory } from './RunHistory';
import { RunPanel } from './RunPanel';
import './runs.css';

function Skeleton() {
  return (
    <div className="runs-split" aria-busy="true">
      <span className="visually-hidden">Discovering flows…</span>
      <div className="runs-flows">
        {[0, 1, 2].map((i) => (
          <div key={i} className="skeleton skeleton--card runs-skeleton-card" />
        ))}
      </div>
      <div className="runs-main">
        <div className="skeleton skeleton--title" />
        <div className="skeleton skeleton--block" />
      </div>
    </div>
  );
}

/** "Does this flow run, in exactly the image and settings its worker will use?" */
export function RunsScreen() {
  const discovery = useRuns((s) => s.discovery);
  const discovering = useRuns((s) => s.discovering);
  const discoveryError = useRuns((s) => s.discoveryError);
  const chooserMissing = useRuns((s) => s.chooserMissing);
  const flow = useRuns(selectedFlow);
  const shownRunId = useRuns((s) => s.shownRunId);
  const enter = useRuns((s) => s.enter);
  const choose = useRuns((s) => s.choose);
  const rediscover = useRuns((s) => s.rediscover);
  const pathInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void enter();
  }, [enter]);

  // Browser mode has no folder dialog: the path field takes the typing instead.
  const openFolder = () => {
    if (chooserMissing) pathInput.current?.focus();
    else
      void choose().then((shown) => {
        if (!shown) pathInput.current?.focus();
      });
  };

  let body: ReactNode;
  if (discoveryError && !discovery) {
    body = (
      <div className="runs-state">
        <ErrorPanel
          title="Could not open the project folder"
          error={discoveryError}
          onRetry={() => void rediscover()}
          retrying={discovering}
        />
      </div>
    );
  } else if (!discovery && discovering) {
    body = <Skeleton />;
  } else if (!discovery) {
    body = <ProjectStart onOpen={openFolder} />;
  } else {
    body = (
      <div className="runs-split">
        <aside className="runs-flows" aria-label="Flows of the project">
          <p className="muted runs-flows__count" data-testid="flows-count">
            {discovery.flows.length === 1 ? '1 flow' : `${discovery.flows.length} flows`} in{' '}
            <span className="mono">{discovery.root}</span>
          </p>
          <FlowList />
          <FolderProblems />
        </aside>
        <div className="runs-main">
          {discoveryError ? (
            <p className="notice notice--warn" role="status">
              Could not discover the flows again: {discoveryError.message}
            </p>
          ) : null}
          {flow ? <FlowRunForm flow={flow} /> : null}
          {shownRunId ? <RunPanel runId={shownRunId} /> : null}
          <RunHistory />
        </div>
      </div>
    );
  }

  return (
    <div className="screen screen--fill runs">
      <header className="screen__header runs-header">
        <h1>Runs</h1>
        <ProjectBar inputRef={pathInput} />
      </header>
      <div className="screen__body screen__body--fill">{body}</div>
    </div>
  );
}
