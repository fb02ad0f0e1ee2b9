import { useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import { ErrorPanel } from '../common/ErrorPanel';
import { EngineDownPanel } from '../engine/EngineDownPanel';
import { filterImages, sortImages, useEngine, useImages } from '../state';
import { ImageDetailsPanel } from './ImageDetailsPanel';
import { ImagesEmpty } from './ImagesEmpty';
import { ImagesSkeleton } from './ImagesSkeleton';
import { ImagesTable } from './ImagesTable';
import { ImagesToolbar } from './ImagesToolbar';
import { RemoveImageDialog } from './RemoveImageDialog';
import './images.css';

/** "What images are on this engine?" */
export function ImagesScreen() {
  const status = useEngine((s) => s.status);
  const images = useImages((s) => s.images);
  const loading = useImages((s) => s.loading);
  const error = useImages((s) => s.error);
  const filter = useImages((s) => s.filter);
  const sort = useImages((s) => s.sort);
  const selectedId = useImages((s) => s.selected?.id);
  const removing = useImages((s) => s.removal !== undefined);
  const updatesError = useImages((s) => s.updatesError);
  const rateLimit = useImages(
    (s) => Object.values(s.updates).find((check) => check.rateLimit)?.rateLimit,
  );
  const load = useImages((s) => s.load);
  const select = useImages((s) => s.select);
  const engineUp = status?.state === 'up';

  // The first visit loads the list; after that the store reloads it when a pull or a run's
  // pull or build ends, when the engine reports an image change (watchImageChanges; a
  // terminal's docker pull, rmi or tag too) and when the engine returns.
  useEffect(() => {
    if (engineUp && images === undefined && !loading && !error) void load();
  }, [engineUp, images, loading, error, load]);

  const rows = useMemo(
    () => sortImages(filterImages(images ?? [], filter), sort),
    [images, filter, sort],
  );

  let body: ReactNode;
  if (status?.state === 'down') {
    body = <EngineDownPanel status={status} />;
  } else if (images === undefined && error) {
    body = (
      <ErrorPanel
        title="Could not list the images"
        error={error}
        onRetry={() => void load()}
        retrying={loading}
      />
    );
  } else if (images === undefined) {
    body = <ImagesSkeleton />;
  } else if (images.length === 0) {
    body = <ImagesEmpty onRefresh={() => void load()} refreshing={loading} />;
  } else {
    body = (
      <div className="images-split">
        <div className="images-split__main">
          {error ? (
            <p className="notice notice--warn" role="status">
              Could not refresh the list: {error.message} {error.hint}
            </p>
          ) : null}
          {updatesError ? (
            <p className="notice notice--warn" role="status">
              Could not check for updates: {updatesError.message} {updatesError.hint}
            </p>
          ) : null}
          {rateLimit ? (
            <p className="muted images-rate-limit" data-testid="images-rate-limit">
              Docker Hub pull limit: {rateLimit.remaining} of {rateLimit.limit} left (update checks
              use HEAD requests, which do not count).
            </p>
          ) : null}
          <ImagesTable rows={rows} selectedId={selectedId} onOpen={(id) => void select(id)} />
          {rows.length === 0 ? (
            <p className="images-no-match">No image matches “{filter}”.</p>
          ) : null}
        </div>
        {selectedId ? <ImageDetailsPanel /> : null}
      </div>
    );
  }

  return (
    <div className="screen screen--fill">
      <header className="screen__header">
        <h1>Images</h1>
        {status?.state !== 'down' ? <ImagesToolbar shown={rows.length} /> : null}
      </header>
      <div className="screen__body screen__body--fill">{body}</div>
      {removing ? <RemoveImageDialog /> : null}
    </div>
  );
}
