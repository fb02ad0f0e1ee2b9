import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { FileTree, ImageFile } from '../../../src/shared/image-content';
import { formatBytes } from '../format';
import { useImageView } from '../state';
import type { FilesState } from '../state';
import { LoadableView } from './ImageView';

const ROW = 28;

const modeText = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

function FileRow({ file, top, first }: { file: ImageFile; top: number; first: boolean }) {
  const changed = file.earlierLayers.length > 0;
  let layerText = changed ? `changed in ${file.layer}` : `added in ${file.layer}`;
  let layerTitle = changed
    ? `Written by layer ${file.layer}, changing what layers ${file.earlierLayers.join(', ')} wrote`
    : `Added by layer ${file.layer}`;
  // A first row is one layer's entry, unmerged: whether it adds or changes is not known yet.
  if (first) {
    layerText = `in layer ${file.layer}`;
    layerTitle = `Read from layer ${file.layer}; the merged tree says whether it adds or changes a file`;
  }
  return (
    <div
      className="file-row"
      role="row"
      data-testid="file-row"
      data-path={file.path}
      data-first={first ? 'true' : undefined}
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
      <span role="cell" title={layerTitle}>
        {layerText}
      </span>
    </div>
  );
}

/**
 * 100,000 files scroll like ten: only the rows in view are in the DOM. The same table shows
 * the first rows while the layers stream and then the merged tree, so the filter stays.
 */
function FileTable({
  files,
  first,
  filter,
  onFilter,
}: {
  files: readonly ImageFile[];
  first: boolean;
  filter: string;
  onFilter: (filter: string) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return needle ? files.filter((f) => f.path.toLowerCase().includes(needle)) : files;
  }, [files, filter]);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  return (
    <>
      <input
        type="search"
        className="input"
        placeholder="Filter by path"
        aria-label="Filter files by path"
        data-testid="files-filter"
        value={filter}
        onChange={(event) => onFilter(event.target.value)}
        spellCheck={false}
      />
      <div
        ref={scrollRef}
        className="file-list"
        role="table"
        aria-label={first ? 'First files read, not yet merged' : 'Files'}
        aria-rowcount={rows.length}
        aria-busy={first}
        data-testid="file-list"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const file = rows[item.index];
            // Two layers may both hold a path: while unmerged, the key needs the layer too.
            return file ? (
              <FileRow
                key={`${file.layer}:${file.path}`}
                file={file}
                top={item.start}
                first={first}
              />
            ) : null;
          })}
        </div>
      </div>
    </>
  );
}

function TreeSummary({ tree }: { tree: FileTree }) {
  return (
    <p data-testid="files-summary">
      {tree.files.length.toLocaleString('en')} files, {formatBytes(tree.totalBytes)};{' '}
      {tree.removed.length.toLocaleString('en')} removed by later layers;{' '}
      {formatBytes(tree.wastedBytes)} wasted (carried by lower layers, invisible in the image).
    </p>
  );
}

function RemovedPaths({ tree }: { tree: FileTree }) {
  if (tree.removed.length === 0) return null;
  return (
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
  );
}

/** Where a running listing is: which layer, how many bytes, with Cancel. */
function ListingStatus({
  progress,
  firstRows,
  onCancel,
}: {
  progress: FilesState['progress'];
  firstRows: number;
  onCancel: () => void;
}) {
  const layer = progress ? Math.min(progress.layersDone + 1, progress.layers) : 0;
  let text = 'Starting the listing…';
  if (progress && firstRows > 0) {
    text = `First files, still reading layer ${layer} of ${progress.layers}: ${firstRows.toLocaleString('en')} shown as read, not yet merged (deletions not applied). ${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)} read.`;
  } else if (firstRows > 0) {
    text = `First files, still reading the layers: ${firstRows.toLocaleString('en')} shown as read, not yet merged (deletions not applied).`;
  } else if (progress) {
    text = `Listing layer ${layer} of ${progress.layers}: ${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)} read, ${progress.entries.toLocaleString('en')} entries`;
  }
  return (
    <div role="status" className="muted image-files__status" data-testid="files-listing-status">
      <p>
        {text}{' '}
        <button type="button" className="link-button" onClick={onCancel}>
          Cancel
        </button>
      </p>
      {progress && progress.totalBytes > 0 ? (
        <progress
          className="image-files__progress"
          max={progress.totalBytes}
          value={Math.min(progress.bytes, progress.totalBytes)}
          aria-label="Compressed bytes read"
        />
      ) : null}
    </div>
  );
}

export function ImageFiles() {
  const files = useImageView((s) => s.files);
  const cancel = useImageView((s) => s.cancelFiles);
  const [filter, setFilter] = useState('');
  const listing = files.result.state === 'loading';
  const tree = files.result.state === 'done' ? files.result.value : undefined;
  return (
    <div className="image-files" data-testid="image-files">
      {listing ? (
        <ListingStatus
          progress={files.progress}
          firstRows={files.firstRows.length}
          onCancel={() => void cancel()}
        />
      ) : null}
      {tree ? <TreeSummary tree={tree} /> : null}
      {tree || (listing && files.firstRows.length > 0) ? (
        <FileTable
          files={tree ? tree.files : files.firstRows}
          first={!tree}
          filter={filter}
          onFilter={setFilter}
        />
      ) : null}
      {tree ? <RemovedPaths tree={tree} /> : null}
      {files.result.state === 'failed' ? (
        <LoadableView value={files.result} what="the image's files">
          {() => null}
        </LoadableView>
      ) : null}
    </div>
  );
}
