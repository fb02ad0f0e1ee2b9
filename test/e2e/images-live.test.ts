/**
 * The Images screen and the Tags screen's Local badge follow what a terminal does to the
 * engine's images, live: `docker tag`, `docker pull` and `docker rmi` run with the real docker
 * CLI against the harness's dockerd show in browser mode without a reload (the engine's event
 * stream, pushed as images.changed over server-sent events).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { openBerthPage } from './berth-page';
import type { BerthPage } from './berth-page';

describeWithHarness('the Images screen follows a terminal, live', (h) => {
  let berth: BerthPage;
  const dockerConfig = mkdtempSync(join(tmpdir(), 'berth-e2e-live-config-'));
  const docker = (...args: string[]) =>
    execFileSync('docker', ['--config', dockerConfig, '-H', h.dockerHost, ...args], {
      stdio: 'pipe',
      timeout: 30_000,
    });
  const tag = `local/terminal-${process.pid}:live`;

  beforeAll(async () => {
    berth = await openBerthPage(h, { prefix: 'berth-e2e-live-' });
  });
  afterAll(async () => {
    try {
      docker('rmi', tag);
    } catch {
      /* already gone, as the test expects */
    }
    await berth?.close();
  });

  it('shows a tag made by `docker tag` and drops it after `docker rmi`, without a reload', async () => {
    const { page } = berth;
    await page.getByTestId('nav-images').click();
    await page.getByTestId('images-table').waitFor();
    await page.getByTestId('images-filter').fill(`terminal-${process.pid}`);
    const rows = page.getByTestId('image-row');
    expect(await rows.count()).toBe(0);
    // Wait for the core's stream, so the test measures the push and not the connection.
    await expect.poll(() => berth.core.imageEvents.listening, { timeout: 10_000 }).toBe(true);
    // A reload would lose this.
    const marker = () => page.evaluate('document.documentElement.dataset.liveMarker');
    await page.evaluate('document.documentElement.dataset.liveMarker = "kept"');

    docker('tag', 'local/busybox:1', tag);
    const tagged = Date.now();
    await expect.poll(() => rows.count(), { timeout: 5_000, interval: 50 }).toBe(1);
    const shownAfter = Date.now() - tagged;
    // The row is busybox's image, now also under the new tag.
    expect(await rows.first().locator('.row-open').getAttribute('title')).toContain(tag);

    docker('rmi', tag);
    await expect.poll(() => rows.count(), { timeout: 5_000, interval: 50 }).toBe(0);
    expect(await marker()).toBe('kept');
    // Within the second users expect, with room for a busy shared machine.
    expect(shownAfter).toBeLessThan(3_000);
  });

  it("unmarks a tag Local on the Tags screen after a terminal's `docker rmi`, and marks it again after `docker pull`", async () => {
    const { page } = berth;
    const image = `${h.tokenRegistry.host}/public/tools:1`;
    const present = () => {
      try {
        docker('image', 'inspect', image);
        return true;
      } catch {
        return false;
      }
    };
    // The harness pushed it from its dockerd, so it is normally there; leave it as found.
    const wasThere = present();
    if (!wasThere) docker('pull', '-q', image);
    try {
      await page.getByTestId('nav-tags').click();
      await page.getByTestId('tags-repo-input').fill(`${h.tokenRegistry.host}/public/tools`);
      await page.getByTestId('tags-browse').click();
      const row = page.locator('[data-testid="tag-row"][data-tag="1"]');
      const localBadges = () => row.getByTestId('tag-badge-local').count();
      await expect.poll(localBadges, { timeout: 15_000 }).toBe(1);

      docker('rmi', image);
      await expect.poll(localBadges, { timeout: 5_000, interval: 50 }).toBe(0);
      docker('pull', '-q', image);
      await expect.poll(localBadges, { timeout: 5_000, interval: 50 }).toBe(1);
    } finally {
      if (!present()) docker('pull', '-q', image);
      if (!wasThere) docker('rmi', image);
    }
  });
});
