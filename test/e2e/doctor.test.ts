/**
 * The Doctor screen in Chromium against the real parts: the live probe of a real token-auth
 * docker-registry, a name that cannot resolve, and the offline classifier, through browser
 * mode with Berth's real CSP header.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { openBerthPage, SHOTS } from './berth-page';
import type { BerthPage } from './berth-page';

/** Docker Hub's answer to an anonymous pull over the limit, as `docker pull` prints it. */
const RATE_LIMITED = [
  'Using default tag: latest',
  'Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit',
].join('\n');

describeWithHarness('doctor screen in Chromium against real registries', (h) => {
  let berth: BerthPage;
  let page: Page;

  beforeAll(async () => {
    // A fresh home: no Berth credentials and no ~/.docker/config.json, so every probe is anonymous.
    berth = await openBerthPage(h, { prefix: 'berth-e2e-doctor-', clipboard: true });
    page = berth.page;
    await page.getByTestId('nav-doctor').click();
  });

  afterAll(async () => {
    await berth?.close();
  });

  const check = async (reference: string) => {
    await page.getByTestId('doctor-tab-live').click();
    await page.getByTestId('doctor-reference').fill(reference);
    await page.getByTestId('doctor-check').click();
  };
  // Each image checked keeps its card, newest on top: read the newest.
  const top = () => page.getByTestId('doctor-result').first();
  const verdict = () => top().getByTestId('diagnosis').getAttribute('data-cause');
  const step = (name: string) => top().locator(`[data-testid="probe-step"][data-step="${name}"]`);

  it('finds no credentials for a private repository checked anonymously, failing at pull-access', async () => {
    await check(`${h.tokenRegistry.host}/team/app:1`);
    await expect.poll(verdict, { timeout: 20_000 }).toBe('no_credentials');
    expect(await top().getByTestId('diagnosis-title').textContent()).toContain(
      'No credentials for this image',
    );
    const failed = step('pull-access (anonymous)');
    expect(await failed.getAttribute('data-state')).toBe('failed');
    expect(await failed.getAttribute('data-first-failed')).toBe('true');
    for (const name of ['reference', 'dns', 'tcp', 'ping', 'challenge']) {
      expect(await step(name).getAttribute('data-state')).toBe('ok');
    }
    expect(await top().getByTestId('diagnosis-alternatives').textContent()).toContain(
      'The repository does not exist',
    );
    const login = top().getByTestId('fix-command').first();
    expect(await login.textContent()).toContain(`berth login ${h.tokenRegistry.host}`);
    expect(await failed.isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'doctor.png') });

    // The report: on the clipboard, and as a file through a Blob URL under the real CSP.
    await top().getByTestId('diagnosis-copy-report').click();
    await expect
      .poll(() => top().getByTestId('diagnosis-copy-report').textContent())
      .toBe('Copied');
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toContain('`no_credentials`');
    expect(copied).toContain('| pull-access (anonymous) | **failed** |');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      top().getByTestId('diagnosis-save-report').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^berth-diagnosis-.*team-app-1\.md$/);
    const saved = readFileSync(await download.path(), 'utf8');
    expect(saved).toContain(`# Berth diagnosis: ${h.tokenRegistry.host}/team/app:1`);
    expect(saved).toContain('`no_credentials`');
  });

  it('says the name does not resolve for a registry under .invalid, and that nothing after DNS ran', async () => {
    await check('registry.berth.invalid/x:1');
    await expect.poll(verdict, { timeout: 20_000 }).toBe('dns');
    expect(await top().getByTestId('diagnosis-title').textContent()).toContain(
      'The registry name does not resolve',
    );
    expect(await step('dns').getAttribute('data-first-failed')).toBe('true');
    const skipped = top().getByTestId('probe-step-skipped');
    expect(
      await skipped.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step'))),
    ).toEqual(['tcp', 'tls', 'ping', 'manifest']);
    const recent = page.getByTestId('doctor-recent');
    expect(await recent.textContent()).toContain('registry.berth.invalid/x:1');
    expect(await recent.textContent()).toContain(`${h.tokenRegistry.host}/team/app:1`);
  });

  it('recognises a pasted Docker Hub rate-limit message offline', async () => {
    await page.getByTestId('doctor-tab-offline').click();
    await page.getByTestId('doctor-message').fill(RATE_LIMITED);
    await page.getByTestId('doctor-explain').click();
    await expect.poll(verdict, { timeout: 10_000 }).toBe('rate_limited');
    expect(await top().getByTestId('diagnosis').getAttribute('data-mode')).toBe('offline');
    expect(await top().getByTestId('diagnosis-title').textContent()).toContain(
      'The registry is rate-limiting pulls',
    );
    expect(await top().getByTestId('diagnosis-doc').first().textContent()).toContain(
      'docs.docker.com',
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'doctor-offline.png') });
    expect(berth.cspViolations).toEqual([]);
  });

  it('keeps its result cards across a reload until each is dismissed, and never keeps a pasted token', async () => {
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${'x'.repeat(24)}.${'y'.repeat(24)}`;
    await page.getByTestId('doctor-tab-offline').click();
    await page.getByTestId('doctor-message').fill(`${RATE_LIMITED}\nAuthorization: Bearer ${jwt}`);
    await page.getByTestId('doctor-explain').click();
    await expect.poll(verdict, { timeout: 10_000 }).toBe('rate_limited');
    const cards = page.getByTestId('doctor-result');
    const ids = () => cards.evaluateAll((all) => all.map((c) => c.getAttribute('data-result')));
    const causes = () =>
      page
        .getByTestId('diagnosis')
        .evaluateAll((all) => all.map((d) => d.getAttribute('data-cause')));
    const before = await ids();
    expect(before).toHaveLength(4);
    const causesBefore = await causes();

    await page.reload();
    await page.getByTestId('nav-doctor').click();
    await expect.poll(ids, { timeout: 10_000 }).toEqual(before);
    expect(await causes()).toEqual(causesBefore);
    const kept = String(await page.evaluate('JSON.stringify(sessionStorage)'));
    expect(kept).toContain('toomanyrequests');
    expect(kept).not.toContain(jwt);

    for (let left = before.length; left > 0; left--) {
      await cards.first().getByTestId('doctor-dismiss').click();
      await expect.poll(() => cards.count()).toBe(left - 1);
    }
    await page.reload();
    await page.getByTestId('nav-doctor').click();
    await page.getByTestId('doctor-empty').waitFor({ timeout: 10_000 });
    expect(await cards.count()).toBe(0);
  });
});
