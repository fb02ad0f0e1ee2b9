import { useEffect, useState } from 'react';
import type { MouseEvent } from 'react';
import { copyText } from './copy-text';
import { CopyIcon } from './icons';
import './copy-button.css';

export interface CopyButtonProps {
  /** The full text that lands on the clipboard. */
  text: string;
  /** What is copied, for the accessible name: "Copy image ID". */
  label: string;
}

type CopyState = 'idle' | 'copied' | 'failed';

export function CopyButton({ text, label }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);

  const onClick = async (event: MouseEvent) => {
    // Copy buttons sit inside clickable rows: copying must not also open the row.
    event.stopPropagation();
    setState((await copyText(text)) ? 'copied' : 'failed');
  };

  return (
    <button
      type="button"
      className="copy-button"
      data-state={state}
      aria-label={`Copy ${label}`}
      title={`Copy ${label}`}
      onClick={(event) => void onClick(event)}
    >
      <CopyIcon />
      <span className="copy-button__feedback" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : ''}
      </span>
    </button>
  );
}
