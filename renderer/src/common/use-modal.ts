import { useEffect, useState } from 'react';
import type { KeyboardEvent, RefObject } from 'react';

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE));
}

/**
 * The modal part of a dialog: its own layer under <body>, everything else marked inert while
 * it is open, focus kept inside, and focus returned to the opener (when it still exists).
 */
export function useModal(
  dialogRef: RefObject<HTMLElement | null>,
  initialFocus: RefObject<HTMLElement | null>,
) {
  const [container] = useState(() => document.createElement('div'));

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.body.append(container);
    const madeInert = Array.from(document.body.children).filter(
      (element) => element !== container && !element.hasAttribute('inert'),
    );
    madeInert.forEach((element) => element.setAttribute('inert', ''));
    initialFocus.current?.focus();

    // Belt and braces where `inert` is not honoured (older engines, jsdom).
    const keepFocusInside = (event: FocusEvent) => {
      const dialog = dialogRef.current;
      if (dialog && event.target instanceof Node && !dialog.contains(event.target)) {
        (focusables(dialog)[0] ?? dialog).focus();
      }
    };
    document.addEventListener('focusin', keepFocusInside);

    return () => {
      document.removeEventListener('focusin', keepFocusInside);
      madeInert.forEach((element) => element.removeAttribute('inert'));
      container.remove();
      if (opener?.isConnected) opener.focus();
    };
  }, [container, dialogRef, initialFocus]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const dialog = dialogRef.current;
    if (event.key !== 'Tab' || !dialog) return;
    const items = focusables(dialog);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return { container, onKeyDown };
}
