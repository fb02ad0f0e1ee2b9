import { useEffect, useId, useRef } from 'react';
import type { ReactNode, RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useModal } from './use-modal';
import './confirm-dialog.css';

export interface DialogProps {
  title: string;
  children: ReactNode;
  /** The buttons along the bottom, last one rightmost. */
  actions: ReactNode;
  /** Where focus starts; the dialog itself when not given. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Escape and a click on the backdrop; ignored while `busy`. */
  onClose: () => void;
  busy?: boolean;
  wide?: boolean;
  /** Extra classes on the dialog box, for a feature's own styles. */
  className?: string;
  testId?: string;
}

/**
 * A modal with free content, for what is more than a yes/no question (ConfirmDialog): the
 * same layer, inert page, trapped Tab and returned focus.
 */
export function Dialog(props: DialogProps) {
  const { title, children, actions, initialFocus, onClose, busy = false, wide = false } = props;
  const dialogRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const { container, onKeyDown } = useModal(dialogRef, initialFocus ?? dialogRef);

  // Escape closes even when focus was lost (a button that ran the action has gone away).
  const latest = useRef({ busy, onClose });
  useEffect(() => {
    latest.current = { busy, onClose };
  });
  useEffect(() => {
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      if (!latest.current.busy) latest.current.onClose();
    };
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, []);

  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget && !busy) onClose();
      }}
    >
      <div
        ref={dialogRef}
        className={['dialog', wide ? 'dialog--wide' : '', props.className ?? '']
          .filter(Boolean)
          .join(' ')}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={props.testId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <div className="dialog__body">{children}</div>
        <div className="dialog__actions">{actions}</div>
      </div>
    </div>,
    container,
  );
}
