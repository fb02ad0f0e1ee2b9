// `npm test`: every check CI runs, in order, stopping at the first failure: lint, typecheck,
// build, unit + component, integration (real dockerd / docker-registry), oracle (the real docker
// CLI, podman and skopeo against Berth's credential answers), e2e (Chromium).
// Ends with one plain "N passed, N failed" line summing every vitest layer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = mkdtempSync(join(tmpdir(), 'berth-test-reports-'));
const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };

const npx = (args) => ['npx', ['--no-install', ...args]];
const vitest = (name, projects) => {
  const report = join(reports, `${name}.json`);
  const projectArgs = projects.flatMap((p) => ['--project', p]);
  return {
    name,
    report,
    cmd: npx([
      'vitest',
      'run',
      ...projectArgs,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ]),
  };
};

const steps = [
  { name: 'lint', cmd: ['npm', ['run', '--silent', 'lint']] },
  { name: 'typecheck', cmd: ['npm', ['run', '--silent', 'typecheck']] },
  { name: 'build', cmd: ['node', [join(root, 'scripts', 'build.mjs')]] },
  vitest('unit', ['unit', 'component']),
  vitest('integration', ['integration']),
  vitest('oracle', ['oracle']),
  vitest('e2e', ['e2e']),
].filter((step) => only.length === 0 || only.includes(step.name));

let failedStep;
for (const step of steps) {
  const started = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const [command, args] = step.cmd;
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (step.report) {
    try {
      const json = JSON.parse(readFileSync(step.report, 'utf8'));
      totals.passed += json.numPassedTests ?? 0;
      totals.failed += json.numFailedTests ?? 0;
      totals.skipped += (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
    } catch {
      /* no report: the step failed before running tests */
    }
  }
  console.log(
    `=== ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`,
  );
  if (result.status !== 0) {
    failedStep = step.name;
    break;
  }
}
rmSync(reports, { recursive: true, force: true });

if (failedStep) console.log(`\nFailed at: ${failedStep}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
