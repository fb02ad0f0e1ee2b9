import type { ReactNode } from 'react';
import { Dialog } from '../common/Dialog';
import { ErrorPanel } from '../common/ErrorPanel';
import { Spinner } from '../common/Spinner';
import { useImageView } from '../state';
import { ImageDiffView } from './ImageDiffView';
import { ImageFiles } from './ImageFiles';
import { ImageOverview } from './ImageOverview';
import { ImageReferrers } from './ImageReferrers';
import type { ImageTab, Loadable } from '../state';
import './image-view.css';

const TABS: readonly { id: ImageTab; label: string }[] = [
  { id: 'overview', label: 'Config and layers' },
  { id: 'files', label: 'Files' },
  { id: 'diff', label: 'Compare' },
  { id: 'referrers', label: 'Signatures and SBOMs' },
];

/** Shows what was asked for: its value, a spinner, or what went wrong and what to do. */
export function LoadableView<T>({
  value,
  what,
  children,
}: {
  value: Loadable<T>;
  what: string;
  children: (value: T) => ReactNode;
}) {
  if (value.state === 'done') return <>{children(value.value)}</>;
  if (value.state === 'failed')
    return <ErrorPanel title={`Could not read ${what}`} error={value.error} />;
  if (value.state === 'loading')
    return (
      <p className="muted" role="status">
        <Spinner /> Reading {what} from the registry…
      </p>
    );
  return null;
}

/** "What is inside this image?", from its registry, without pulling it. */
export function ImageView() {
  const reference = useImageView((s) => s.reference);
  const tab = useImageView((s) => s.tab);
  const setTab = useImageView((s) => s.setTab);
  const close = useImageView((s) => s.close);
  if (!reference) return null;

  return (
    <Dialog
      title={reference}
      onClose={close}
      wide
      className="image-view"
      testId="image-view"
      actions={
        <button type="button" className="button" onClick={close}>
          Close
        </button>
      }
    >
      <p className="muted image-view__note">
        Read from the registry: nothing is pulled to the engine.
      </p>
      <div role="tablist" aria-label="Image" className="image-view__tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`image-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`image-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="image-view__tab"
            data-testid={`image-tab-${t.id}`}
            onClick={() => setTab(t.id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const at = TABS.findIndex((x) => x.id === tab);
              const next =
                TABS[(at + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
              if (!next) return;
              setTab(next.id);
              document.getElementById(`image-tab-${next.id}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`image-panel-${tab}`}
        aria-labelledby={`image-tab-${tab}`}
        className="image-view__panel"
      >
        {tab === 'overview' ? <ImageOverview /> : null}
        {tab === 'files' ? <ImageFiles /> : null}
        {tab === 'diff' ? <ImageDiffView /> : null}
        {tab === 'referrers' ? <ImageReferrers /> : null}
      </div>
    </Dialog>
  );
}
