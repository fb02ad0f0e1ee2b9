/**
 * A Valohai project on the Runs screen in Chromium, end to end against the real dockerd: the
 * parity check before the run, a run with a local input file, its outputs listed, and the
 * copied `docker run` line run with the docker CLI to the same result.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { openBerthPage } from './berth-page';
import type { BerthPage } from './berth-page';

const RUN_TIMEOUT = 90_000;

const COUNT_PY = `import os, sys
folder = os.path.join(os.environ["VH_INPUTS_DIR"], "rows")
name = sorted(os.listdir(folder))[0]
with open(os.path.join(folder, name)) as f:
    rows = [line for line in f.read().splitlines() if line]
summary = "%s: %d rows, first %s" % (name, len(rows), rows[0])
print(summary)
with open(os.path.join(os.environ["VH_OUTPUTS_DIR"], "summary.txt"), "w") as out:
    out.write(summary + "\\n")
`;

describeWithHarness(
  'a Valohai run with its parity check, inputs, outputs and docker run line',
  (h) => {
    let berth: BerthPage;
    let page: Page;
    let project: string;

    beforeAll(async () => {
      project = mkdtempSync(join(tmpdir(), 'berth-e2e-valohai-'));
      writeFileSync(
        join(project, 'valohai.yaml'),
        `- step:
    name: count
    image: ${h.pythonImage}
    command: python3 count.py
    inputs:
      - name: rows
        default: https://example.com/rows.csv
`,
      );
      writeFileSync(join(project, 'count.py'), COUNT_PY);
      mkdirSync(join(project, 'data'));
      writeFileSync(join(project, 'data', 'rows.csv'), 'alpha\nbeta\ngamma\n');
      berth = await openBerthPage(h, {
        prefix: 'berth-e2e-parity-',
        height: 1100,
        clipboard: true,
      });
      page = berth.page;
      await page.getByTestId('nav-runs').click();
    });

    afterAll(async () => {
      await berth?.close();
      rmSync(project, { recursive: true, force: true });
    });

    it('shows the parity check, runs with an input file, lists its outputs, and its docker run line gives the same result', async () => {
      await page.getByTestId('runs-empty-open').click();
      await page.getByTestId('project-path').fill(project);
      await page.getByTestId('project-open').click();
      await page.getByTestId('flow-item').filter({ hasText: 'count' }).first().click();

      // The parity check: the image is on the engine; the registry has no say (a local image).
      const image = page.getByTestId('parity-image');
      await expect.poll(() => image.getAttribute('data-status'), { timeout: 30_000 }).toBe('ok');
      expect(await image.textContent()).toContain(h.pythonImage);
      expect(await page.getByTestId('parity-env').getAttribute('data-status')).toBe('ok');
      expect(await page.getByTestId('parity-entrypoint').getAttribute('data-status')).toBe('ok');

      await page.getByTestId('input-rows').fill('data/rows.csv');
      await page.getByTestId('run-start').click();
      await expect
        .poll(() => page.getByTestId('run-result').textContent(), { timeout: RUN_TIMEOUT })
        .toBe('Succeeded (exit code 0)');

      // Outputs and inputs, from the run's ledger entry.
      const outputs = page.getByTestId('run-output');
      await expect
        .poll(() => outputs.allTextContents(), { timeout: 15_000 })
        .toEqual(['summary.txt']);
      expect(await page.getByTestId('run-entry-inputs').textContent()).toContain(
        `rows: ${join(project, 'data', 'rows.csv')}`,
      );
      const outputsDir = String(
        await page.getByTestId('run-outputs').locator('.mono').first().textContent(),
      );
      const summary = readFileSync(join(outputsDir, 'summary.txt'), 'utf8');
      expect(summary).toBe('rows.csv: 3 rows, first alpha\n');

      // The docker run line, copied with its button and run with the real docker CLI.
      const lineRow = page.getByTestId('run-docker-line');
      await page.getByRole('button', { name: 'Copy docker run line' }).click();
      const copied = String(await page.evaluate('navigator.clipboard.readText()'));
      expect(copied).toBe(await lineRow.textContent());
      expect(copied).toContain(':/valohai/inputs/rows/rows.csv:ro');
      rmSync(join(outputsDir, 'summary.txt'));
      const stdout = execFileSync('sh', ['-c', copied], {
        env: { ...process.env, DOCKER_HOST: h.dockerHost },
        encoding: 'utf8',
        timeout: RUN_TIMEOUT,
      });
      expect(stdout.trim()).toBe(summary.trim());
      expect(readFileSync(join(outputsDir, 'summary.txt'), 'utf8')).toBe(summary);
    });
  },
);
