import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { ImageSummary } from '../../../src/shared/contract';
import { useImages } from '../state';
import { COLUMNS } from './columns';
import { ImageRow, ROW_HEIGHT } from './ImageRow';
import { SortHeader } from './SortHeader';
import './images-table.css';

export interface ImagesTableProps {
  rows: readonly ImageSummary[];
  selectedId: string | undefined;
  onOpen: (id: string) => void;
}

/**
 * The images as a virtualised table: only the rows in view (plus a few) are in the DOM, so a
 * host with thousands of images scrolls as smoothly as one with ten.
 */
export function ImagesTable({ rows, selectedId, onOpen }: ImagesTableProps) {
  const sort = useImages((s) => s.sort);
  const toggleSort = useImages((s) => s.toggleSort);
  const updates = useImages((s) => s.updates);
  const scrollRef = useRef<HTMLDivElement>(null);

  // TanStack Virtual keeps its own mutable state; this component never memoises around it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  // Up and Down move between rows, scrolling rows in from outside the rendered window.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const next = Number(row.dataset.index) + (event.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= rows.length) return;
    event.preventDefault();
    const rowButton = () =>
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"] .row-open`);
    virtualizer.scrollToIndex(next);
    // Usually the next row is already rendered (overscan); otherwise wait for it to be.
    const ready = rowButton();
    if (ready) ready.focus();
    else requestAnimationFrame(() => rowButton()?.focus());
  };

  return (
    <div
      className="images-table"
      role="table"
      aria-label="Images"
      aria-rowcount={rows.length + 1}
      data-testid="images-table"
    >
      <div className="images-table__head" role="rowgroup">
        <div className="images-row images-row--head" role="row" aria-rowindex={1}>
          {COLUMNS.map((column) => (
            <SortHeader key={column.key} column={column} sort={sort} onSort={toggleSort} />
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="images-table__body" role="rowgroup" onKeyDown={onKeyDown}>
        <div className="images-table__sizer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const image = rows[item.index];
            if (!image) return null;
            return (
              <ImageRow
                key={item.key}
                image={image}
                index={item.index}
                top={item.start}
                selected={image.id === selectedId}
                onOpen={onOpen}
                update={image.repoTags[0] ? updates[image.repoTags[0]] : undefined}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
