/** What the log view needs from a terminal: xterm in the app (xterm-screen.ts). */
export interface SearchResults {
  /** 0-based index of the match shown, -1 when none is. */
  index: number;
  count: number;
}

export interface LogScreen {
  /** Writes text with ANSI escapes; `done` once the terminal has parsed it. */
  write(text: string, done: () => void): void;
  clear(): void;
  /**
   * Moves to the next (or previous) match of `query`; false when there is none. Incremental
   * (as the query is typed) keeps the current match while it still matches.
   */
  find(query: string, direction: 'next' | 'previous', incremental?: boolean): boolean;
  clearSearch(): void;
  onSearchResults(listener: (results: SearchResults) => void): () => void;
  dispose(): void;
}
