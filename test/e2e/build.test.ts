/**
 * One click, really: a project whose image a prefect.yaml build step makes is opened in
 * Chromium (browser mode), Run is pressed once, and the Runs screen shows the build (phase
 * and output in the same terminal) and then the flow's run; a second Run reuses the image
 * built from the unchanged folder. Real dockerd, the harness's offline Python image as base.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUILD_HASH_LABEL } from '../../src/shared/build';
import { describeWithHarness } from '../harness/context';
import { openBerthPage, ROOT, SHOTS } from './berth-page';
import type { BerthPage } from './berth-page';

/** A build on vfs copies the image's files for every step: slow on a busy machine. */
const BUILD_TIMEOUT = 240_000;

describeWithHarness('build, then run, with one click in Chromium', (h) => {
  let berth: BerthPage;
  let page: Page;
  let project: string;
  const docker = new Docker({ socketPath: h.socketPath });

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'berth-e2e-build-'));
    cpSync(join(ROOT, 'examples', 'prefect-build-project'), project, { recursive: true });
    berth = await openBerthPage(h, { prefix: 'berth-e2e-build-', height: 1000 });
    page = berth.page;
    await page.getByTestId('nav-runs').click();
  });

  afterAll(async () => {
    await berth?.close();
    rmSync(project, { recursive: true, force: true });
  });

  const terminalText = () => page.getByTestId('log-terminal').locator('.xterm-rows').innerText();
  const result = () => page.getByTestId('run-result').textContent();
  const shownRun = async () =>
    (await page.getByTestId('run-panel').count())
      ? await page.getByTestId('run-panel').getAttribute('data-run-id')
      : null;
  const pressRun = async () => {
    const before = await shownRun();
    await page.getByTestId('run-start').click();
    await expect.poll(shownRun).not.toBe(before);
  };

  it(
    'builds the image on the first Run, showing the Building phase and its output, then runs the flow',
    async () => {
      await page.getByTestId('runs-empty-open').click();
      await page.getByTestId('project-path').fill(project);
      await page.getByTestId('project-open').click();
      await page.getByTestId('flow-item').filter({ hasText: 'greet' }).first().click();
      // The flow's image is a template Berth fills by building: no image to pick first.
      expect(await page.getByTestId('run-image-error').count()).toBe(0);

      await pressRun();
      await page.locator('[data-phase="building"][data-state="current"]').waitFor();
      await expect.poll(result, { timeout: BUILD_TIMEOUT }).toBe('Succeeded (exit code 0)');
      const text = await terminalText();
      // The terminal shows only its last rows; the run's log file holds the whole build.
      const runId = await shownRun();
      const wholeLog = readFileSync(join(berth.home, 'runs', `${runId}.log`), 'utf8');
      expect(wholeLog).toContain('Step 1/5 : FROM berth-test/python:3');
      expect(text).toContain('baked the greeting: Ahoy');
      expect(text).toContain('Ahoy, built! (from the built image)');
      expect(text.indexOf('baked the greeting')).toBeLessThan(text.indexOf('Ahoy, built!'));
      const build = page.getByTestId('run-build');
      await build.waitFor();
      expect(await build.getAttribute('data-reused')).toBe('false');
      // The engine has the image, labelled with the context hash the record keeps.
      const image = await docker.getImage('berth-example/greeter:dev').inspect();
      expect(image.Config.Labels?.[BUILD_HASH_LABEL]).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await build.locator('.mono').getAttribute('title')).toBe(image.Id);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SHOTS, 'runs-build.png') });
    },
    BUILD_TIMEOUT + 60_000,
  );

  it(
    'runs again without a rebuild: the folder did not change',
    async () => {
      await pressRun();
      await expect.poll(result, { timeout: BUILD_TIMEOUT }).toBe('Succeeded (exit code 0)');
      const text = await terminalText();
      expect(text).not.toContain('Step 1/');
      expect(text).toContain('not rebuilt');
      expect(text).toContain('Ahoy, built! (from the built image)');
      const build = page.getByTestId('run-build');
      await build.waitFor();
      expect(await build.getAttribute('data-reused')).toBe('true');
    },
    BUILD_TIMEOUT,
  );
});
