import type { FlowDefinition } from '../../../src/shared/flows';
import type { RunEntry } from '../../../src/shared/ledger';
import { sameDir, useRuns } from '../state';
import { DurationChart } from './DurationChart';
import { KIND_LABELS } from '../state/run-outcome';

function FlowItem({
  flow,
  selected,
  runs,
}: {
  flow: FlowDefinition;
  selected: boolean;
  runs: readonly RunEntry[];
}) {
  const selectFlow = useRuns((s) => s.selectFlow);
  return (
    <li>
      <button
        type="button"
        className="flow-item"
        data-testid="flow-item"
        data-flow-id={flow.id}
        data-kind={flow.kind}
        aria-current={selected ? 'true' : undefined}
        onClick={() => selectFlow(flow.id)}
      >
        <span className="flow-item__head">
          <span className="flow-item__name">{flow.name}</span>
          <span className={`badge flow-kind flow-kind--${flow.kind}`} data-testid="flow-kind">
            {KIND_LABELS[flow.kind]}
          </span>
        </span>
        <span className="mono muted flow-item__where" data-testid="flow-where">
          {flow.file}:{flow.line}
        </span>
        <span className="flow-item__image">
          <span className="mono" data-testid="flow-image">
            {flow.image ?? 'no image'}
          </span>
          <span className="muted"> from {flow.imageFrom}</span>
        </span>
        {flow.unresolved.length > 0 ? (
          <span className="flow-item__unresolved" data-testid="flow-unresolved">
            {flow.unresolved.map((u) => (
              <span key={`${u.where}:${u.template}`} className="flow-item__template">
                <code>{u.template}</code> in {u.where}: {u.why}
              </span>
            ))}
          </span>
        ) : null}
        {flow.warnings.length > 0 ? (
          <span className="flow-item__warnings" data-testid="flow-warnings">
            {flow.warnings.map((warning) => (
              <span key={warning}>{warning}</span>
            ))}
          </span>
        ) : null}
        {runs.length > 0 ? <DurationChart entries={runs} /> : null}
      </button>
    </li>
  );
}

/** The flows of the open folder, each with where it is defined and what it runs in. */
export function FlowList() {
  const flows = useRuns((s) => s.discovery?.flows);
  const selected = useRuns((s) => s.selectedFlowId);
  const root = useRuns((s) => s.discovery?.root);
  const history = useRuns((s) => s.history);
  if (!flows) return null;
  // A flow id names a file in a project: the same id in another folder is another flow.
  const runs = history?.filter((e) => sameDir(e.projectDir, root)) ?? [];
  if (flows.length === 0) {
    return (
      <p className="muted flow-list__empty" data-testid="flows-empty">
        No flows here: Berth looks for prefect.yaml, valohai.yaml, berth.yaml and Python files with
        a Prefect @flow.
      </p>
    );
  }
  return (
    <ul className="flow-list" data-testid="flow-list" aria-label="Flows">
      {flows.map((flow) => (
        <FlowItem
          key={flow.id}
          flow={flow}
          selected={flow.id === selected}
          runs={runs.filter((e) => e.flowId === flow.id)}
        />
      ))}
    </ul>
  );
}
