/**
 * Issue 16 in Chromium against the real docker-registry and dockerd: open an image from a tag
 * (nothing pulled), browse its merged files (whiteouts applied), diff two tags, see the cosign
 * signature under its fallback tag and the BuildKit provenance, and refresh a stale local
 * image: a new digest pushed under the same tag brings the badge, one click pulls, the badge
 * goes, and the ledger keeps the old digest beside the new. Screenshots go to the README.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import type { ContentSeed } from '../harness/image-content-seed';
import { pushLayers, seedImageContent } from '../harness/image-content-seed';
import { pushRandomImage } from '../harness/registry-seed';
import { startStallingProxy } from '../harness/stalling-proxy';
import { importBusybox, tagAndPush } from '../harness/seed';
import { horizontalOverflow, recordConsoleErrors, seriousAxeFindings } from './audit';
import type { AxeFinding } from './audit';
import { openBerthPage, SHOTS } from './berth-page';
import type { BerthPage } from './berth-page';

const REPOSITORY = 'team/look';
const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

describeWithHarness('the image view in Chromium: inside an image without pulling it', (h) => {
  const registry = h.basicRegistry.host;
  const password = h.users.alice ?? '';
  const access = { url: h.basicRegistry.url, username: 'alice', password };
  const ref = (tag: string) => `${registry}/${REPOSITORY}:${tag}`;
  let seed: ContentSeed;
  let berth: BerthPage;
  let page: Page;
  let consoleErrors: string[];
  const stale = `${registry}/team/stale:1`;
  let oldDigest = '';

  const view = () => page.getByTestId('image-view');
  const tab = (id: string) => view().getByTestId(`image-tab-${id}`).click();
  const openFromTag = async (tag: string, repository = `${registry}/${REPOSITORY}`) => {
    await page.getByTestId('nav-tags').click();
    await page.getByTestId('tags-repo-input').fill(repository);
    await page.getByTestId('tags-browse').click();
    const row = page.locator(`[data-testid="tag-row"][data-tag="${tag}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.getByTestId('tag-look-inside').click();
    await view().waitFor();
  };
  const closeView = () => view().getByRole('button', { name: 'Close' }).last().click();

  beforeAll(async () => {
    seed = await seedImageContent(access, REPOSITORY);
    // A local image of team/stale:1, as pushed: the engine records the registry's digest. Made
    // before the page opens, so the Images list (loaded once, by the Tags screen) holds it.
    const docker = new Docker({ socketPath: h.socketPath });
    await importBusybox(docker, { repo: 'local/stale', tag: '1', changes: ['LABEL stage=old'] });
    oldDigest = await tagAndPush(docker, 'local/stale:1', stale, {
      username: 'alice',
      password,
      serveraddress: registry,
    });
    // Only the registry's tag: the Images row badges its first tag.
    await docker.getImage('local/stale:1').remove();
    berth = await openBerthPage(h, {
      prefix: 'berth-e2e-image-view-',
      height: 900,
      env: {
        BERTH_REGISTRY_AUTH: JSON.stringify({
          [registry]: { username: 'alice', secret: password },
        }),
      },
    });
    page = berth.page;
    consoleErrors = recordConsoleErrors(page);
    await page.getByTestId('engine-up').waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await berth?.close();
  });

  it('opens an image from a tag: its config and its layers as a bar chart, nothing pulled', async () => {
    await openFromTag('1');
    // The cosign fallback tag names no image: the tag list leaves it out by default.
    expect(
      await page.locator(`[data-testid="tag-row"][data-tag="${seed.signature.tag}"]`).count(),
    ).toBe(0);
    expect(await view().locator('.dialog__title').textContent()).toBe(ref('1'));
    const overview = view().getByTestId('image-overview');
    await overview.waitFor({ timeout: 15_000 });
    const text = (await overview.textContent()) ?? '';
    expect(text).toContain(seed.one.digest);
    expect(text).toContain('/bin/tool');
    expect(text).toContain('serve --port 8080');
    expect(text).toContain('8080/tcp');
    expect(text).toContain('APP_MODE');
    // One bar per layer, each with the step that made it (gzip, zstd and plain layers).
    const bars = view().getByTestId('layers-chart').locator('li');
    expect(await bars.count()).toBe(seed.one.layers.length);
    expect(await bars.nth(1).textContent()).toContain('rm /tmp/big.bin');
    // Nothing was pulled: the engine has no image of this repository.
    const docker = new Docker({ socketPath: h.socketPath });
    const local = await docker.listImages({
      filters: { reference: [`${registry}/${REPOSITORY}`] },
    });
    expect(local).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'image-view.png') });
  });

  it('browses the merged files with whiteouts applied, each marked with the layer that wrote it', async () => {
    await tab('files');
    const summary = view().getByTestId('files-summary');
    await summary.waitFor({ timeout: 30_000 });
    const row = (path: string) => view().locator(`[data-testid="file-row"][data-path="${path}"]`);
    // The zstd layer deleted big.bin and emptied app/data before writing c.txt; the plain one
    // deleted /etc/passwd.
    expect(await row('app/data/c.txt').count()).toBe(1);
    expect(await row('app/notes.txt').count()).toBe(1);
    expect(await row('tmp/big.bin').count()).toBe(0);
    expect(await row('app/data/a.txt').count()).toBe(0);
    expect(await row('etc/passwd').count()).toBe(0);
    expect(await row('app/config.json').textContent()).toContain('changed in 1');
    expect(await row('bin/tool').textContent()).toContain('0755');
    // big.bin's 100 KiB are still carried by the base layer: wasted.
    expect(await summary.textContent()).toMatch(/removed by later layers; 10\d(\.\d)? KiB wasted/);
    await page.screenshot({ path: join(SHOTS, 'image-view-files.png') });

    await view().getByTestId('files-filter').fill('config');
    await expect.poll(() => view().getByTestId('file-row').count()).toBe(1);
    await view().getByTestId('files-filter').fill('');
  });

  it('diffs two tags: the config change and the file changed at the same size', async () => {
    await tab('diff');
    await view().getByTestId('diff-other').fill(ref('2'));
    await view().getByTestId('diff-run').click();
    const result = view().getByTestId('diff-result');
    await result.waitFor({ timeout: 30_000 });
    const config = await view().getByTestId('diff-config').allTextContents();
    expect(config.join('\n')).toMatch(/APP_MODE[\s\S]*one[\s\S]*two/);
    const files = view().getByTestId('diff-file');
    expect(await files.count()).toBe(1);
    expect(await files.first().getAttribute('data-change')).toBe('changed');
    expect(await files.first().textContent()).toContain('/app/config.json');
    await page.screenshot({ path: join(SHOTS, 'image-view-diff.png') });
  });

  it('shows the cosign signature under its fallback tag, and the provenance of the index', async () => {
    await tab('referrers');
    const signature = view().locator('[data-testid="referrer"][data-kind="cosign-signature"]');
    await signature.waitFor({ timeout: 15_000 });
    expect(await signature.textContent()).toContain(seed.signature.tag);
    expect(await view().getByTestId('image-referrers').textContent()).toContain('no referrers API');
    await page.screenshot({ path: join(SHOTS, 'image-view-referrers.png') });
    await closeView();

    await openFromTag('multi');
    await tab('referrers');
    const provenance = view().locator('[data-testid="referrer"][data-kind="slsa-provenance"]');
    await provenance.waitFor({ timeout: 15_000 });
    const words = (await provenance.textContent()) ?? '';
    expect(words).toContain(seed.provenance.source);
    expect(words).toContain(seed.provenance.revision.slice(0, 12));
    await closeView();
  });

  it('shows the first files while a layer still streams, then the merged tree in their place', async () => {
    // 300 small files, then 6 MB that do not compress: the registry's front sends the layer's
    // first 64 KB and holds the rest, so the first rows can only come from those bytes and the
    // merged tree cannot arrive until the test lets the rest go.
    const small = Array.from({ length: 300 }, (_, i) => ({
      name: `first/f${String(i).padStart(3, '0')}.txt`,
      content: `file ${i}\n`,
    }));
    const slow = await pushLayers(
      access,
      'team/slow',
      '1',
      [
        {
          items: [...small, { name: 'zz/big.bin', content: randomBytes(6 * 1024 * 1024) }],
          compression: 'gzip',
          createdBy: 'COPY first/ zz/ /',
        },
      ],
      { Cmd: ['serve'] },
    );
    const proxy = await startStallingProxy({
      upstream: h.basicRegistry.url,
      username: 'alice',
      password,
      digest: slow.layers[0]?.digest ?? '',
      firstBytes: 64 * 1024,
    });
    try {
      await openFromTag('1', `${proxy.host}/team/slow`);
      await tab('files');
      const first = view().locator('[data-testid="file-row"][data-first="true"]');
      await first.first().waitFor({ timeout: 15_000 });
      const shownAt = Date.now();
      const sentAt = await proxy.firstBytesSent;
      // Issue 16: the first files within one layer's first megabyte plus 200 ms. Here 64 KB;
      // the bound is loose for a busy 2-core machine and Playwright's own polling.
      console.info(`first rows on screen ${shownAt - sentAt} ms after the first 64 KB`);
      expect(shownAt - sentAt).toBeLessThan(2_000);
      expect(await view().locator('[data-path="first/f000.txt"]').count()).toBe(1);
      expect(await view().getByTestId('files-listing-status').textContent()).toContain(
        'First files, still reading',
      );
      expect(await view().getByTestId('files-summary').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'image-view-first-files.png') });

      proxy.release();
      await view().getByTestId('files-summary').waitFor({ timeout: 30_000 });
      expect(await first.count()).toBe(0);
      expect(await view().getByTestId('files-listing-status').count()).toBe(0);
      await view().getByTestId('files-filter').fill('big.bin');
      const big = view().locator('[data-testid="file-row"][data-path="zz/big.bin"]');
      expect(await big.textContent()).toContain('added in 0');
      await closeView();
    } finally {
      proxy.release();
      await proxy.stop();
    }
  });

  it('refreshes a stale local image: badge, one-click pull, badge gone, old and new digest in the ledger', async () => {
    expect(oldDigest).toMatch(/^sha256:/);

    // Someone pushes a new image under the same tag.
    const { digest: newDigest } = await pushRandomImage(access, 'team/stale', '1', 64 * 1024);
    expect(newDigest).not.toBe(oldDigest);

    await page.getByTestId('nav-images').click();
    const row = page.locator('[data-testid="image-row"]').filter({ hasText: stale });
    await row.waitFor({ timeout: 15_000 });
    await page.getByTestId('check-updates').click();
    const badge = row.getByTestId('update-badge');
    // Every local tag is checked; Docker Hub's are unreachable here and fail on their own time.
    await expect
      .poll(() => badge.textContent(), { timeout: 60_000 })
      .toBe('Update available: pull');
    expect(await badge.getAttribute('title')).toContain(newDigest.slice(7, 19));
    await page.screenshot({ path: join(SHOTS, 'images-update.png') });

    await badge.click();
    // The refreshed tag now sits on the new image, whose check says it is current.
    await expect
      .poll(() => row.getByTestId('update-badge').textContent(), { timeout: 60_000 })
      .toBe('Up to date');
    expect(await page.getByText('Update available: pull').count()).toBe(0);

    const entries = readFileSync(join(berth.home, 'ledger.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const refresh = entries.filter((e) => e.kind === 'pull' && e.reference === stale).at(-1);
    expect(refresh).toMatchObject({
      result: 'success',
      previousDigest: oldDigest,
      digest: newDigest,
    });
  });

  for (const scheme of SCHEMES) {
    for (const size of SIZES) {
      it(`has no serious axe finding, no overflow and no console error in any tab: ${scheme}, ${size.width}x${size.height}`, async () => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize(size);
        await openFromTag('1');
        const findings: Record<string, AxeFinding[] | string[]> = {};
        const audit = async (name: string) => {
          const axe = await seriousAxeFindings(page);
          if (axe.length) findings[name] = axe;
          const wide = await horizontalOverflow(page);
          if (wide.length) findings[`${name} overflow`] = wide;
        };
        await view().getByTestId('image-overview').waitFor({ timeout: 15_000 });
        await audit('overview');
        await tab('files');
        await view().getByTestId('files-summary').waitFor({ timeout: 30_000 });
        await audit('files');
        await tab('diff');
        await view().getByTestId('diff-other').fill(ref('2'));
        await view().getByTestId('diff-run').click();
        await view().getByTestId('diff-result').waitFor({ timeout: 30_000 });
        await audit('diff');
        await tab('referrers');
        await view().getByTestId('image-referrers').waitFor({ timeout: 15_000 });
        await audit('referrers');
        await closeView();
        if (consoleErrors.length) findings['console errors'] = consoleErrors.splice(0);
        expect(findings).toEqual({});
      });
    }
  }
});
