/**
 * The Runs screen in Chromium against the real parts: a copy of examples/prefect-project
 * opened by typing its path in browser mode, its flows run in real containers on the
 * harness's dockerd (the Debian python3-minimal image), live logs in xterm under Berth's
 * real CSP, a pull from the real token registry (with the digest it recorded), a re-run, and a
 * failed pull handed to the Doctor.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { tagAndPush } from '../harness/seed';
import { openBerthPage, ROOT, SHOTS } from './berth-page';
import type { BerthPage } from './berth-page';

const RUN_TIMEOUT = 60_000;

describeWithHarness('runs screen in Chromium against a real dockerd and registry', (h) => {
  let berth: BerthPage;
  let page: Page;
  let project: string;
  const docker = new Docker({ socketPath: h.socketPath });
  // The python image in the token registry, where anyone may pull public/*.
  const published = `${h.tokenRegistry.host}/public/python:3`;
  let publishedDigest = '';

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'berth-e2e-prefect-project-'));
    cpSync(join(ROOT, 'examples', 'prefect-project'), project, { recursive: true });
    publishedDigest = await tagAndPush(docker, h.pythonImage, published, {
      username: 'alice',
      password: h.users.alice ?? '',
      serveraddress: h.tokenRegistry.host,
    });
    // Untag it, so the run pulls it for real (and the engine records its RepoDigest).
    await docker.getImage(published).remove();
    berth = await openBerthPage(h, { prefix: 'berth-e2e-runs-', height: 1000, clipboard: true });
    page = berth.page;
    await page.getByTestId('nav-runs').click();
  });

  afterAll(async () => {
    await berth?.close();
    rmSync(project, { recursive: true, force: true });
  });

  const terminalText = () => page.getByTestId('log-terminal').locator('.xterm-rows').innerText();
  const result = () => page.getByTestId('run-result').textContent();
  const selectFlow = (name: string) =>
    page.getByTestId('flow-item').filter({ hasText: name }).first().click();
  const shownRun = async () =>
    (await page.getByTestId('run-panel').count())
      ? await page.getByTestId('run-panel').getAttribute('data-run-id')
      : null;
  /** Clicks `button` and waits for the run panel to show the new run; returns its id. */
  const startRun = async (button = page.getByTestId('run-start')) => {
    const before = await shownRun();
    await button.click();
    await expect.poll(shownRun).not.toBe(before);
    return String(await shownRun());
  };

  it('opens the project by typing its path (browser mode has no folder dialog) and lists its flows', async () => {
    expect(await page.getByTestId('runs-empty').textContent()).toContain('Open a project folder');
    await page.getByTestId('runs-empty-open').click();
    await page.getByTestId('project-chooser-missing').waitFor();
    await page.getByTestId('project-path').fill(project);
    await page.getByTestId('project-open').click();
    await page.getByTestId('flow-list').waitFor();

    const names = await page
      .getByTestId('flow-item')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-flow-id')));
    expect(names).toEqual(
      expect.arrayContaining([
        'prefect-deployment:prefect.yaml:hello-built',
        'prefect-deployment:prefect.yaml:hello-explicit',
        'prefect-flow:flows/chatty.py:chatty',
      ]),
    );
    const built = page.getByTestId('flow-item').filter({ hasText: 'hello-built' });
    expect(await built.getByTestId('flow-unresolved').textContent()).toContain(
      '{{ prefect.variables.region }}',
    );
    expect(await built.getByTestId('flow-where').textContent()).toMatch(/^prefect\.yaml:\d+$/);
  });

  it('runs hello-explicit with one click: live logs, then the exit status', async () => {
    await selectFlow('hello-explicit');
    await page.getByTestId('param-name').fill('e2e');
    await page.getByTestId('param-count').fill('3');
    await startRun();
    await expect.poll(result, { timeout: RUN_TIMEOUT }).toBe('Succeeded (exit code 0)');
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('wrote /data/out/e2e.txt');
    const text = await terminalText();
    // GREETING=Hi and the volume ./out:/data/out come from the deployment's job_variables.
    expect(text).toContain('Hi, e2e! (3/3)');
    expect(readFileSync(join(project, 'out', 'e2e.txt'), 'utf8')).toBe('Hi, e2e!\n');
    const row = page.getByTestId('history-entry').first();
    await row.waitFor();
    expect(await row.getAttribute('data-result')).toBe('success');
    expect(await row.getByTestId('history-exit').textContent()).toBe('exit 0');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'runs.png') });
  });

  it('keeps up with 100,000 coloured lines, and finds a line in the log', async () => {
    await selectFlow('chatty');
    await page.getByTestId('param-lines').fill('100000');
    await page.getByTestId('param-prefix').fill('\u001b[31mred\u001b[0m');
    // Its default image, prefecthq/prefect:3-latest, is not here: the local python instead.
    await page.getByTestId('run-image-choice').selectOption('other');
    await page.getByTestId('run-image').fill(h.pythonImage);
    await page.getByTestId('run-pull-policy').selectOption('NEVER');
    await startRun();
    await expect.poll(result, { timeout: RUN_TIMEOUT }).toBe('Succeeded (exit code 0)');
    await expect.poll(terminalText, { timeout: 30_000 }).toContain('red 100000 of 100000');

    // ANSI colours reach the screen under the CSP: red is the theme's --ansi-1.
    const red = page.getByTestId('log-terminal').locator('.xterm-rows span.xterm-fg-1').last();
    expect(await red.textContent()).toBe('red');
    const colour = await page.evaluate(
      `getComputedStyle([...document.querySelectorAll('[data-testid="log-terminal"] .xterm-rows span.xterm-fg-1')].at(-1)).color`,
    );
    expect(colour).toBe('rgb(196, 40, 45)');

    await page.getByTestId('log-search').fill('red 99990 of');
    await expect
      .poll(() => page.getByTestId('log-search-status').textContent(), { timeout: 10_000 })
      .toBe('1 of 1');
    expect(await terminalText()).toContain('red 99990 of 100000');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'runs-logs.png') });
  });

  it('shows 24-bit colours under the CSP, through CSSOM rather than refused style attributes', async () => {
    // chatty is still selected, in the local image.
    await page.getByTestId('param-lines').fill('3');
    await page.getByTestId('param-prefix').fill('\u001b[38;2;18;52;86mtruecolour\u001b[0m');
    await startRun();
    await expect.poll(result, { timeout: RUN_TIMEOUT }).toBe('Succeeded (exit code 0)');
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('truecolour 3 of 3');
    const colour = await page.evaluate(
      `(() => {
        const spans = [...document.querySelectorAll('[data-testid="log-terminal"] .xterm-rows span')];
        const span = spans.filter((s) => s.textContent === 'truecolour').at(-1);
        return span ? getComputedStyle(span).color : 'no span';
      })()`,
    );
    expect(colour).toBe('rgb(18, 52, 86)');
    // The next test watches for the red prefix again.
    await page.getByTestId('param-prefix').fill('\u001b[31mred\u001b[0m');
  });

  it('shows the log while the run goes on, and cancels it', async () => {
    // chatty is still selected, in the local image: slow it down to watch it run.
    await page.getByTestId('param-lines').fill('1000');
    await page.getByTestId('param-delay').fill('0.05');
    await startRun();
    const phase = () =>
      page.locator('[data-testid="run-phases"] [aria-current="step"]').getAttribute('data-phase');
    await expect.poll(phase, { timeout: RUN_TIMEOUT }).toBe('running');
    await expect.poll(terminalText, { timeout: 20_000 }).toContain('red 20 of 1000');
    expect(await page.getByTestId('run-result').count()).toBe(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'runs-live.png') });

    await page.getByTestId('run-cancel').click();
    await expect.poll(result, { timeout: RUN_TIMEOUT }).toBe('Cancelled');
    expect(await terminalText()).not.toContain('red 1000 of 1000');
  });

  it('pulls another image from the registry, records its digest, and re-runs it from the history', async () => {
    await selectFlow('hello-explicit');
    await page.getByTestId('run-image-choice').selectOption('other');
    await page.getByTestId('run-image').fill(published);
    await page.getByTestId('run-pull-policy').selectOption('ALWAYS');
    const runId = await startRun();
    await expect.poll(result, { timeout: RUN_TIMEOUT }).toBe('Succeeded (exit code 0)');

    const row = page.locator(`[data-testid="history-entry"][data-run-id="${runId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('history-digest').getAttribute('title')).toBe(publishedDigest);
    const copy = row.getByRole('button', { name: 'Copy digest' });
    await copy.click();
    expect(String(await page.evaluate('navigator.clipboard.readText()'))).toBe(publishedDigest);
    // The "Copied" note fades after a moment; the screenshot below is taken without it.
    await expect.poll(() => copy.getAttribute('data-state'), { timeout: 5_000 }).toBe('idle');

    // Open an older run from the history: its log is read back from its file.
    const first = page.getByTestId('history-entry').last();
    await first.getByTestId('history-open').click();
    await expect.poll(terminalText, { timeout: 10_000 }).toContain('Hi, e2e! (3/3)');

    await row.getByTestId('history-open').click();
    await expect
      .poll(() => page.getByTestId('run-digest').getAttribute('title'))
      .toBe(publishedDigest);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'runs-history.png') });

    const before = await page.getByTestId('history-entry').count();
    await startRun(page.getByTestId('run-rerun'));
    await expect.poll(result, { timeout: RUN_TIMEOUT }).toBe('Succeeded (exit code 0)');
    await expect.poll(() => page.getByTestId('history-entry').count()).toBe(before + 1);
    const rerun = page.getByTestId('history-entry').first();
    expect(await rerun.getByTestId('history-digest').getAttribute('title')).toBe(publishedDigest);
  });

  it('offers Diagnose when the pull fails, and the Doctor names the cause', async () => {
    await selectFlow('hello-explicit');
    await page.getByTestId('run-image-choice').selectOption('other');
    await page.getByTestId('run-image').fill(`${h.tokenRegistry.host}/team/app:1`);
    await page.getByTestId('run-pull-policy').selectOption('ALWAYS');
    await startRun();
    await expect.poll(result, { timeout: RUN_TIMEOUT }).toBe('Failed before the flow ran');
    await page.getByTestId('run-diagnose').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'runs-pull-failed.png') });

    await page.getByTestId('run-diagnose').click();
    await expect
      .poll(() => page.getByTestId('diagnosis').getAttribute('data-cause'), { timeout: 20_000 })
      .toBe('no_credentials');
    expect(await page.title()).toBe('Doctor — Berth');
  });

  it('follows the OS into dark mode, terminal included', async () => {
    await page.getByTestId('nav-runs').click();
    await page.getByTestId('log-terminal').locator('.xterm-rows').waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    const style = (selector: string, property: 'color' | 'backgroundColor') =>
      page.evaluate(
        `getComputedStyle(document.querySelector('[data-testid="log-terminal"] ${selector}')).${property}`,
      );
    // The rows follow terminal.css; the viewport is painted by xterm from the theme it was given.
    await expect.poll(() => style('.xterm-rows', 'color')).toBe('rgb(232, 232, 237)');
    await expect.poll(() => style('.xterm-viewport', 'backgroundColor')).toBe('rgb(17, 17, 20)');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'runs-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('breaks no rule of the CSP, xterm included (its styles go through CSSOM)', () => {
    expect(berth.cspViolations).toEqual([]);
  });
});
