import type { TagDetails } from '../../../src/shared/contract';
import { CopyButton } from '../common/CopyButton';
import { CloseIcon } from '../common/icons';
import { formatBytes, formatExactTime } from '../format';
import { useImageView, usePulls, useUi } from '../state';

export interface TagDetailsPanelProps {
  familiar: string;
  tag: string;
  details: TagDetails | undefined;
  onClose: () => void;
}

/** Everything known about one tag, with the digest and the pull command to copy. */
export function TagDetailsPanel({ familiar, tag, details, onClose }: TagDetailsPanelProps) {
  const pull = `docker pull ${familiar}:${tag}`;
  const go = useUi((s) => s.go);
  const startPull = usePulls((s) => s.pull);
  const openImage = useImageView((s) => s.open);
  // The next step after finding a tag is pulling it: here, with progress on the Pulls screen.
  const pullHere = () => {
    go('pulls');
    void startPull(`${familiar}:${tag}`);
  };
  return (
    <aside className="tag-details" data-testid="tag-details" aria-label={`Tag ${tag}`}>
      <header className="tag-details__header">
        <h2 className="mono">
          {familiar}:{tag}
        </h2>
        <button
          type="button"
          className="button button--primary"
          data-testid="tag-pull"
          onClick={pullHere}
        >
          Pull
        </button>
        <button
          type="button"
          className="button"
          data-testid="tag-look-inside"
          title="Config, layers, files, signatures: read from the registry, nothing pulled"
          onClick={() => openImage(`${familiar}:${tag}`)}
        >
          Look inside
        </button>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {!details ? (
        <p className="muted">Loading details…</p>
      ) : (
        <dl className="facts">
          <dt>Digest</dt>
          <dd className="mono break">
            {details.digest}{' '}
            <CopyButton text={`${familiar}@${details.digest}`} label="the digest reference" />
          </dd>
          <dt>Media type</dt>
          <dd className="mono break">{details.mediaType}</dd>
          <dt>Kind</dt>
          <dd>
            {details.kind === 'index'
              ? `Index of ${details.platforms.length} platforms`
              : 'Single-platform image'}
          </dd>
          <dt>Compressed size</dt>
          <dd>{details.compressedSize === null ? '—' : formatBytes(details.compressedSize)}</dd>
          <dt>Created</dt>
          <dd>{details.created ? formatExactTime(details.created) : '—'}</dd>
          <dt>Platforms</dt>
          <dd>
            {details.platforms.length === 0 ? (
              '—'
            ) : (
              <ul className="platform-list">
                {details.platforms.map((p) => (
                  <li key={p.digest}>
                    <strong>
                      {p.os}/{p.architecture}
                      {p.variant ? `/${p.variant}` : ''}
                    </strong>{' '}
                    <span className="mono muted" title={p.digest}>
                      {p.digest.slice(0, 19)}…
                    </span>
                    {p.size !== null ? (
                      <span className="muted"> · {formatBytes(p.size)}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Pull command</dt>
          <dd className="mono break">
            {pull} <CopyButton text={pull} label="the pull command" />
          </dd>
        </dl>
      )}
    </aside>
  );
}
