/**
 * Issue 15, point 5: every screen, filled with real results (a stored credential checked
 * against the real registry, a two-platform tag's details, a failed and a good pull, a
 * diagnosis, a finished flow run with its coloured log), in light and dark, at 1400x900 and
 * 1024x700: no serious or critical axe-core finding, no horizontal overflow, no console error
 * (CSP refusals included), a skip link, and below 1100 px a rail of icons with detail panels
 * that overlay the table instead of squeezing it.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { horizontalOverflow, recordConsoleErrors, seriousAxeFindings } from './audit';
import type { AxeFinding } from './audit';
import { openBerthPage, ROOT, SHOTS } from './berth-page';
import type { BerthPage } from './berth-page';

const SCREENS = ['engine', 'images', 'tags', 'registries', 'pulls', 'runs', 'doctor'] as const;
const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

describeWithHarness('every screen is accessible and fits, light and dark, wide and narrow', (h) => {
  let berth: BerthPage;
  let page: Page;
  let project: string;
  let consoleErrors: string[];
  const registry = h.basicRegistry.host;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'berth-e2e-a11y-project-'));
    cpSync(join(ROOT, 'examples', 'prefect-project'), project, { recursive: true });
    berth = await openBerthPage(h, { prefix: 'berth-e2e-a11y-', height: 900 });
    page = berth.page;
    consoleErrors = recordConsoleErrors(page);
    await page.setViewportSize(SIZES[0]);
  });

  afterAll(async () => {
    await berth?.close();
    rmSync(project, { recursive: true, force: true });
  });

  const go = (screen: string) => page.getByTestId(`nav-${screen}`).click();

  it('offers a skip link to the screen as the first stop of the keyboard', async () => {
    await page.getByTestId('engine-up').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Tab');
    const skip = page.getByTestId('skip-link');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('skip-link');
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    // The next Tab lands inside the screen, not back on the rail.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('!!document.activeElement?.closest("main")')).toBe(true);
  });

  it('fills every screen with real results', async () => {
    await page.getByTestId('engine-up').waitFor({ timeout: 15_000 });

    await go('registries');
    await page.getByTestId('registries-add').click();
    await page.getByTestId('cred-preset').selectOption('generic');
    await page.getByTestId('cred-registry').fill(registry);
    await page.getByTestId('cred-username').fill('alice');
    await page.getByTestId('cred-secret').fill(h.users.alice ?? '');
    await page.getByTestId('cred-sample').fill(`${registry}/team/flows:1`);
    await page.getByTestId('cred-save').click();
    await expect.poll(() => page.getByTestId('cred-row').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('explain-input').fill(`${registry}/team/flows:1`);
    await page.getByTestId('explain-run').click();
    await expect
      .poll(() => page.getByTestId('explain-chosen').getAttribute('data-chosen'), {
        timeout: 10_000,
      })
      .toBe('true');

    await go('tags');
    await page.getByTestId('tags-repo-input').fill(`${registry}/team/multi`);
    await page.getByTestId('tags-browse').click();
    const row = page.locator('[data-testid="tag-row"][data-tag="1"]');
    await expect
      .poll(() => row.getByTestId('tag-platforms').textContent(), { timeout: 15_000 })
      .toBe('2 platforms');
    await row.click();
    await expect.poll(() => page.getByTestId('tag-details').textContent()).toContain('linux/arm64');

    await go('pulls');
    await page.getByTestId('pull-reference').fill(`${registry}/team/missing:1`);
    await page.getByTestId('pull-start').click();
    await expect
      .poll(() => page.getByTestId('diagnosis').first().getAttribute('data-cause'), {
        timeout: 30_000,
      })
      .toBeTruthy();
    await page.getByTestId('pull-reference').fill(`${registry}/team/flows:1`);
    await page.getByTestId('pull-start').click();
    await expect
      .poll(() => page.locator('[data-testid="pull-card"][data-state="success"]').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(1);

    await go('doctor');
    await page.getByTestId('doctor-tab-live').click();
    await page.getByTestId('doctor-reference').fill(`${h.tokenRegistry.host}/team/app:1`);
    await page.getByTestId('doctor-check').click();
    await expect
      .poll(() => page.getByTestId('diagnosis').getAttribute('data-cause'), { timeout: 20_000 })
      .toBe('no_credentials');

    await go('runs');
    await page.getByTestId('runs-empty-open').click();
    await page.getByTestId('project-path').fill(project);
    await page.getByTestId('project-open').click();
    await page.getByTestId('flow-list').waitFor();
    await page.getByTestId('flow-item').filter({ hasText: 'hello-explicit' }).first().click();
    await page.getByTestId('param-name').fill('a11y');
    await page.getByTestId('run-start').click();
    await expect
      .poll(() => page.getByTestId('run-result').textContent(), { timeout: 60_000 })
      .toBe('Succeeded (exit code 0)');

    await go('images');
    await page.getByTestId('image-row').first().click();
  });

  for (const scheme of SCHEMES) {
    for (const size of SIZES) {
      it(`has no serious axe finding, no overflow and no console error on any screen: ${scheme}, ${size.width}x${size.height}`, async () => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(size);
        const findings: Record<string, AxeFinding[] | string[]> = {};
        for (const screen of SCREENS) {
          await go(screen);
          await page.waitForTimeout(150);
          const axe = await seriousAxeFindings(page);
          if (axe.length) findings[screen] = axe;
          const wide = await horizontalOverflow(page);
          if (wide.length) findings[`${screen} overflow`] = wide;
        }
        if (consoleErrors.length) findings['console errors'] = consoleErrors.splice(0);
        expect(findings).toEqual({});
      });
    }
  }

  it('collapses the rail to icons below 1100 px and lays the tag details over the table', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(SIZES[1]);
    await go('tags');
    const rail = await page.locator('nav.rail').boundingBox();
    expect(rail?.width).toBeLessThan(72);
    // Each icon still has its name for assistive technology and on hover.
    expect(await page.getByRole('button', { name: 'Registries' }).count()).toBe(1);
    const table = await page.getByTestId('tags-table').boundingBox();
    const main = await page.locator('main').boundingBox();
    // The table keeps the main area's width; the details panel sits over it.
    expect(table?.width ?? 0).toBeGreaterThan((main?.width ?? 0) - 60);
    expect(await page.getByTestId('tag-details').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'tag-details-narrow.png') });
    await page.setViewportSize(SIZES[0]);
    const wideRail = await page.locator('nav.rail').boundingBox();
    expect(wideRail?.width).toBeGreaterThan(150);
  });

  it('pulls a tag from its details with one button, on the Pulls screen', async () => {
    await go('tags');
    // team/flows:1 is a real image (team/multi's index has placeholder layers).
    await page.getByTestId('tags-repo-input').fill(`${registry}/team/flows`);
    await page.getByTestId('tags-browse').click();
    const row = page.locator('[data-testid="tag-row"][data-tag="1"]');
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.getByTestId('tag-pull').click();
    expect(await page.title()).toBe('Pulls — Berth');
    const card = page.locator(
      `[data-testid="pull-card"][data-reference="${registry}/team/flows:1"]`,
    );
    await expect
      .poll(() => card.first().getAttribute('data-state'), { timeout: 30_000 })
      .toBe('success');
  });
});
