import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { SearchIcon } from '../common/icons';
import { createLogBatcher } from './log-batcher';
import type { LogScreen, SearchResults } from './log-screen';
import type { RunLogs } from '../state/run-logs';
import './terminal.css';

export interface LogTerminalProps {
  logs: RunLogs;
  runId: string;
  /** For the accessible name: "Log of hello-explicit". */
  label: string;
}

const STEPS = [
  { direction: 'previous', label: 'Previous' },
  { direction: 'next', label: 'Next' },
] as const;

// A timer rather than an animation frame: a hidden window still drains the log.
const scheduleFlush = (flush: () => void) => void setTimeout(flush, 16);

/**
 * A run's log in a terminal, with ANSI colours and a search box. What the terminal shows comes
 * from RunLogs (the kept tail, then each new chunk), batched so a chatty run cannot stall the page.
 */
export function LogTerminal({ logs, runId, label }: LogTerminalProps) {
  const host = useRef<HTMLDivElement>(null);
  const screen = useRef<LogScreen | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResults | 'none' | undefined>(undefined);
  const [broken, setBroken] = useState<string | undefined>(undefined);
  const searchId = useId();

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    // xterm loads with the first log shown, not with the app: it is the biggest module here.
    void import('./xterm-screen')
      .then(({ openXtermScreen }) => {
        if (cancelled) return;
        const opened = openXtermScreen(element);
        screen.current = opened;
        const batcher = createLogBatcher({ write: opened.write, schedule: scheduleFlush });
        batcher.push(logs.text(runId));
        const stopLogs = logs.subscribe(runId, (event) => {
          if (event.kind === 'reset') {
            batcher.clear();
            opened.clear();
          }
          batcher.push(event.text);
        });
        const stopResults = opened.onSearchResults((r) => setResults(r.count === 0 ? 'none' : r));
        stop = () => {
          stopLogs();
          stopResults();
          batcher.dispose();
          opened.dispose();
        };
      })
      .catch((error: unknown) => {
        // Without a terminal the log is still in the file: say so rather than show a blank box.
        if (!cancelled) setBroken(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
      stop?.();
      screen.current = null;
      setResults(undefined);
    };
  }, [logs, runId]);

  const find = (text: string, direction: 'next' | 'previous', incremental = false) => {
    const current = screen.current;
    if (!current) return;
    if (text === '') {
      current.clearSearch();
      setResults(undefined);
      return;
    }
    if (!current.find(text, direction, incremental)) setResults('none');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    find(query, event.shiftKey ? 'previous' : 'next');
  };

  return (
    <section className="log-view" aria-label={label}>
      <div className="log-view__search" role="search">
        <label htmlFor={searchId} className="log-view__search-icon">
          <SearchIcon />
          <span className="visually-hidden">Search the log</span>
        </label>
        <input
          id={searchId}
          className="input log-view__search-input"
          data-testid="log-search"
          type="search"
          placeholder="Search the log (Enter: next, Shift+Enter: previous)"
          value={query}
          spellCheck={false}
          onChange={(event) => {
            setQuery(event.target.value);
            find(event.target.value, 'next', true);
          }}
          onKeyDown={onKeyDown}
        />
        {STEPS.map(({ direction, label }) => (
          <button
            key={direction}
            type="button"
            className="button"
            data-testid={`log-search-${direction}`}
            disabled={query === ''}
            onClick={() => find(query, direction)}
          >
            {label}
          </button>
        ))}
        <span className="log-view__matches muted num" role="status" data-testid="log-search-status">
          {results === 'none'
            ? 'No match'
            : results && results.index >= 0
              ? `${results.index + 1} of ${results.count}`
              : results
                ? `${results.count} matches`
                : ''}
        </span>
      </div>
      {broken ? (
        <p className="field-error log-view__broken" role="alert" data-testid="log-terminal-error">
          The log view could not start ({broken}). The run&apos;s log is kept in its file:{' '}
          <code>berth runs log {runId}</code> prints it.
        </p>
      ) : null}
      <div ref={host} className="log-terminal" data-testid="log-terminal" />
    </section>
  );
}
