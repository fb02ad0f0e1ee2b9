import { useEffect, useRef } from 'react';
import { RefreshIcon, SearchIcon } from '../common/icons';
import { Spinner } from '../common/Spinner';
import { countLabel } from '../format';
import { useImages } from '../state';

/** Filter, count and Refresh above the table. */
export function ImagesToolbar({ shown }: { shown: number }) {
  const filter = useImages((s) => s.filter);
  const setFilter = useImages((s) => s.setFilter);
  const total = useImages((s) => s.images?.length);
  const loading = useImages((s) => s.loading);
  const load = useImages((s) => s.load);
  const checkUpdates = useImages((s) => s.checkUpdates);
  const checking = useImages((s) => s.checkingUpdates);
  const inputRef = useRef<HTMLInputElement>(null);

  // Ctrl/Cmd+F and "/" jump to the filter, as they do in most list views.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing =
        event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if (
        ((event.ctrlKey || event.metaKey) && event.key === 'f') ||
        (event.key === '/' && !typing)
      ) {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="images-toolbar">
      <label className="search-field">
        <SearchIcon />
        <input
          ref={inputRef}
          type="search"
          placeholder="Filter by tag, ID or digest"
          aria-label="Filter images"
          data-testid="images-filter"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && filter) {
              event.stopPropagation();
              setFilter('');
            }
          }}
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      <span className="images-toolbar__count" data-testid="images-count" aria-live="polite">
        {total === undefined ? '' : countLabel(shown, total, 'image', filter.trim() !== '')}
      </span>
      <button
        type="button"
        className="button"
        data-testid="check-updates"
        title="Asks each tag's registry where it points now (HEAD only: nothing is pulled, and Docker Hub does not count it)"
        onClick={() => void checkUpdates()}
        disabled={checking || !total}
      >
        {checking ? <Spinner /> : null}
        Check for updates
      </button>
      <button type="button" className="button" onClick={() => void load()} disabled={loading}>
        {loading ? <Spinner /> : <RefreshIcon />}
        Refresh
      </button>
    </div>
  );
}
