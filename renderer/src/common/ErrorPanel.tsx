import type { ErrorShape } from '../../../src/shared/errors';
import { hintFor } from '../../../src/shared/error-catalogue';
import { ErrorDetails } from './ErrorDetails';
import { HintText } from './HintText';
import { Spinner } from './Spinner';

export interface ErrorPanelProps {
  /** What happened, in words: "Could not list the images". */
  title: string;
  error: ErrorShape;
  onRetry?: () => void;
  retrying?: boolean;
}

/** What happened, what to do (the error's own hint, else the error catalogue's), a Retry button, and the raw details folded away (design/ui.md). */
export function ErrorPanel({ title, error, onRetry, retrying = false }: ErrorPanelProps) {
  return (
    <section className="state-panel state-panel--error" role="alert">
      <h2 className="state-panel__title">{title}</h2>
      <p className="state-panel__message">{error.message}</p>
      <div className="what-to-do">
        <h3>What to do</h3>
        <p>
          <HintText text={hintFor(error)} />
        </p>
      </div>
      {onRetry ? (
        <div className="actions">
          <button
            type="button"
            className="button button--primary"
            onClick={onRetry}
            disabled={retrying}
          >
            {retrying ? <Spinner /> : null}
            {retrying ? 'Retrying…' : 'Retry'}
          </button>
        </div>
      ) : null}
      <ErrorDetails error={error} />
    </section>
  );
}
