import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { FileTree, ImageFile } from '../../../src/shared/image-content';
import { formatBytes } from '../format';
import { useImageView } from '../state';
import { LoadableView } from './ImageView';

const ROW = 28;

const modeText = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

function FileRow({ file, top }: { file: ImageFile; top: number }) {
  const changed = file.earlierLayers.length > 0;
  return (
    <div
      className="file-row"
      role="row"
      data-testid="file-row"
      data-path={file.path}
      style={{ transform: `translateY(${top}px)`, height: ROW }}
    >
      <span role="cell" className="file-row__path mono" title={file.path}>
        /{file.path}
        {file.linkTarget ? <span className="muted"> → {file.linkTarget}</span> : null}
      </span>
      <span role="cell" className="num">
        {file.kind === 'dir' ? '' : formatBytes(file.size)}
      </span>
      <span role="cell" className="mono muted">
        {modeText(file.mode)}
      </span>
      <span
        role="cell"
        title={
          changed
            ? `Written by layer ${file.layer}, changing what layers ${file.earlierLayers.join(', ')} wrote`
            : `Added by layer ${file.layer}`
        }
      >
        {changed ? `changed in ${file.layer}` : `added in ${file.layer}`}
      </span>
    </div>
  );
}

/** 100,000 files scroll like ten: only the rows in view are in the DOM. */
function FileList({ tree }: { tree: FileTree }) {
  const [filter, setFilter] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? tree.files.filter((f) => f.path.toLowerCase().includes(needle)) : tree.files;
  }, [tree, filter]);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  return (
    <>
      <p data-testid="files-summary">
        {tree.files.length.toLocaleString('en')} files, {formatBytes(tree.totalBytes)};{' '}
        {tree.removed.length.toLocaleString('en')} removed by later layers;{' '}
        {formatBytes(tree.wastedBytes)} wasted (carried by lower layers, invisible in the image).
      </p>
      <input
        type="search"
        className="input"
        placeholder="Filter by path"
        aria-label="Filter files by path"
        data-testid="files-filter"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        spellCheck={false}
      />
      <div
        ref={scrollRef}
        className="file-list"
        role="table"
        aria-label="Files"
        aria-rowcount={rows.length}
        data-testid="file-list"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const file = rows[item.index];
            return file ? <FileRow key={file.path} file={file} top={item.start} /> : null;
          })}
        </div>
      </div>
      {tree.removed.length > 0 ? (
        <details className="files-removed">
          <summary>Removed paths ({tree.removed.length})</summary>
          <ul>
            {tree.removed.slice(0, 500).map((r) => (
              <li key={r.path} className="mono">
                /{r.path} <span className="muted">removed by layer {r.layer}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

export function ImageFiles() {
  const files = useImageView((s) => s.files);
  const cancel = useImageView((s) => s.cancelFiles);
  const progress = files.progress;
  return (
    <div className="image-files" data-testid="image-files">
      {files.result.state === 'loading' ? (
        <p role="status" className="muted">
          {progress
            ? `Listing layer ${Math.min(progress.layersDone + 1, progress.layers)} of ${progress.layers}: ${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)} read, ${progress.entries.toLocaleString('en')} entries`
            : 'Starting the listing…'}{' '}
          <button type="button" className="link-button" onClick={() => void cancel()}>
            Cancel
          </button>
        </p>
      ) : null}
      <LoadableView
        value={files.result.state === 'loading' ? { state: 'idle' } : files.result}
        what="the image's files"
      >
        {(tree) => <FileList tree={tree} />}
      </LoadableView>
    </div>
  );
}
