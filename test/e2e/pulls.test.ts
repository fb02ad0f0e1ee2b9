/**
 * The Pulls screen in Chromium against the real parts: a pull through the real dockerd from a
 * real token-auth docker-registry fails without a credential and is diagnosed on the spot;
 * the credential is added on the Registries screen (real login test, real keychain); the
 * retried pull then works, shows the registry's digest, and the ledger shows both pulls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { startDockerd } from '../harness/dockerd';
import { startPlainFront } from '../harness/impostor-registries';
import { pushRandomLayers } from '../harness/registry-seed';
import { openBerthPage, SHOTS } from './berth-page';
import type { BerthPage } from './berth-page';

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** The registry's own digest for a tag, asked the way any client would: challenge, token, HEAD. */
async function registryDigest(
  url: string,
  repository: string,
  tag: string,
  user: string,
  password: string,
): Promise<string> {
  const challenge = (await fetch(`${url}/v2/`)).headers.get('www-authenticate') ?? '';
  const param = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(challenge)?.[1] ?? '';
  const tokenUrl = new URL(param('realm'));
  tokenUrl.searchParams.set('service', param('service'));
  tokenUrl.searchParams.set('scope', `repository:${repository}:pull`);
  const basic = Buffer.from(`${user}:${password}`).toString('base64');
  const grant = (await (
    await fetch(tokenUrl, { headers: { authorization: `Basic ${basic}` } })
  ).json()) as { token?: string; access_token?: string };
  const head = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      authorization: `Bearer ${grant.token ?? grant.access_token ?? ''}`,
      accept: MANIFEST_TYPES,
    },
  });
  const digest = head.headers.get('docker-content-digest');
  if (!head.ok || !digest) throw new Error(`HEAD ${repository}:${tag} answered ${head.status}`);
  return digest;
}

describeWithHarness(
  'pulls screen in Chromium against a real dockerd, registry and keychain',
  (h) => {
    let berth: BerthPage;
    let page: Page;
    const registry = h.tokenRegistry.host;
    const reference = `${registry}/team/app:1`;
    const password = h.users.alice ?? '';
    const docker = new Docker({ socketPath: h.socketPath });
    /** Pushing to the token registry, for the slow pulls. */
    const access = {
      url: h.tokenRegistry.url,
      username: 'alice',
      password,
      issuerUrl: h.tokenRegistry.issuerUrl,
    };
    const MiB = 1024 * 1024;

    beforeAll(async () => {
      // The harness pushed this image from the same daemon: untag it, so the pull is real.
      await docker
        .getImage(reference)
        .remove()
        .catch(() => undefined);
      berth = await openBerthPage(h, { prefix: 'berth-e2e-pulls-', height: 900 });
      page = berth.page;
      await page.getByTestId('nav-pulls').click();
    });

    afterAll(async () => {
      await berth?.close();
    });

    const card = () => page.getByTestId('pull-card').first();

    it('fails a pull of a private image without a credential and diagnoses it on the spot', async () => {
      await expect
        .poll(() => page.getByTestId('ledger-empty').count(), { timeout: 10_000 })
        .toBe(1);
      await page.getByTestId('pull-reference').fill(reference);
      await page.getByTestId('pull-start').click();
      await expect
        .poll(() => card().getAttribute('data-state'), { timeout: 30_000 })
        .toBe('failed');
      // The engine's own words are kept…
      expect(await page.getByTestId('pull-error').textContent()).toMatch(
        /unauthorized|authentication required|denied/i,
      );
      // …and Berth says why, with the fix.
      const diagnosis = page.getByTestId('diagnosis');
      await expect
        .poll(() => diagnosis.getAttribute('data-cause'), { timeout: 20_000 })
        .toBe('no_credentials');
      expect(await page.getByTestId('fix-command').first().textContent()).toContain(
        `berth login ${registry}`,
      );
      expect(await page.getByTestId('pull-log').textContent()).toContain(
        `Pulling image: ${reference}`,
      );
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'pull-failed.png'), fullPage: false });
    });

    it('pulls after the credential is added, with the registry’s digest and a ledger of both pulls', async () => {
      // Fix the credential where a user would: the Registries screen, with a real login test.
      await page.getByTestId('nav-registries').click();
      await page.getByTestId('registries-add').click();
      await page.getByTestId('cred-preset').selectOption('generic');
      await page.getByTestId('cred-registry').fill(registry);
      await page.getByTestId('cred-username').fill('alice');
      await page.getByTestId('cred-secret').fill(password);
      await page.getByTestId('cred-sample').fill(reference);
      await page.getByTestId('cred-test').click();
      await expect
        .poll(() => page.getByTestId('login-steps').getAttribute('data-ok'), { timeout: 15_000 })
        .toBe('true');
      await page.getByTestId('cred-save').click();
      await expect.poll(() => page.getByTestId('cred-row').count(), { timeout: 10_000 }).toBe(1);

      // The Images list, as it stands before the pull: loaded once, without the image.
      await page.getByTestId('nav-images').click();
      await page.getByTestId('image-row').first().waitFor({ timeout: 15_000 });
      // The table is virtualised: filter, so the row is in view once it exists.
      await page.getByTestId('images-filter').fill('team/app');
      await expect.poll(() => page.getByTestId('image-row').count()).toBe(0);

      await page.getByTestId('nav-pulls').click();
      const started = Date.now();
      await page.getByTestId('pull-retry').click();
      await expect
        .poll(() => card().getAttribute('data-state'), { timeout: 60_000 })
        .toBe('success');
      const seconds = (Date.now() - started) / 1000;

      const expected = await registryDigest(
        h.tokenRegistry.url,
        'team/app',
        '1',
        'alice',
        password,
      );
      expect(await page.getByTestId('pull-digest').textContent()).toContain(expected);
      const log = (await page.getByTestId('pull-log').first().textContent()) ?? '';
      expect(log).toContain(`Pulling image: ${reference}`);
      expect(log).toContain(`Image digest: ${expected}`);
      // The engine has it now, under the digest the registry serves.
      const inspected = await docker.getImage(reference).inspect();
      expect(inspected.RepoDigests).toContain(`${registry}/team/app@${expected}`);

      // At most 10 progress updates a second reached the page (and the final state came).
      const updates = Number(await card().getAttribute('data-updates'));
      expect(updates).toBeGreaterThanOrEqual(1);
      expect(updates).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1);

      const rows = page.getByTestId('ledger-row');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
      expect(await rows.nth(0).getAttribute('data-result')).toBe('success');
      expect(await rows.nth(0).getByTestId('ledger-digest').textContent()).toContain(
        expected.slice('sha256:'.length, 'sha256:'.length + 12),
      );
      expect(await rows.nth(0).textContent()).toContain('Berth');
      expect(await rows.nth(1).getAttribute('data-result')).toBe('failed');
      // The cause in plain words, its code kept for the tooltip and the JSON.
      const cause = rows.nth(1).getByTestId('ledger-cause');
      expect(await cause.getAttribute('data-cause')).toBe('no_credentials');
      expect(await cause.textContent()).toBe('No credentials for this image');

      // The ledger file holds the same, and never the secret; neither does the page.
      const ledger = readFileSync(join(berth.home, 'ledger.jsonl'), 'utf8');
      expect(ledger).toContain(expected);
      expect(ledger).not.toContain(password);
      expect(await page.content()).not.toContain(password);

      // One card per image: the retry's result took the failed pull's place.
      expect(await page.getByTestId('pull-card').count()).toBe(1);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'pulls.png'), fullPage: false });

      // The Images list reloaded itself when the pull landed: no Refresh pressed.
      await page.getByTestId('nav-images').click();
      // The harness pushed this image under other tags too: the pull adds a tag to an image the
      // engine has, and its row (first tag shown) is found by the filter, which reads every tag.
      await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 10_000 }).toBe(1);
      await page.getByTestId('images-filter').fill('');
      await page.getByTestId('nav-pulls').click();
    });

    it('exports the ledger as CSV through a download', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 10_000 }),
        page.getByTestId('ledger-export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^berth-ledger-.*\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toBe(
        'id,kind,time,reference,digest,platform,credentialSource,durationMs,bytes,result,cause,message',
      );
      expect(lines).toHaveLength(3);
      expect(berth.cspViolations).toEqual([]);
    });

    it('shows each layer’s bar and the overall speed while a slow pull runs, and cancels one', async () => {
      // Three layers of random bytes behind a front that sends each blob at 1 MiB/s: the pull
      // stays in flight long enough to be seen, and public/* pulls anonymously.
      await pushRandomLayers(access, 'public/big', '1', [4 * MiB, 3 * MiB, 2 * MiB]);
      await pushRandomLayers(access, 'public/big', '2', [4 * MiB, 3 * MiB]);
      const front = await startPlainFront(h.tokenRegistry.url, { blobBytesPerSecond: MiB });
      try {
        await page.getByTestId('pull-reference').fill(`${front.host}/public/big:1`);
        await page.getByTestId('pull-start').click();
        const layers = card().getByTestId('pull-layers').locator('li');
        await expect.poll(() => layers.count(), { timeout: 20_000 }).toBe(3);
        const percent = async () =>
          Number(await card().getByRole('progressbar').getAttribute('aria-valuenow'));
        await expect.poll(percent, { timeout: 20_000 }).toBeGreaterThanOrEqual(15);
        expect(await card().getAttribute('data-state')).toBe('running');
        expect(await card().getByTestId('pull-overall').textContent()).toMatch(/MiB of 9\.0 MiB/);
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(SHOTS, 'pull-progress.png'), fullPage: false });
        await expect
          .poll(() => card().getAttribute('data-state'), { timeout: 60_000 })
          .toBe('success');
        // However many layer messages the engine sent, at most 10 updates a second came.
        expect(Number(await card().getAttribute('data-update-rate'))).toBeLessThanOrEqual(10.5);

        await page.getByTestId('pull-reference').fill(`${front.host}/public/big:2`);
        await page.getByTestId('pull-start').click();
        const downloading = card()
          .getByTestId('pull-layers')
          .locator('li[data-state="downloading"]');
        await expect.poll(() => downloading.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
        await card().getByTestId('pull-cancel').click();
        await expect
          .poll(() => card().getAttribute('data-state'), { timeout: 10_000 })
          .toBe('cancelled');
        const rows = page.getByTestId('ledger-row');
        await expect
          .poll(() => rows.first().getAttribute('data-result'), { timeout: 10_000 })
          .toBe('cancelled');
        expect(await rows.first().getAttribute('data-reference')).toBe(
          `${front.host}/public/big:2`,
        );
      } finally {
        await front.stop();
      }
    });

    it('says within 2 s that the engine died mid-pull, and the ledger keeps the failure', async () => {
      // A daemon of this test's own, so killing it leaves the shared one alone.
      const own = await startDockerd();
      const killed = await openBerthPage(
        { ...h, dockerHost: own.dockerHost, socketPath: own.socketPath },
        { prefix: 'berth-e2e-pull-kill-' },
      );
      await pushRandomLayers(access, 'public/big', '3', [4 * MiB, 3 * MiB]);
      const front = await startPlainFront(h.tokenRegistry.url, { blobBytesPerSecond: MiB });
      try {
        const p = killed.page;
        await p.getByTestId('nav-pulls').click();
        await p.getByTestId('pull-reference').fill(`${front.host}/public/big:3`);
        await p.getByTestId('pull-start').click();
        const pull = p.getByTestId('pull-card').first();
        const downloading = pull.getByTestId('pull-layers').locator('li[data-state="downloading"]');
        await expect.poll(() => downloading.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
        const at = Date.now();
        own.kill();
        await expect
          .poll(() => pull.getAttribute('data-state'), { timeout: 2_000, interval: 50 })
          .toBe('failed');
        console.log(`pulls e2e: the page reported the killed engine after ${Date.now() - at} ms`);
        expect(await p.getByTestId('pull-error').textContent()).toMatch(
          /engine|daemon|socket|connection/i,
        );
        const rows = p.getByTestId('ledger-row');
        await expect
          .poll(() => rows.first().getAttribute('data-result'), { timeout: 10_000 })
          .toBe('failed');
        expect(await rows.first().getAttribute('data-reference')).toBe(
          `${front.host}/public/big:3`,
        );
      } finally {
        await front.stop();
        await killed.close();
        await own.stop();
      }
    });
  },
);
