/**
 * From a pasted kubelet event to a pull that works, in Chromium against the real token-auth
 * docker-registry and dockerd (issue 13, "Done when"): the Doctor reads the event offline,
 * names the image, probes it live (no credentials), the login remedy stores one (the secret
 * typed once, into the keychain), the check runs again and reads healthy, the retry remedy
 * pulls the image into the real engine, and undo takes the credential away again.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { openBerthPage, SHOTS } from './berth-page';
import type { BerthPage } from './berth-page';

/**
 * `kubectl describe pod` events as kubelet and containerd print them when a private image is
 * pulled without imagePullSecrets (containerd's resolver wording, core/remotes/docker).
 */
const kubeletEvents = (image: string) =>
  [
    'Events:',
    '  Type     Reason     Age                From               Message',
    '  ----     ------     ----               ----               -------',
    '  Normal   Scheduled  52s                default-scheduler  Successfully assigned flows/etl-7d9c8 to node-1',
    `  Normal   Pulling    14s (x3 over 52s)  kubelet            Pulling image "${image}"`,
    `  Warning  Failed     14s (x3 over 52s)  kubelet            Failed to pull image "${image}": rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    '  Warning  Failed     14s (x3 over 52s)  kubelet            Error: ErrImagePull',
    `  Normal   BackOff    1s (x4 over 51s)   kubelet            Back-off pulling image "${image}"`,
    '  Warning  Failed     1s (x4 over 51s)   kubelet            Error: ImagePullBackOff',
  ].join('\n');

describeWithHarness('doctor: a pasted kubelet event, unblocked with one remedy', (h) => {
  let berth: BerthPage;
  let page: Page;
  const image = () => `${h.tokenRegistry.host}/team/app:1`;
  const docker = (...args: string[]) =>
    execFileSync('docker', ['--host', h.dockerHost, ...args], { encoding: 'utf8' });
  const dockerHas = (reference: string) => {
    try {
      docker('image', 'inspect', '--format', '{{.Id}}', reference);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    // A fresh home: no credential anywhere, as on the laptop of someone who just hit this.
    berth = await openBerthPage(h, { prefix: 'berth-e2e-unblock-' });
    page = berth.page;
    if (dockerHas(image())) docker('image', 'rm', image());
    await page.getByTestId('nav-doctor').click();
  });

  afterAll(async () => {
    if (dockerHas(image())) docker('image', 'rm', image());
    await berth?.close();
  });

  const top = () => page.getByTestId('doctor-result').first();
  const diagnosis = () => top().getByTestId('diagnosis');
  const remedy = (kind: string): Locator =>
    top().locator(`[data-testid="remedy"][data-kind="${kind}"]`).first();

  it('reads the event, probes the image, stores a login, reads healthy, pulls, and undoes', async () => {
    // 1. Offline: the pasted event names the image and the engine that spoke.
    await page.getByTestId('doctor-tab-offline').click();
    await page.getByTestId('doctor-message').fill(kubeletEvents(image()));
    await page.getByTestId('doctor-explain').click();
    await expect
      .poll(() => diagnosis().getAttribute('data-mode'), { timeout: 10_000 })
      .toBe('offline');
    expect(await top().getByTestId('diagnosis-image').textContent()).toBe(image());
    expect(['no_credentials', 'insufficient_scope']).toContain(
      await diagnosis().getAttribute('data-cause'),
    );

    // 2. One click: the live probe of the image the event names. No credential: no_credentials.
    await top().getByTestId('doctor-probe-pasted').click();
    await expect
      .poll(() => diagnosis().getAttribute('data-mode'), { timeout: 20_000 })
      .toBe('live');
    await expect.poll(() => diagnosis().getAttribute('data-cause')).toBe('no_credentials');
    // The live check is a card of its own (the image's), above the pasted reading.
    expect(await page.getByTestId('doctor-result').count()).toBe(2);

    // 3. The login remedy: the host is filled in, the user and secret typed once.
    const login = remedy('login');
    expect(await login.textContent()).toContain(h.tokenRegistry.host);
    await login.getByTestId('remedy-start').click();
    await login.getByTestId('remedy-username').fill('alice');
    await login.getByTestId('remedy-secret').fill(h.users.alice ?? '');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'doctor-remedy.png') });
    await login.getByTestId('remedy-apply').click();
    await expect
      .poll(() => login.getByTestId('remedy-result').count(), { timeout: 15_000 })
      .toBe(1);
    // The secret went to the keychain, not back to the page.
    expect(await page.content()).not.toContain(h.users.alice ?? '<none>');

    // 4. The check ran again by itself: healthy, every step fine, pulling as alice.
    await expect
      .poll(() => diagnosis().getAttribute('data-kind'), { timeout: 20_000 })
      .toBe('clear');
    expect(await top().getByTestId('diagnosis-title').textContent()).toContain('Healthy');
    const summary = await top().getByTestId('diagnosis-summary').textContent();
    expect(summary).toContain('pulls it as alice');
    // The pasted error was kubelet's: what the cluster still needs is said.
    expect(summary).toContain(`berth creds export ${h.tokenRegistry.host}`);
    expect(
      await top()
        .locator('[data-testid="probe-step"]')
        .evaluateAll(
          (rows) => rows.filter((r) => r.getAttribute('data-state') === 'failed').length,
        ),
    ).toBe(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'doctor-healthy.png') });

    // 5. The retry remedy pulls into the real engine; the docker CLI sees the image.
    expect(dockerHas(image())).toBe(false);
    const retry = remedy('retry');
    await retry.getByTestId('remedy-start').click();
    await retry.getByTestId('remedy-apply').click();
    await expect
      .poll(() => retry.getByTestId('remedy-result').count(), { timeout: 30_000 })
      .toBe(1);
    expect(dockerHas(image())).toBe(true);
    const digest = docker('image', 'inspect', '--format', '{{join .RepoDigests " "}}', image());
    expect(digest).toContain(`${h.tokenRegistry.host}/team/app@sha256:`);
    // It was a pull job like any other: the answer names its ledger entry, and the Pulls screen
    // has its card (it heard the job's pull.* events as it ran). The Doctor's card, remedies
    // applied and their Undo included, is still there on the way back.
    expect(await retry.getByTestId('remedy-result').textContent()).toMatch(/ledger entry \S+/);
    // "Open in Pulls" on the retry's result goes there and brings that pull's card into focus.
    await retry.getByTestId('remedy-open-pull').click();
    const card = page.locator('[data-testid="pull-card"]').filter({ hasText: image() });
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('success');
    await expect
      .poll(
        () =>
          page.evaluate(
            '!!document.activeElement?.closest(\'[data-testid="pull-card"][data-state="success"]\')',
          ),
        { timeout: 5_000 },
      )
      .toBe(true);
    await page.getByTestId('nav-doctor').click();

    // 6. The login stays listed after the check that no longer offers it: undo logs out, the
    // check runs again and finds no credential.
    await login.getByTestId('remedy-undo').click();
    await expect
      .poll(() => diagnosis().getAttribute('data-cause'), { timeout: 20_000 })
      .toBe('no_credentials');
    expect(await login.getAttribute('data-state')).toBe('done');

    expect(berth.cspViolations).toEqual([]);
  });
});
