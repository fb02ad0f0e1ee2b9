/**
 * Checks a page the way the issue 15 review did: axe-core (serious and critical only), horizontal
 * overflow, and console errors (CSP refusals included). axe is injected through the test driver:
 * the page's CSP (`script-src 'self'`) refuses script tags, but a DevTools evaluation is not
 * subject to it, so the page's own policy stays exactly as shipped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

/** axe's WCAG 2.1 A/AA rules plus its best practices; only serious and critical findings. */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  // A dialog fading in or a colour-scheme transition is measured half blended: let every
  // finite animation end first (a spinner's infinite one never would).
  await page.evaluate(
    `Promise.race([
      Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined))),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ])`,
  );
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(
    `axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map(
        (n) =>
          `${JSON.stringify(n.target)} ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('')}`,
      ),
    }));
}

/**
 * What sticks out sideways: the document itself, or the main area, scrolling horizontally.
 * Tables that scroll inside their own box are allowed; the screen around them is not.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const found = [];
    const doc = document.scrollingElement;
    if (doc && doc.scrollWidth > doc.clientWidth + 1) found.push('document ' + doc.scrollWidth + ' > ' + doc.clientWidth);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1) found.push('main ' + main.scrollWidth + ' > ' + main.clientWidth);
    return found;
  })()`)) as string[];
}

/** Collects console errors and page errors from now on; CSP refusals arrive as console errors. */
export function recordConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}
