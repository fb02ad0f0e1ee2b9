import type { SortOrder, SortKey } from '../state';
import type { Column } from './columns';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/**
 * A column header that sorts. aria-sort sits on the header cell, where ARIA wants it; the
 * button inside makes it reachable by keyboard, and its click bubbles to the cell.
 */
export function SortHeader({
  column,
  sort,
  onSort,
}: {
  column: Column;
  sort: SortOrder;
  onSort: (key: SortKey) => void;
}) {
  const active = sort.key === column.key;
  return (
    <div
      className={`images-cell images-cell--head ${column.className}`}
      role="columnheader"
      aria-sort={active ? ARIA_SORT[sort.direction] : 'none'}
      data-testid={`sort-${column.key}`}
      onClick={() => onSort(column.key)}
    >
      <button type="button" className="sort-button" data-active={active}>
        <span>{column.label}</span>
        <span className="sort-button__arrow" aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </div>
  );
}
