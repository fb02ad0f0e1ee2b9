import type { SortKey } from '../state';

export interface Column {
  key: SortKey;
  label: string;
  className: string;
}

/** The table's columns, left to right; the grid template lives in images.css. */
export const COLUMNS: readonly Column[] = [
  { key: 'tag', label: 'Repository:Tag', className: 'col-tag' },
  { key: 'id', label: 'Image ID', className: 'col-id' },
  { key: 'digest', label: 'Repo digest', className: 'col-digest' },
  { key: 'size', label: 'Size', className: 'col-size' },
  { key: 'created', label: 'Created', className: 'col-created' },
];

export const COLUMN_CLASS = COLUMNS.map((column) => column.className);
