import { memo } from 'react';
import type { ImageSummary } from '../../../src/shared/contract';
import type { UpdateCheck } from '../../../src/shared/image-content';
import { CopyButton } from '../common/CopyButton';
import { RelativeTime } from '../common/RelativeTime';
import { digestPart, formatBytes, shortDigest, shortId, tagSummary } from '../format';
import { UpdateBadge } from './UpdateBadge';

/** Fixed, so the virtualiser never measures; images.css uses the same height. */
export const ROW_HEIGHT = 36;

export interface ImageRowProps {
  image: ImageSummary;
  index: number;
  top: number;
  selected: boolean;
  onOpen: (id: string) => void;
  /** The last update check of the image's first tag, when one was made. */
  update?: UpdateCheck | undefined;
}

export const ImageRow = memo(function ImageRow({
  image,
  index,
  top,
  selected,
  onOpen,
  update,
}: ImageRowProps) {
  const { label, more } = tagSummary(image.repoTags);
  const [digest, ...otherDigests] = image.repoDigests;

  return (
    <div
      className="images-row"
      role="row"
      aria-rowindex={index + 2}
      aria-current={selected ? 'true' : undefined}
      data-testid="image-row"
      data-image-id={image.id}
      data-index={index}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(image.id)}
    >
      <div className="images-cell col-tag" role="cell">
        <button
          type="button"
          className={`row-open ${image.repoTags.length === 0 ? 'row-open--untagged' : ''}`}
          title={image.repoTags.join('\n') || 'Untagged image'}
          onClick={(event) => {
            event.stopPropagation();
            onOpen(image.id);
          }}
        >
          {label}
        </button>
        {more > 0 ? (
          <span className="badge" title={image.repoTags.slice(1).join('\n')}>
            +{more}
          </span>
        ) : null}
        {label !== '<none>' ? <CopyButton text={label} label={`reference ${label}`} /> : null}
        {update ? <UpdateBadge check={update} /> : null}
      </div>
      <div className="images-cell col-id" role="cell">
        <code title={image.id}>{shortId(image.id)}</code>
        <CopyButton text={image.id} label="image ID" />
      </div>
      <div className="images-cell col-digest" role="cell">
        {digest ? (
          <>
            <code title={digest}>{shortDigest(digestPart(digest))}</code>
            <CopyButton text={digest} label="repo digest" />
            {otherDigests.length > 0 ? (
              <span className="badge" title={otherDigests.join('\n')}>
                +{otherDigests.length}
              </span>
            ) : null}
          </>
        ) : (
          <span className="muted" title="Never pushed or pulled by digest">
            —
          </span>
        )}
      </div>
      <div className="images-cell col-size num" role="cell">
        {formatBytes(image.size)}
      </div>
      <div className="images-cell col-created" role="cell">
        <RelativeTime iso={image.created} />
      </div>
    </div>
  );
});
