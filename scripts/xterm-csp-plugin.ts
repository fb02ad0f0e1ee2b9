/**
 * Makes xterm 6's DOM renderer work under Berth's CSP (`style-src 'self'`, no 'unsafe-inline')
 * without loosening it. xterm writes its CSS in two ways the CSP refuses
 * (xtermjs/xterm.js issue #4445; @xterm/xterm 6.0.0, src/browser/renderer/dom/DomRenderer.ts
 * `_injectCss`/`_updateDimensions`, src/browser/Viewport.ts, and DomRendererRowFactory.ts
 * `_addStyle`):
 *
 * - `<style>` elements whose text is the theme, the cell size and the scrollbar: each becomes a
 *   `<berth-adopted-style>` element, whose text goes into a constructed stylesheet adopted by
 *   the document (renderer/src/runs/adopted-style.ts). CSSOM is not governed by style-src.
 * - a `style` attribute for every cell with a 24-bit or contrast-adjusted colour: it becomes
 *   `element.style.cssText`, CSSOM again, so the colour shows and nothing is refused.
 *
 * The rewrite is checked: if an xterm upgrade moves the code, the build fails instead of
 * shipping a terminal that the CSP silently breaks.
 */
import type { Plugin } from 'vite';

const XTERM_MODULE = /[\\/]@xterm[\\/]xterm[\\/]lib[\\/]xterm\.m?js$/;
const STYLE_ELEMENT = /createElement\("style"\)/g;
const ADD_STYLE =
  /_addStyle\((\w+),(\w+)\)\{\1\.setAttribute\("style",`\$\{\1\.getAttribute\("style"\)\|\|""\}\$\{\2\};`\)\}/;
/** xterm 6.0.0 creates three style elements: theme, dimensions and the scrollbar. */
const EXPECTED_STYLE_ELEMENTS = 3;

export function rewriteXtermForCsp(code: string): string {
  const styleElements = code.match(STYLE_ELEMENT)?.length ?? 0;
  if (styleElements !== EXPECTED_STYLE_ELEMENTS || !ADD_STYLE.test(code)) {
    throw new Error(
      `xterm-csp: expected ${EXPECTED_STYLE_ELEMENTS} createElement("style") and one _addStyle in @xterm/xterm, ` +
        `found ${styleElements} and ${ADD_STYLE.test(code) ? 'one' : 'none'}; review scripts/xterm-csp-plugin.ts for this xterm version.`,
    );
  }
  return code
    .replace(STYLE_ELEMENT, 'createElement("berth-adopted-style")')
    .replace(ADD_STYLE, '_addStyle($1,$2){$1.style.cssText+=$2+";"}');
}

export function xtermCspPlugin(): Plugin {
  return {
    name: 'berth-xterm-csp',
    enforce: 'pre',
    transform(code, id) {
      if (!XTERM_MODULE.test(id.split('?')[0] ?? id)) return null;
      return { code: rewriteXtermForCsp(code), map: null };
    },
  };
}
