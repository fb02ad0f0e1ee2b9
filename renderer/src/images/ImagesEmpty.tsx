import { ImagesIcon, RefreshIcon } from '../common/icons';
import { Spinner } from '../common/Spinner';

export function ImagesEmpty({
  onRefresh,
  refreshing,
}: {
  onRefresh: () => void;
  refreshing: boolean;
}) {
  return (
    <section className="state-panel state-panel--empty">
      <div className="state-panel__icon">
        <ImagesIcon />
      </div>
      <p className="state-panel__message">
        No images on this engine yet. Pull or build one and it appears here.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          onClick={onRefresh}
          disabled={refreshing}
        >
          {refreshing ? <Spinner /> : <RefreshIcon />}
          Refresh
        </button>
      </div>
    </section>
  );
}
