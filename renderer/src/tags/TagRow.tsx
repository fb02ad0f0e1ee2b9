import { memo } from 'react';
import type { TagDetails } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import { CopyButton } from '../common/CopyButton';
import { RelativeTime } from '../common/RelativeTime';
import { formatBytes, shortDigest } from '../format';
import type { LocalComparison } from './local-images';

export const TAG_ROW_HEIGHT = 36;

export interface TagRowProps {
  tag: string;
  index: number;
  familiar: string;
  details: TagDetails | undefined;
  error: ErrorShape | undefined;
  local: LocalComparison;
  selected: boolean;
  /** Offset from the top of the table, in pixels (the virtualiser's). */
  top: number;
  onOpen: (tag: string) => void;
  /** Pulls the tag: the refresh of a local image the registry has moved past. */
  onRefresh: (tag: string) => void;
}

function platformLabel(d: TagDetails): string {
  return d.platforms
    .map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`)
    .join(', ');
}

/** One tag: name, copy buttons, and a badge each for digest, platforms, size, created, local. */
export const TagRow = memo(function TagRow({
  tag,
  index,
  familiar,
  details,
  error,
  local,
  selected,
  top,
  onOpen,
  onRefresh,
}: TagRowProps) {
  return (
    <div
      className="tag-row"
      role="row"
      data-testid="tag-row"
      data-tag={tag}
      data-index={index}
      aria-selected={selected}
      style={{ transform: `translateY(${top}px)`, height: TAG_ROW_HEIGHT }}
      onClick={() => onOpen(tag)}
    >
      <div className="tag-row__name" role="cell">
        <button type="button" className="row-open mono" onClick={() => onOpen(tag)}>
          {tag}
        </button>
        <CopyButton text={`${familiar}:${tag}`} label={`${familiar}:${tag}`} />
      </div>
      <div className="tag-row__badges" role="cell">
        {details ? (
          <>
            <span className="badge mono" data-testid="tag-digest" title={details.digest}>
              {shortDigest(details.digest)}
            </span>
            <CopyButton
              text={`${familiar}@${details.digest}`}
              label={`${familiar}@${details.digest}`}
            />
            {details.platforms.length > 0 ? (
              <span className="badge" data-testid="tag-platforms" title={platformLabel(details)}>
                {details.platforms.length === 1
                  ? platformLabel(details)
                  : `${details.platforms.length} platforms`}
              </span>
            ) : null}
            {details.compressedSize !== null ? (
              <span
                className="badge"
                data-testid="tag-size"
                title="Compressed: what a pull downloads (unpacked on disk it is larger)"
              >
                {formatBytes(details.compressedSize)} compressed
              </span>
            ) : null}
            {details.created ? (
              <span className="badge" data-testid="tag-created">
                <RelativeTime iso={details.created} />
              </span>
            ) : null}
            {local.kind === 'newer' && local.local.length === 0 ? (
              <span
                className="badge"
                data-testid="tag-badge-local-build"
                title={`The engine's ${familiar}:${tag} has no registry digest (built or loaded locally), so it cannot be compared with the registry's ${shortDigest(details.digest)}.`}
              >
                Local build
              </span>
            ) : local.kind === 'newer' ? (
              <button
                type="button"
                className="badge badge--warn badge-button"
                data-testid="tag-badge-newer"
                title={`Local has ${local.local.map((d) => shortDigest(d)).join(', ')}; the registry has ${shortDigest(details.digest)}. Pull to refresh.`}
                onClick={(event) => {
                  event.stopPropagation();
                  onRefresh(tag);
                }}
              >
                Update available: pull
              </button>
            ) : local.kind === 'same' ? (
              <span
                className="badge badge--ok"
                data-testid="tag-badge-local"
                title="The local image has this digest."
              >
                Local
              </span>
            ) : null}
          </>
        ) : error ? (
          <span
            className="badge badge--warn"
            title={`${error.message}${error.hint ? ` ${error.hint}` : ''}`}
          >
            ⚠ details unavailable
          </span>
        ) : (
          <span className="skeleton-line" aria-label="Loading details" />
        )}
      </div>
    </div>
  );
});
