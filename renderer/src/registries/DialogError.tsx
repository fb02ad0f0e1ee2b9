import type { ErrorShape } from '../../../src/shared/errors';
import { HintText } from '../common/HintText';

/** A dialog's error that belongs to no field: the message, and the hint under it. */
export function DialogError({ error, testId }: { error: ErrorShape; testId: string }) {
  return (
    <div className="dialog__error" role="alert" data-testid={testId}>
      <p className="dialog__error-message">{error.message}</p>
      {error.hint ? (
        <p className="dialog__error-hint">
          <HintText text={error.hint} />
        </p>
      ) : null}
    </div>
  );
}
