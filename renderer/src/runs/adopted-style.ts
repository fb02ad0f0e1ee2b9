/**
 * `<berth-adopted-style>`: a stand-in for the `<style>` elements xterm creates, which Berth's
 * CSP refuses. Its text becomes a constructed stylesheet adopted by the document while the
 * element is connected; constructed stylesheets are CSSOM, which style-src does not govern.
 * The build swaps xterm's createElement("style") for this element (scripts/xterm-csp-plugin.ts).
 */
export const ADOPTED_STYLE_TAG = 'berth-adopted-style';

class AdoptedStyleElement extends HTMLElement {
  readonly sheet = new CSSStyleSheet();
  text = '';

  connectedCallback(): void {
    const document = this.ownerDocument;
    if (!document.adoptedStyleSheets.includes(this.sheet)) {
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
    }
  }

  disconnectedCallback(): void {
    const document = this.ownerDocument;
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }
}

// xterm writes the CSS with `element.textContent = css`; the text goes to the sheet instead of
// becoming a child text node (which a <style> would parse, and the CSP would refuse).
Object.defineProperty(AdoptedStyleElement.prototype, 'textContent', {
  get(this: AdoptedStyleElement) {
    return this.text;
  },
  set(this: AdoptedStyleElement, value: string | null) {
    this.text = value ?? '';
    this.sheet.replaceSync(this.text);
  },
});

/** Defines the element once per window; safe to call before every terminal. */
export function defineAdoptedStyle(): void {
  if (typeof customElements === 'undefined' || customElements.get(ADOPTED_STYLE_TAG)) return;
  customElements.define(ADOPTED_STYLE_TAG, AdoptedStyleElement);
}
