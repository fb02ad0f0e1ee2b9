import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { ErrorShape } from '../../../src/shared/errors';
import { HintText } from './HintText';
import { Spinner } from './Spinner';
import { useModal } from './use-modal';
import './confirm-dialog.css';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the confirm button while the action runs: "Removing…". */
  busyLabel?: string;
  danger?: boolean;
  busy?: boolean;
  /** The action failed: what happened and what to do, inside the dialog. */
  error?: ErrorShape | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A real modal: the page behind is inert, Tab stays inside, Escape cancels, and focus goes
 * back where it was. Focus starts on Cancel, so a stray Enter never destroys anything.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, busyLabel, danger = false, busy = false, error } = props;
  const { onConfirm, onCancel } = props;
  const dialogRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const { container, onKeyDown: trapTab } = useModal(dialogRef, cancelRef);

  // After a failure, move focus to the words that say why (and away from a disabled button).
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      onCancel();
      return;
    }
    trapTab(event);
  };

  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onCancel();
      }}
    >
      <div
        ref={dialogRef}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="confirm-dialog"
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <div id={bodyId} className="dialog__body">
          {children}
        </div>
        {error ? (
          <div
            ref={errorRef}
            className="dialog__error"
            role="alert"
            tabIndex={-1}
            data-testid="dialog-error"
          >
            <p className="dialog__error-message">{error.message}</p>
            {error.hint ? (
              <p className="dialog__error-hint">
                <strong>What to do: </strong>
                <HintText text={error.hint} />
              </p>
            ) : null}
          </div>
        ) : null}
        <div className="dialog__actions">
          <button
            ref={cancelRef}
            type="button"
            className="button"
            onClick={onCancel}
            disabled={busy}
            data-testid="confirm-cancel"
          >
            Cancel
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button--danger' : 'button--primary'}`}
            onClick={onConfirm}
            disabled={busy}
            data-testid="confirm-ok"
          >
            {busy ? <Spinner /> : null}
            {busy && busyLabel ? busyLabel : confirmLabel}
          </button>
        </div>
      </div>
    </div>,
    container,
  );
}
