import { ConfirmDialog } from '../common/ConfirmDialog';
import { shortId, tagSummary } from '../format';
import { useImages } from '../state';

// One stable empty list: a selector that returns a fresh [] each time would re-render forever.
const NO_TAGS: readonly string[] = [];

/** Asks before removing; shows the engine's refusal (an image in use) inside the dialog. */
export function RemoveImageDialog() {
  const removal = useImages((s) => s.removal);
  const tags = useImages(
    (s) =>
      s.selected?.details?.repoTags ??
      s.images?.find((image) => image.id === s.removal?.id)?.repoTags ??
      NO_TAGS,
  );
  const confirmRemove = useImages((s) => s.confirmRemove);
  const cancelRemove = useImages((s) => s.cancelRemove);
  if (!removal) return null;

  const name = tagSummary(tags).label;
  return (
    <ConfirmDialog
      title={`Remove ${name}?`}
      confirmLabel="Remove"
      busyLabel="Removing…"
      danger
      busy={removal.busy}
      error={removal.error}
      onConfirm={() => void confirmRemove()}
      onCancel={cancelRemove}
    >
      <p>
        This removes image <code>{shortId(removal.id)}</code> from the engine
        {tags.length > 0 ? ', with its tags:' : '. It has no tags.'}
      </p>
      {tags.length > 0 ? (
        <ul className="dialog-tags">
          {tags.map((tag) => (
            <li key={tag}>
              <code>{tag}</code>
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        Containers are left alone: if one uses this image, the engine refuses and Berth says which.
      </p>
    </ConfirmDialog>
  );
}
