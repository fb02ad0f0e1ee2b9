import type { ErrorShape } from '../../../src/shared/errors';
import { CopyButton } from './CopyButton';

/** The raw error, folded away: for a bug report or a search, not for reading first. */
export function ErrorDetails({ error }: { error: ErrorShape }) {
  const text = JSON.stringify(error, null, 2);
  return (
    <details className="error-details">
      <summary>Details</summary>
      <div className="error-details__body">
        <dl className="facts">
          <dt>Code</dt>
          <dd>
            <code>{error.code}</code>
          </dd>
          <dt>Message</dt>
          <dd>{error.message}</dd>
        </dl>
        {error.details ? (
          <pre className="error-details__raw">{JSON.stringify(error.details, null, 2)}</pre>
        ) : null}
        <CopyButton text={text} label="error details" />
      </div>
    </details>
  );
}
