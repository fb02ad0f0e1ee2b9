/**
 * The Doctor screen in Chromium against the real parts: the live probe of a real token-auth
 * docker-registry, a name that cannot resolve, and the offline classifier, through browser
 * mode with Berth's real CSP header.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBerthCore } from '../../src/host/core';
import type { BerthCore } from '../../src/host/core';
import { startWebHost } from '../../src/host/web-host';
import type { WebHost } from '../../src/host/web-host';
import { describeWithHarness } from '../harness/context';
import { launchChromium } from './browser';

const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'docs', 'screenshots');

/** Docker Hub's answer to an anonymous pull over the limit, as `docker pull` prints it. */
const RATE_LIMITED = [
  'Using default tag: latest',
  'Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit',
].join('\n');

describeWithHarness('doctor screen in Chromium against real registries', (h) => {
  let core: BerthCore;
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  let home: string;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    home = mkdtempSync(join(tmpdir(), 'berth-e2e-doctor-'));
    // A fresh home: no Berth credentials and no ~/.docker/config.json, so every probe is anonymous.
    core = createBerthCore({
      env: {
        DOCKER_HOST: h.dockerHost,
        BERTH_HOME: home,
        HOME: home,
        DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
      },
    });
    host = await startWebHost({ core, rendererDir: join(ROOT, 'dist', 'renderer') });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      colorScheme: 'light',
      acceptDownloads: true,
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(host.url).origin,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(host.url);
    await page.getByTestId('nav-doctor').click();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    core?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const check = async (reference: string) => {
    await page.getByTestId('doctor-tab-live').click();
    await page.getByTestId('doctor-reference').fill(reference);
    await page.getByTestId('doctor-check').click();
  };
  const verdict = () => page.getByTestId('diagnosis').getAttribute('data-cause');
  const step = (name: string) => page.locator(`[data-testid="probe-step"][data-step="${name}"]`);

  it('finds no credentials for a private repository checked anonymously, failing at pull-access', async () => {
    await check(`${h.tokenRegistry.host}/team/app:1`);
    await expect.poll(verdict, { timeout: 20_000 }).toBe('no_credentials');
    expect(await page.getByTestId('diagnosis-title').textContent()).toContain(
      'No credentials for this image',
    );
    const failed = step('pull-access (anonymous)');
    expect(await failed.getAttribute('data-state')).toBe('failed');
    expect(await failed.getAttribute('data-first-failed')).toBe('true');
    for (const name of ['reference', 'dns', 'tcp', 'ping', 'challenge']) {
      expect(await step(name).getAttribute('data-state')).toBe('ok');
    }
    expect(await page.getByTestId('diagnosis-alternatives').textContent()).toContain(
      'The repository does not exist',
    );
    const login = page.getByTestId('fix-command').first();
    expect(await login.textContent()).toContain(`berth login ${h.tokenRegistry.host}`);
    expect(await failed.isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'doctor.png') });

    // The report: on the clipboard, and as a file through a Blob URL under the real CSP.
    await page.getByTestId('diagnosis-copy-report').click();
    await expect.poll(() => page.getByTestId('diagnosis-copy-report').textContent()).toBe('Copied');
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied).toContain('`no_credentials`');
    expect(copied).toContain('| pull-access (anonymous) | **failed** |');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.getByTestId('diagnosis-save-report').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^berth-diagnosis-.*team-app-1\.md$/);
    const saved = readFileSync(await download.path(), 'utf8');
    expect(saved).toContain(`# Berth diagnosis: ${h.tokenRegistry.host}/team/app:1`);
    expect(saved).toContain('`no_credentials`');
  });

  it('says the name does not resolve for a registry under .invalid, and that nothing after DNS ran', async () => {
    await check('registry.berth.invalid/x:1');
    await expect.poll(verdict, { timeout: 20_000 }).toBe('dns');
    expect(await page.getByTestId('diagnosis-title').textContent()).toContain(
      'The registry name does not resolve',
    );
    expect(await step('dns').getAttribute('data-first-failed')).toBe('true');
    const skipped = page.getByTestId('probe-step-skipped');
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
    expect(await page.getByTestId('diagnosis').getAttribute('data-mode')).toBe('offline');
    expect(await page.getByTestId('diagnosis-title').textContent()).toContain(
      'The registry is rate-limiting pulls',
    );
    expect(await page.getByTestId('diagnosis-doc').first().textContent()).toContain(
      'docs.docker.com',
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'doctor-offline.png') });
    expect(cspViolations).toEqual([]);
  });
});
