import { useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useModal } from '../common/use-modal';
import { usePerformAction } from '../common/perform-action';
import { useDoctor, usePulls, useRuns, useUi } from '../state';
import type { Screen } from '../state';
import { paletteItems } from './palette-actions';
import type { PaletteAction } from './palette-actions';
import './palette.css';

export interface CommandPaletteProps {
  /** The screens this build has, so the palette never offers one that is not there. */
  screens: readonly Screen[];
  onClose(): void;
}

/** Distinct non-empty references, in the order given (most recent first). */
function recentReferences(references: readonly string[]): string[] {
  return [...new Set(references.filter((r) => r !== ''))];
}

/** The images the palette offers first: this session's pulls, recent checks, then the ledger. */
function useRecentReferences(): string[] {
  const sessionPulls = usePulls((s) => s.pulls);
  const ledger = usePulls((s) => s.ledger);
  const checked = useDoctor((s) => s.recent);
  return recentReferences([
    ...sessionPulls.map((p) => p.reference),
    ...checked,
    ...(ledger ?? []).map((e) => e.reference),
  ]);
}

/** Carries out a chosen action, after closing the palette. */
function usePaletteRun(screens: readonly Screen[], onClose: () => void) {
  const go = useUi((s) => s.go);
  const perform = usePerformAction();
  const selectFlow = useRuns((s) => s.selectFlow);
  const startRun = useRuns((s) => s.start);
  const isScreen = (value: string): value is Screen =>
    (screens as readonly string[]).includes(value);
  return (action: PaletteAction) => {
    onClose();
    switch (action.kind) {
      case 'run':
        go('runs');
        selectFlow(action.flowId);
        void startRun();
        break;
      case 'go':
        if (isScreen(action.screen)) go(action.screen);
        break;
      default:
        perform(action);
    }
  };
}

/** Ctrl/Cmd+K: type a reference to pull, browse or diagnose it, or a word to go somewhere. */
export function CommandPalette({ screens, onClose }: CommandPaletteProps) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const boxRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const { container, onKeyDown: trapTab } = useModal(boxRef, inputRef);
  const flows = useRuns((s) => s.discovery?.flows);
  const recent = useRecentReferences();
  const run = usePaletteRun(screens, onClose);

  const items = paletteItems(text, screens.includes('runs' as Screen), { flows, recent });
  const current = Math.min(active, Math.max(0, items.length - 1));

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      if (items.length) setActive((current + step + items.length) % items.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const item = items[current];
      if (item) run(item.action);
    } else {
      trapTab(event);
    }
  };

  return createPortal(
    <div
      className="dialog-backdrop palette-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div
        ref={boxRef}
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="palette"
        onKeyDown={onKeyDown}
      >
        <input
          ref={inputRef}
          className="palette__input"
          data-testid="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={items[current] ? `${listId}-${items[current].id}` : undefined}
          placeholder="An image (ghcr.io/org/app:1), or pull X, tags X, doctor X, run FLOW, or a screen"
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
        />
        <PaletteList
          listId={listId}
          items={items}
          current={current}
          onHover={setActive}
          onChoose={run}
        />
      </div>
    </div>,
    container,
  );
}

interface PaletteListProps {
  listId: string;
  items: ReturnType<typeof paletteItems>;
  current: number;
  onHover(index: number): void;
  onChoose(action: PaletteAction): void;
}

/** The matching actions, the current one selected; a mouse press chooses without blurring. */
function PaletteList({ listId, items, current, onHover, onChoose }: PaletteListProps) {
  return (
    <ul id={listId} className="palette__list" role="listbox" aria-label="Actions">
      {items.map((item, index) => (
        <li
          key={item.id}
          id={`${listId}-${item.id}`}
          role="option"
          aria-selected={index === current}
          className="palette__item"
          data-testid={`palette-item-${item.id}`}
          onMouseEnter={() => onHover(index)}
          onMouseDown={(event) => {
            event.preventDefault();
            onChoose(item.action);
          }}
        >
          <span className="palette__title">{item.title}</span>
          <span className="palette__detail">{item.detail}</span>
        </li>
      ))}
      {items.length === 0 ? (
        <li className="palette__empty">
          Nothing matches: type an image reference, a verb and its argument (pull X, run FLOW) or a
          screen’s name.
        </li>
      ) : null}
    </ul>
  );
}
