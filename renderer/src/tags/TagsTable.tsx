import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import type { TagDetails } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import { usePulls } from '../state';
import type { LocalComparison } from './local-images';
import { TAG_ROW_HEIGHT, TagRow } from './TagRow';

export interface TagsTableProps {
  rows: readonly string[];
  familiar: string;
  details: ReadonlyMap<string, TagDetails>;
  errors: ReadonlyMap<string, ErrorShape>;
  compare: (tag: string, digest: string | undefined) => LocalComparison;
  selected: string | undefined;
  onOpen: (tag: string) => void;
  /** Called with the tags on screen whenever they change, to fetch their details. */
  onVisible: (tags: string[]) => void;
}

/** More than the rows a screen holds with overscan, so slots on screen never collide. */
const ROW_SLOTS = 128;

/** Virtualised: only the rows in view (and a few around them) are in the DOM. */
export function TagsTable({
  rows,
  familiar,
  details,
  errors,
  compare,
  selected,
  onOpen,
  onVisible,
}: TagsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const pull = usePulls((s) => s.pull);
  const onRefresh = useCallback((tag: string) => void pull(`${familiar}:${tag}`), [pull, familiar]);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TAG_ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Visible rows only (not the overscan), in order: those are worth a request. Asked for on
  // the next frame, so a keystroke's filtered list paints before the details queue updates
  // (React runs this effect synchronously after a discrete event like a key press).
  const visible = useRef<string[]>([]);
  useEffect(() => {
    const range = virtualizer.range;
    const start = range?.startIndex ?? first;
    const end = range?.endIndex ?? last;
    visible.current = rows.slice(start, end + 1);
    requestAnimationFrame(() => onVisible(visible.current));
  }, [rows, first, last, virtualizer, onVisible]);

  return (
    <div
      className="tags-table"
      role="table"
      aria-label="Tags"
      aria-rowcount={rows.length}
      data-testid="tags-table"
    >
      <div ref={scrollRef} className="tags-table__body">
        <div className="tags-table__sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const tag = rows[item.index] ?? '';
            const d = details.get(tag);
            // Keyed by slot, not by tag: a keystroke that swaps every visible tag updates the
            // rows in place instead of unmounting and mounting them all (the filter's budget is
            // 50 ms from keystroke to paint, on a loaded machine too). A row that stays on screen
            // while scrolling keeps its slot, so the memoised row is not drawn again.
            return (
              <TagRow
                key={item.index % Math.max(ROW_SLOTS, items.length)}
                tag={tag}
                index={item.index}
                familiar={familiar}
                details={d}
                error={errors.get(tag)}
                local={compare(tag, d?.digest)}
                selected={tag === selected}
                onOpen={onOpen}
                onRefresh={onRefresh}
                top={item.start}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
