/**
 * The real renderer in Chromium, through browser mode, against the harness's real dockerd.
 * Screenshots land in docs/screenshots/ for the README.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBerthCore } from '../../src/host/core';
import type { BerthCore } from '../../src/host/core';
import { startWebHost } from '../../src/host/web-host';
import type { WebHost } from '../../src/host/web-host';
import { describeWithHarness } from '../harness/context';
import { controlDockerd } from '../harness/control';
import { importBusybox } from '../harness/seed';
import { launchChromium } from './browser';

const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'docs', 'screenshots');

describeWithHarness('Berth in Chromium against a real engine', (h) => {
  let core: BerthCore;
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  let home: string;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    home = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
    core = createBerthCore({
      env: { DOCKER_HOST: h.dockerHost, BERTH_HOME: home, HOME: home },
      monitorIntervals: { upIntervalMs: 500, downIntervalMs: 500 },
    });
    host = await startWebHost({ core, rendererDir: join(ROOT, 'dist', 'renderer') });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
    });
    page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    core?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('shows the engine Berth is connected to', async () => {
    await page.goto(host.url);
    const panel = page.getByTestId('engine-up');
    await expect.poll(() => panel.isVisible(), { timeout: 15_000 }).toBe(true);
    const version = await new Docker({ socketPath: h.socketPath }).version();
    await expect.poll(() => panel.textContent()).toContain(h.dockerHost);
    expect(await panel.textContent()).toContain(version.Version);
    expect(await page.getByTestId('status-bar').textContent()).toContain(version.Version);
    // The token left the visible URL once the page had it.
    expect(page.url()).not.toContain('token=');
    await shot('engine');
  });

  it('lists the real images, filters them and opens the details of one', async () => {
    await page.getByTestId('nav-images').click();
    const rows = page.getByTestId('image-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const images = await new Docker({ socketPath: h.socketPath }).listImages();
    expect(await rows.count()).toBe(images.length);
    await shot('images');

    await page.getByTestId('images-filter').fill('flows');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId('images-count').textContent()).toMatch(/1 of \d+/);

    await rows.first().click();
    const details = page.getByTestId('image-details');
    await expect
      .poll(() => details.textContent(), { timeout: 10_000 })
      .toContain('PREFECT_LOGGING_LEVEL=INFO');
    const text = (await details.textContent()) ?? '';
    expect(text).toContain('org.opencontainers.image.title');
    expect(text).toContain('/opt/flows');
    expect(text).toContain(h.seeded.flowsDigest.slice(7, 19));
    await shot('image-details');
  });

  it('sorts by size', async () => {
    await page.getByTestId('images-filter').fill('');
    await page.getByTestId('sort-size').click();
    const sizesAfterFirstClick = await page
      .getByTestId('image-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-image-id')));
    await page.getByTestId('sort-size').click();
    const sizesAfterSecondClick = await page
      .getByTestId('image-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-image-id')));
    // Images of equal size keep their tie order both ways, so compare the sizes, not the ids.
    const sizeOf = new Map(
      (await new Docker({ socketPath: h.socketPath }).listImages()).map((i) => [i.Id, i.Size]),
    );
    const sizes = (ids: (string | null)[]) => ids.map((id) => sizeOf.get(id ?? ''));
    expect(sizes(sizesAfterSecondClick)).toEqual(sizes(sizesAfterFirstClick).reverse());
    expect(new Set(sizesAfterSecondClick)).toEqual(new Set(sizesAfterFirstClick));
    const ascending = sizes(sizesAfterFirstClick) as number[];
    const descending = [...ascending].sort((a, b) => a - b);
    expect(
      ascending.join() === descending.join() ||
        ascending.join() === [...descending].reverse().join(),
    ).toBe(true);
  });

  it('refuses to remove an image a container uses, and says which container', async () => {
    const docker = new Docker({ socketPath: h.socketPath });
    await importBusybox(docker, { repo: 'local/pinned', tag: '1' });
    const container = await docker.createContainer({ Image: 'local/pinned:1', Cmd: ['true'] });
    try {
      await page.reload();
      await page.getByTestId('nav-images').click();
      await page.getByTestId('images-filter').fill('pinned');
      await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 10_000 }).toBe(1);
      await page.getByTestId('image-row').first().click();
      await page.getByTestId('image-remove').click();
      await page.getByTestId('confirm-ok').click();
      const error = page.getByTestId('dialog-error');
      await expect
        .poll(() => error.textContent(), { timeout: 10_000 })
        .toContain(container.id.slice(0, 12));
      await shot('remove-refused');
      await page.getByTestId('confirm-cancel').click();
      await expect(docker.getImage('local/pinned:1').inspect()).resolves.toBeTruthy();
    } finally {
      await container.remove();
    }
  });

  it('shows the engine-down screen while dockerd is stopped, and recovers by itself', async () => {
    await page.getByTestId('nav-engine').click();
    await controlDockerd(h.controlUrl, 'stop');
    try {
      const down = page.getByTestId('engine-down');
      await expect.poll(() => down.isVisible(), { timeout: 20_000 }).toBe(true);
      const text = (await down.textContent()) ?? '';
      expect(text).toMatch(/socket|refused/i);
      expect(text).toContain(h.dockerHost);
      expect(await page.getByTestId('engine-retry').isVisible()).toBe(true);
      await shot('engine-down');
    } finally {
      await controlDockerd(h.controlUrl, 'start');
    }
    await expect
      .poll(() => page.getByTestId('engine-up').isVisible(), { timeout: 30_000 })
      .toBe(true);
  });

  it('asks for the printed link when opened without the token', async () => {
    const fresh = await browser.newPage();
    try {
      await fresh.goto(`http://127.0.0.1:${host.port}/`);
      await expect
        .poll(() => fresh.textContent('body'), { timeout: 10_000 })
        .toMatch(/berth serve/);
    } finally {
      await fresh.close();
    }
  });
});
