/**
 * The tag browser in Chromium against real registries: 10,000 tags through a paginating
 * proxy, filtering speed, a two-platform index, the local-versus-remote badge, and errors.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBerthCore } from '../../src/host/core';
import type { BerthCore } from '../../src/host/core';
import { startWebHost } from '../../src/host/web-host';
import type { WebHost } from '../../src/host/web-host';
import { describeWithHarness } from '../harness/context';
import { startPaginatingServer } from '../harness/paginating-server';
import type { PaginatingServer } from '../harness/paginating-server';
import { putManifest, pushImage } from '../harness/registry-seed';
import { launchChromium } from './browser';

const ROOT = join(import.meta.dirname, '..', '..');
const SHOTS = join(ROOT, 'docs', 'screenshots');

describeWithHarness('tag browser in Chromium against real registries', (h) => {
  let core: BerthCore;
  let host: WebHost;
  let browser: Browser;
  let page: Page;
  let pager: PaginatingServer;
  let home: string;
  const alice = { username: 'alice', secret: h.users.alice ?? '', source: 'test' };

  const browse = async (repository: string) => {
    await page.getByTestId('tags-repo-input').fill(repository);
    await page.getByTestId('tags-browse').click();
  };
  const count = () => page.getByTestId('tags-count').textContent();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    home = mkdtempSync(join(tmpdir(), 'berth-e2e-tags-'));
    pager = await startPaginatingServer({
      upstream: h.basicRegistry.url,
      defaultPageSize: 100,
      latencyMs: 5,
    });
    const creds: Record<string, typeof alice> = {
      [pager.host]: alice,
      [h.basicRegistry.host]: alice,
    };
    core = createBerthCore({
      env: { DOCKER_HOST: h.dockerHost, BERTH_HOME: home, HOME: home },
      credentials: ({ registry }) => Promise.resolve(creds[registry] ?? null),
    });
    host = await startWebHost({ core, rendererDir: join(ROOT, 'dist', 'renderer') });
    browser = await launchChromium();
    page = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })
    ).newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(host.url);
    await page.getByTestId('nav-tags').click();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    core?.close();
    await pager?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('streams 10,000 tags page by page, keeping at most 200 rows in the DOM', async () => {
    await browse(`${pager.host}/team/many`);
    // The list streams: tags are on screen while the listing is still going.
    await expect
      .poll(() => page.getByTestId('tag-row').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const progress = await page
      .getByTestId('tags-progress')
      .textContent()
      .catch(() => null);
    expect(progress ?? '').toMatch(/of \? tags/);
    await expect.poll(count, { timeout: 60_000 }).toBe(`${h.seeded.manyTags} tags`);
    expect(await page.getByTestId('tag-row').count()).toBeLessThanOrEqual(200);
    await expect
      .poll(() => page.getByTestId('tag-digest').count(), { timeout: 15_000 })
      .toBeGreaterThan(5);
    await page.screenshot({ path: join(SHOTS, 'tags.png') });
  });

  it('filters 10,000 tags with each keystroke painted within 50 ms at p95', async ({
    onTestFinished,
  }) => {
    const filter = page.getByTestId('tags-filter');
    // The filter outlives a failed assertion here; the next tests browse with an empty one.
    onTestFinished(async () => {
      await filter.fill('');
      if (await page.getByTestId('tags-filter-regex').isChecked())
        await page.getByTestId('tags-filter-regex').uncheck();
    });
    await filter.click();
    await page.evaluate(() => performance.clearMarks());
    // Four rounds of typing and erasing: 35 keystrokes, so the p95 is a percentile and not
    // the single slowest keystroke (one GC pause on a loaded CI machine decided it at 5).
    const typed = 't0999';
    let keystrokes = 0;
    for (let round = 0; round < 4; round++) {
      if (round > 0)
        for (let i = 0; i < typed.length; i++) {
          await page.keyboard.press('Backspace');
          await page.waitForTimeout(60);
          keystrokes++;
        }
      for (const ch of typed) {
        await page.keyboard.type(ch);
        await page.waitForTimeout(60);
        keystrokes++;
      }
    }
    await expect.poll(count).toBe(`10 of ${h.seeded.manyTags} tags`);
    const durations = await page.evaluate(() => {
      const inputs = performance
        .getEntriesByName('berth:tags-filter-input')
        .map((e) => e.startTime);
      const painted = performance
        .getEntriesByName('berth:tags-filter-painted')
        .map((e) => e.startTime);
      return inputs.map((t) => (painted.find((p) => p >= t) ?? Number.POSITIVE_INFINITY) - t);
    });
    expect(durations).toHaveLength(keystrokes);
    const sorted = [...durations].sort((a, b) => a - b);
    const p95 =
      sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Infinity;
    console.log(
      `tags filter keystroke→paint (ms): ${durations.map((d) => d.toFixed(1)).join(', ')}; p95 ${p95.toFixed(1)}`,
    );
    expect(p95).toBeLessThanOrEqual(50);
    expect(
      await page
        .locator('[data-testid="tag-row"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tag'))),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `t0999${i}`));

    await page.getByTestId('tags-filter-regex').check();
    await filter.fill('^t0000[0-4]$');
    await expect.poll(count).toBe(`5 of ${h.seeded.manyTags} tags`);
    await filter.fill('(');
    await expect.poll(() => page.getByText('Invalid regex').count()).toBe(1);
    await filter.fill('');
    await page.getByTestId('tags-filter-regex').uncheck();
  });

  it('opens the details of a two-platform tag', async () => {
    await browse(`${h.basicRegistry.host}/team/multi`);
    const row = page.locator('[data-testid="tag-row"][data-tag="1"]');
    await expect
      .poll(() => row.getByTestId('tag-platforms').textContent(), { timeout: 15_000 })
      .toBe('2 platforms');
    await row.click();
    const details = page.getByTestId('tag-details');
    await expect.poll(() => details.textContent()).toContain('linux/arm64/v8');
    const text = (await details.textContent()) ?? '';
    expect(text).toContain(h.seeded.index.digest);
    expect(text).toContain('Index of 2 platforms');
    expect(text).toContain(`docker pull ${h.basicRegistry.host}/team/multi:1`);
    await page.screenshot({ path: join(SHOTS, 'tag-details.png') });
  });

  it('marks a tag whose registry digest differs from the local image as newer', async ({
    onTestFinished,
  }) => {
    // team/flows:1 is the real image other e2e files pull: put it back whatever happens here.
    const basic = `Basic ${Buffer.from(`alice:${h.users.alice ?? ''}`).toString('base64')}`;
    const original = await fetch(`${h.basicRegistry.url}/v2/team/flows/manifests/1`, {
      headers: {
        authorization: basic,
        accept: [
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.docker.distribution.manifest.v2+json',
        ].join(', '),
      },
    });
    const originalType = original.headers.get('content-type') ?? '';
    const originalBody = Buffer.from(await original.arrayBuffer());
    onTestFinished(async () => {
      await fetch(`${h.basicRegistry.url}/v2/team/flows/manifests/1`, {
        method: 'PUT',
        headers: { authorization: basic, 'content-type': originalType },
        body: originalBody,
      });
    });
    await browse(`${h.basicRegistry.host}/team/flows`);
    const row = page.locator('[data-testid="tag-row"][data-tag="1"]');
    await expect
      .poll(() => row.getByTestId('tag-badge-local').count(), { timeout: 15_000 })
      .toBe(1);

    // Someone pushes a new image under the same tag.
    const access = { url: h.basicRegistry.url, username: 'alice', password: h.users.alice ?? '' };
    const image = await pushImage(
      access,
      'team/flows',
      { os: 'linux', architecture: 'amd64' },
      '2026-11-01T00:00:00Z',
      'a newer build',
    );
    await putManifest(
      access,
      'team/flows',
      '1',
      image.manifest,
      'application/vnd.oci.image.manifest.v1+json',
    );

    await browse(`${h.basicRegistry.host}/team/flows`);
    await expect
      .poll(() => row.getByTestId('tag-badge-newer').count(), { timeout: 15_000 })
      .toBe(1);
    expect(await row.getByTestId('tag-badge-newer').getAttribute('title')).toContain(
      h.seeded.flowsDigest.slice(7, 19),
    );
  });

  it('explains a private repository without credentials and a missing repository', async () => {
    await browse(`${h.tokenRegistry.host}/team/app`);
    const error = page.getByTestId('tags-error');
    await expect
      .poll(() => error.textContent(), { timeout: 15_000 })
      .toMatch(/private|credential/i);
    await page.screenshot({ path: join(SHOTS, 'tags-error.png') });

    await browse(`${h.basicRegistry.host}/team/nothing`);
    await expect
      .poll(() => error.textContent(), { timeout: 15_000 })
      .toContain('No such repository');
  });

  it('shows a malformed reference under the input', async () => {
    await browse('Not A Repo');
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 5_000 })
      .toMatch(/invalid reference format|lowercase/);
  });
});
