import { Fragment } from 'react';
import './reference-text.css';

/**
 * An image reference that wraps only between its parts (after `/`, `:` and `@`), never in the
 * middle of a name (issue 15); a digest's hex, which no one reads whole, may break anywhere.
 */
export function ReferenceText({ reference }: { reference: string }) {
  const at = reference.indexOf('@');
  const name = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? '' : reference.slice(at);
  const parts = name.split(/(?<=[/:])/);
  return (
    <span className="reference-text">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          <span className="reference-text__part">{part}</span>
        </Fragment>
      ))}
      {digest ? (
        <>
          <wbr />
          <span className="reference-text__digest">{digest}</span>
        </>
      ) : null}
    </span>
  );
}
