import type { UpdateCheck } from '../../../src/shared/image-content';
import { usePulls } from '../state';

const LABELS: Record<UpdateCheck['status'], string> = {
  current: 'Up to date',
  changed: 'Update available',
  local_only: 'Local build',
  missing: 'Tag gone',
  failed: 'Not checked',
};

/**
 * What the last update check said about a tag. An update is a button: the refresh is a pull,
 * whose ledger entry keeps the old digest beside the new.
 */
export function UpdateBadge({ check }: { check: UpdateCheck }) {
  const pull = usePulls((s) => s.pull);
  const pulling = usePulls((s) =>
    s.pulls.some((p) => p.reference === check.reference && p.done === undefined),
  );
  if (check.status === 'changed') {
    return (
      <button
        type="button"
        className="badge badge--warn badge-button"
        data-testid="update-badge"
        data-status={check.status}
        title={check.summary}
        disabled={pulling}
        onClick={(event) => {
          event.stopPropagation();
          void pull(check.reference);
        }}
      >
        {pulling ? 'Refreshing…' : `${LABELS.changed}: pull`}
      </button>
    );
  }
  return (
    <span
      className={`badge ${check.status === 'current' ? 'badge--ok' : check.status === 'missing' ? 'badge--warn' : ''}`}
      data-testid="update-badge"
      data-status={check.status}
      title={check.summary}
    >
      {LABELS[check.status]}
    </span>
  );
}
