/**
 * The log view's terminal: xterm with its search and fit addons, read-only, sized to its box,
 * coloured from the theme's variables (terminal.css), light or dark as the OS says.
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import type { ISearchOptions } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import type { ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { defineAdoptedStyle } from './adopted-style';
import type { LogScreen, SearchResults } from './log-screen';
import { installExtendedPalette } from './xterm-palette';

/** Lines kept above the screen; older ones scroll out for good (the log file keeps them). */
export const SCROLLBACK_LINES = 10_000;

const ANSI_NAMES = [
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'brightBlack',
  'brightRed',
  'brightGreen',
  'brightYellow',
  'brightBlue',
  'brightMagenta',
  'brightCyan',
  'brightWhite',
] as const;

function themeFrom(element: Element): { theme: ITheme; match: string; activeMatch: string } {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const theme: ITheme = {
    background: read('--term-bg', '#ffffff'),
    foreground: read('--term-fg', '#1c1c21'),
    selectionBackground: read('--term-selection', '#c8d2ff'),
  };
  ANSI_NAMES.forEach((name, i) => {
    theme[name] = read(`--ansi-${i}`, '#888888');
  });
  // Search decorations take #RRGGBB only.
  return {
    theme,
    match: read('--term-match', '#ffe08a'),
    activeMatch: read('--term-match-active', '#ffb020'),
  };
}

export function openXtermScreen(element: HTMLElement): LogScreen {
  defineAdoptedStyle();
  installExtendedPalette(element.ownerDocument, '.log-terminal');
  const colours = themeFrom(element);
  const terminal = new Terminal({
    convertEol: true,
    disableStdin: true,
    cursorStyle: 'bar',
    cursorInactiveStyle: 'none',
    scrollback: SCROLLBACK_LINES,
    fontFamily: getComputedStyle(element).getPropertyValue('--font-mono').trim() || 'monospace',
    fontSize: 12,
    theme: colours.theme,
    // The search addon's match highlights are decorations, still a proposed API.
    allowProposedApi: true,
  });
  const fit = new FitAddon();
  const search = new SearchAddon({ highlightLimit: 2000 });
  terminal.loadAddon(fit);
  terminal.loadAddon(search);
  terminal.open(element);

  let frame = 0;
  const refit = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      // An element out of the layout (display: none) proposes no size.
      if (fit.proposeDimensions()) fit.fit();
    });
  };
  refit();
  const resizes = new ResizeObserver(refit);
  resizes.observe(element);

  let searchOptions: ISearchOptions = {};
  const applyTheme = () => {
    const next = themeFrom(element);
    terminal.options.theme = next.theme;
    searchOptions = {
      decorations: {
        matchBackground: next.match,
        matchOverviewRuler: next.match,
        activeMatchBackground: next.activeMatch,
        activeMatchColorOverviewRuler: next.activeMatch,
      },
    };
  };
  applyTheme();
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', applyTheme);

  return {
    write: (text, done) => terminal.write(text, done),
    clear: () => {
      search.clearDecorations();
      terminal.reset();
    },
    find: (query, direction, incremental = false) =>
      direction === 'next'
        ? search.findNext(query, { ...searchOptions, incremental })
        : search.findPrevious(query, searchOptions),
    clearSearch: () => search.clearDecorations(),
    onSearchResults(listener: (results: SearchResults) => void) {
      const subscription = search.onDidChangeResults(({ resultIndex, resultCount }) =>
        listener({ index: resultIndex, count: resultCount }),
      );
      return () => subscription.dispose();
    },
    dispose() {
      cancelAnimationFrame(frame);
      resizes.disconnect();
      scheme.removeEventListener('change', applyTheme);
      terminal.dispose();
    },
  };
}
