/**
 * The 240 fixed colours of the xterm-256 palette (16–255) as CSS, in a constructed stylesheet.
 * xterm's DOM renderer puts its colours in a `<style>` element it creates, which Berth's CSP
 * (`style-src 'self'`, no 'unsafe-inline') refuses; a constructed stylesheet is CSSOM, which
 * the CSP does not govern. Colours 0–15 and the rest of xterm's rules follow the theme in
 * terminal.css.
 */

/** The 6×6×6 colour cube's steps and the 24 greys, as xterm and every 256-colour terminal. */
const CUBE_STEPS = [0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff];

const hex = (r: number, g: number, b: number) =>
  `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export function extendedPalette(): string[] {
  const colours: string[] = [];
  for (let i = 0; i < 216; i++) {
    const r = CUBE_STEPS[Math.floor(i / 36) % 6] ?? 0;
    const g = CUBE_STEPS[Math.floor(i / 6) % 6] ?? 0;
    const b = CUBE_STEPS[i % 6] ?? 0;
    colours.push(hex(r, g, b));
  }
  for (let i = 0; i < 24; i++) {
    const level = 8 + i * 10;
    colours.push(hex(level, level, level));
  }
  return colours;
}

export function extendedPaletteCss(scope: string): string {
  return extendedPalette()
    .map((colour, i) => {
      const n = i + 16;
      return `${scope} .xterm-fg-${n}{color:${colour}}${scope} .xterm-bg-${n}{background-color:${colour}}`;
    })
    .join('\n');
}

const installed = new WeakSet<Document>();

/** Adds the palette to the document once; a no-op where constructed stylesheets are missing. */
export function installExtendedPalette(document: Document, scope: string): void {
  if (installed.has(document) || typeof CSSStyleSheet === 'undefined') return;
  const sheet = new CSSStyleSheet();
  if (typeof sheet.replaceSync !== 'function') return;
  sheet.replaceSync(extendedPaletteCss(scope));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  installed.add(document);
}
