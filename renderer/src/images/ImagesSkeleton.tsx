import { COLUMN_CLASS } from './columns';
import './images-table.css';

/** Grey rows in the table's shape while the first list is on its way. */
export function ImagesSkeleton() {
  return (
    <div className="images-table images-table--skeleton" aria-busy="true">
      <span className="visually-hidden">Loading images…</span>
      {Array.from({ length: 8 }, (_, row) => (
        <div key={row} className="images-row">
          {COLUMN_CLASS.map((column) => (
            <div key={column} className={`images-cell ${column}`}>
              <span className="skeleton skeleton--text" />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
