export interface KeyValueListProps {
  entries: readonly (readonly [string, string])[];
  /** "=" for environment variables, so a row reads the way it is written. */
  separator?: string;
  empty: string;
}

export function KeyValueList({ entries, separator, empty }: KeyValueListProps) {
  if (entries.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="kv-list">
      {entries.map(([key, value], index) => (
        <div key={`${key}-${index}`} className="kv-list__row">
          <dt>
            {key}
            {separator ? <span className="kv-list__sep">{separator}</span> : null}
          </dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
