/**
 * Issue 15, point 5: the pull, diagnose and run journeys without a mouse. Every input here is
 * page.keyboard (Ctrl+K, typing, Tab, Enter, Escape); the page is only read. Against the
 * harness's real dockerd and token registry (public/* pulls anonymously, team/* needs a login).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { recordConsoleErrors } from './audit';
import { openBerthPage, ROOT, SHOTS } from './berth-page';
import type { BerthPage } from './berth-page';

/** The test id (and some text) of what has the focus. */
const focused = (page: Page) =>
  // A string, not a function: the node tsconfig has no DOM types (as in a11y.test.ts).
  page.evaluate<{ testId: string; text: string }>(
    "({ testId: document.activeElement?.dataset?.testid ?? '', text: document.activeElement?.textContent ?? '' })",
  );

/** Tab until the element with this test id (and text, if given) has the focus. */
async function tabTo(page: Page, testId: string, text?: string, most = 120): Promise<void> {
  for (let i = 0; i < most; i++) {
    const now = await focused(page);
    if (now.testId === testId && (text === undefined || now.text.includes(text))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}${text ? ` (${text})` : ''}`);
}

/** Ctrl+K, the words, Enter: the palette's first offer for them. */
async function palette(page: Page, words: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').waitFor();
  await page.keyboard.type(words);
  await page.keyboard.press('Enter');
  await page.getByTestId('palette').waitFor({ state: 'detached' });
}

describeWithHarness('keyboard only: pull, diagnose and run without a mouse', (h) => {
  let berth: BerthPage;
  let page: Page;
  let project: string;
  let consoleErrors: string[];
  const registry = h.tokenRegistry.host;
  const publicImage = `${registry}/public/tools:1`;
  const privateImage = `${registry}/team/app:1`;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'berth-e2e-keyboard-project-'));
    cpSync(join(ROOT, 'examples', 'prefect-project'), project, { recursive: true });
    berth = await openBerthPage(h, { prefix: 'berth-e2e-keyboard-', height: 900 });
    page = berth.page;
    consoleErrors = recordConsoleErrors(page);
    await page.getByTestId('engine-up').waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await berth?.close();
    rmSync(project, { recursive: true, force: true });
  });

  const card = (reference: string) =>
    page.locator(`[data-testid="pull-card"][data-reference="${reference}"]`);

  it('pulls a public image from the palette', async () => {
    await palette(page, `pull ${publicImage}`);
    expect(await page.title()).toBe('Pulls — Berth');
    await expect
      .poll(() => card(publicImage).getAttribute('data-state'), { timeout: 60_000 })
      .toBe('success');
    expect(await card(publicImage).getByTestId('pull-digest').textContent()).toMatch(
      /sha256:[0-9a-f]{64}/,
    );
  }, 90_000);

  it('pulls a private image, sees why it failed, and opens the stored result from the ledger', async () => {
    await palette(page, `pull ${privateImage}`);
    const failed = card(privateImage);
    await expect.poll(() => failed.getAttribute('data-state'), { timeout: 60_000 }).toBe('failed');
    await expect
      .poll(() => failed.getByTestId('diagnosis').getAttribute('data-cause'), { timeout: 30_000 })
      .toBe('no_credentials');
    // The engine's own words are folded under Details.
    const details = failed.getByTestId('pull-error-details');
    expect(await details.getAttribute('open')).toBeNull();

    // Dismiss the card with the keyboard (the newest card's button comes first), then open it
    // again from its ledger row.
    await tabTo(page, 'pull-dismiss');
    const dismissing = await page.evaluate(
      'document.activeElement?.closest(\'[data-testid="pull-card"]\')?.getAttribute("data-reference")',
    );
    expect(dismissing).toBe(privateImage);
    await page.keyboard.press('Enter');
    await expect.poll(() => card(privateImage).count()).toBe(0);
    // The failed pull's row offers "Why?".
    await tabTo(page, 'ledger-open', 'Why?', 200);
    await page.keyboard.press('Enter');
    const opened = await focused(page);
    expect(opened.testId).toBe('pull-card');
    const reopened = page.locator('[data-testid="pull-card"]:focus');
    expect(await reopened.getAttribute('data-stored')).toBe('true');
    expect(await reopened.getAttribute('data-reference')).toBe(privateImage);
    await expect
      .poll(() => reopened.getByTestId('diagnosis').getAttribute('data-cause'), { timeout: 10_000 })
      .toMatch(/credentials/);
  }, 150_000);

  it('diagnoses the private image in the Doctor from the palette, the new card focused', async () => {
    await palette(page, `doctor ${privateImage}`);
    expect(await page.title()).toBe('Doctor — Berth');
    const result = page.getByTestId('doctor-result').first();
    await expect
      .poll(() => result.getByTestId('diagnosis').getAttribute('data-cause'), { timeout: 30_000 })
      .toBe('no_credentials');
    expect((await focused(page)).testId).toBe('doctor-result');
    // The fix is one Tab away, as a button.
    await tabTo(page, 'diagnosis-copy-report');
  }, 60_000);

  it('opens a project and runs a flow, then runs it again from the palette', async () => {
    await palette(page, 'runs');
    expect(await page.title()).toBe('Runs — Berth');
    await tabTo(page, 'runs-empty-open');
    await page.keyboard.press('Enter');
    await tabTo(page, 'project-path');
    await page.keyboard.type(project);
    await page.keyboard.press('Enter');
    await page.getByTestId('flow-list').waitFor({ timeout: 20_000 });
    await tabTo(page, 'flow-item', 'hello-explicit');
    await page.keyboard.press('Enter');
    await tabTo(page, 'param-name');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('keyboard');
    await tabTo(page, 'run-start');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('run-result').textContent(), { timeout: 90_000 })
      .toBe('Succeeded (exit code 0)');

    // The palette's `run FLOW` runs the flow again: one more run in its history, succeeded.
    const history = page.getByTestId('history-entry');
    await expect.poll(() => history.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const runsBefore = await history.count();
    await palette(page, 'run hello-explicit');
    await expect.poll(() => history.count(), { timeout: 90_000 }).toBe(runsBefore + 1);
    await expect
      .poll(() => page.getByTestId('run-result').textContent(), { timeout: 30_000 })
      .toBe('Succeeded (exit code 0)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: join(SHOTS, 'keyboard-run-narrow-dark.png') });
    expect(consoleErrors).toEqual([]);
  }, 240_000);
});
