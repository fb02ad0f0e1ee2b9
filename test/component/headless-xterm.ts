/**
 * jsdom cannot lay xterm out (no canvas, no matchMedia), so component tests swap the run log's
 * terminal for xterm without a window: the same parser and buffer, read back as the lines a
 * user would see. Each test file mocks renderer/src/runs/xterm-screen with this module's
 * factory (vi.mock must stay in the file; its factory may import this).
 */
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import type { LogScreen } from '../../renderer/src/runs/log-screen';

export interface HeadlessScreen extends LogScreen {
  lines(): string[];
  searches: string[];
}

/**
 * The hooks every file that mocks the terminal needs: settle the mocked module once (a dynamic
 * import racing an unsettled async mock factory can get the real module, which needs a window
 * xterm cannot have in jsdom), give xterm no canvas (jsdom's only says "not implemented"), and
 * forget the screens after each test.
 */
export function withHeadlessTerminal(screens: HeadlessScreen[]): void {
  beforeAll(async () => {
    await import('../../renderer/src/runs/xterm-screen');
  });
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    screens.length = 0;
  });
}

/** The mocked xterm-screen module: opened screens go to `screens`; `breakTerminal` fails the next. */
export async function headlessXtermModule(
  screens: HeadlessScreen[],
  breakTerminal: { next: boolean },
) {
  const { Terminal } = await import('@xterm/xterm');
  return {
    openXtermScreen(): HeadlessScreen {
      if (breakTerminal.next) {
        breakTerminal.next = false;
        throw new TypeError('this._parentWindow.matchMedia is not a function');
      }
      const terminal = new Terminal({ convertEol: true, cols: 120, rows: 30, scrollback: 10_000 });
      const lines = () => {
        const buffer = terminal.buffer.active;
        const out: string[] = [];
        for (let i = 0; i < buffer.length; i++) {
          out.push(buffer.getLine(i)?.translateToString(true) ?? '');
        }
        while (out.length > 0 && out[out.length - 1] === '') out.pop();
        return out;
      };
      const screen: HeadlessScreen = {
        searches: [],
        lines,
        write: (text, done) => terminal.write(text, done),
        clear: () => terminal.reset(),
        find(query, direction) {
          screen.searches.push(`${direction} ${query}`);
          return lines().some((line) => line.includes(query));
        },
        clearSearch: () => undefined,
        onSearchResults: () => () => undefined,
        dispose: () => terminal.dispose(),
      };
      screens.push(screen);
      return screen;
    },
  };
}
