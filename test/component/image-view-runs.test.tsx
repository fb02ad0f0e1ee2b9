/**
 * The Runs screen's image: an update badge for the flow's image (a stale local copy is one
 * click from a refresh pull, re-checked when the pull lands) and "Look inside" for the image a
 * flow would run and for the exact digest a past run used.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { withHeadlessTerminal } from './headless-xterm';
import type { HeadlessScreen } from './headless-xterm';
import { flowDefaults } from '../../src/shared/flows';
import type { DiscoveryResult, FlowDefinition } from '../../src/shared/flows';
import type { UpdateCheck } from '../../src/shared/image-content';
import type { RunEntry } from '../../src/shared/ledger';
import { BerthError } from '../../src/shared/errors';
import { createFakeClient } from './fake-client';
import type { FakeHandlers } from './fake-client';
import { engineUp } from './fixtures';
import { click, renderApp, setUpComponentDom, type } from './harness';

const screens = vi.hoisted(() => [] as HeadlessScreen[]);
const breakTerminal = vi.hoisted(() => ({ next: false }));
vi.mock('../../renderer/src/runs/xterm-screen', async () =>
  (await import('./headless-xterm')).headlessXtermModule(screens, breakTerminal),
);

setUpComponentDom();
// Each test opens a project and renders the whole Runs screen: seconds on a busy 2-core box.
vi.setConfig({ testTimeout: 15_000 });

withHeadlessTerminal(screens);

const ROOT = '/home/me/project';
const IMAGE = 'registry.example.com/team/flows:1';
const OLD = `sha256:${'1'.repeat(64)}`;
const NEW = `sha256:${'2'.repeat(64)}`;

const hello: FlowDefinition = {
  id: 'prefect-deployment:prefect.yaml:hello',
  kind: 'prefect-deployment',
  name: 'hello',
  file: 'prefect.yaml',
  line: 1,
  image: IMAGE,
  imageFrom: 'work_pool.job_variables.image',
  command: null,
  entrypoint: { path: 'flows/hello.py', function: 'hello' },
  parameters: [],
  ...flowDefaults(),
};
const discovery: DiscoveryResult = { root: ROOT, flows: [hello], problems: [] };

const check = (reference: string, status: UpdateCheck['status']): UpdateCheck => ({
  reference,
  status,
  localDigests: [OLD],
  remoteDigest: status === 'changed' ? NEW : OLD,
  remoteIsIndex: false,
  rateLimit: null,
  summary: status === 'changed' ? `${reference} now points to ${NEW}` : `${reference} is current`,
  error: null,
});

const pastRun: RunEntry = {
  kind: 'run',
  id: 'run-past',
  time: '2026-06-01T09:50:00.000Z',
  flowId: hello.id,
  flowName: hello.name,
  projectDir: ROOT,
  parameters: {},
  reference: IMAGE,
  digest: OLD,
  engine: 'unix:///var/run/docker.sock',
  pullPolicy: 'IF_NOT_PRESENT',
  durationMs: 1200,
  exitCode: 0,
  result: 'success',
  cause: null,
  message: null,
  logFile: '/data/runs/run-past.log',
};

function setUp(handlers: FakeHandlers, entries: RunEntry[] = [pastRun], image = IMAGE) {
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'projects.recent': () => ({ projects: [] }),
    'projects.choose': () => {
      throw new BerthError('projects.not_supported', 'Browser mode cannot show a folder dialog.');
    },
    'flows.discover': () => ({ ...discovery, flows: [{ ...hello, image }] }),
    'engine.contexts': () => ({ engines: [] }),
    'runs.list': () => ({ active: [], entries, skipped: 0 }),
    'runs.check': () => ({
      flowId: hello.id,
      flowName: hello.name,
      reference: IMAGE,
      engine: 'unix:///var/run/docker.sock',
      checks: [],
    }),
    'runs.log': () => ({ text: '', truncated: false, bytes: 0 }),
    'images.list': () => [],
    'images.remoteInspect': ({ reference }) => {
      throw new BerthError('registry.unreachable', `not in this test: ${reference}`);
    },
    ...handlers,
  });
  renderApp(fake, { screen: 'runs' });
  return fake;
}

async function openProject() {
  await type(await screen.findByTestId('project-path'), ROOT);
  await click(screen.getByTestId('project-open'));
  await screen.findByTestId('flow-list');
}

it('badges a stale flow image, refreshes it with one pull, and shows it up to date once the pull lands', async () => {
  let pulled = false;
  const fake = setUp({
    'images.checkUpdates': ({ references }) => ({
      checks: references.map((r) => check(r, pulled ? 'current' : 'changed')),
    }),
    'pull.start': () => ({ pullId: 'p1' }),
  });
  await openProject();
  const bar = await screen.findByTestId('flow-image-bar');
  expect(bar.textContent).toContain(IMAGE);
  // One HEAD for the flow's image, asked once the form settles.
  const badge = await within(bar).findByTestId('update-badge', {}, { timeout: 2000 });
  expect(fake.callsTo('images.checkUpdates')).toEqual([{ references: [IMAGE] }]);
  expect(badge.textContent).toBe('Update available: pull');
  expect(badge.getAttribute('title')).toContain(NEW);

  await click(badge);
  expect(fake.callsTo('pull.start')).toEqual([expect.objectContaining({ reference: IMAGE })]);
  await waitFor(() =>
    expect(within(bar).getByTestId('update-badge').textContent).toBe('Refreshing…'),
  );

  pulled = true;
  await act(async () => {
    fake.emit('pull.done', {
      pullId: 'p1',
      reference: IMAGE,
      result: 'success',
      digest: NEW,
      entryId: 'e1',
    });
  });
  await waitFor(() =>
    expect(within(bar).getByTestId('update-badge').textContent).toBe('Up to date'),
  );
  expect(fake.callsTo('images.checkUpdates')).toHaveLength(2);
});

it('says an image the engine lacks is not on the engine instead of a failed check', async () => {
  setUp({
    'images.checkUpdates': ({ references }) => ({
      checks: references.map((reference) => ({
        ...check(reference, 'failed'),
        localDigests: [],
        summary: `The engine has no image ${reference} to compare`,
        error: { code: 'engine.not_found', message: 'No such image' },
      })),
    }),
  });
  await openProject();
  const bar = await screen.findByTestId('flow-image-bar');
  await within(bar).findByTestId('flow-image-not-local', {}, { timeout: 2000 });
  expect(within(bar).queryByTestId('update-badge')).toBeNull();
});

it('opens the image view for the flow image, and for the digest a past run used', async () => {
  const fake = setUp({
    'images.checkUpdates': ({ references }) => ({
      checks: references.map((r) => check(r, 'current')),
    }),
  });
  await openProject();
  await click(await screen.findByTestId('flow-look-inside'));
  const view = await screen.findByTestId('image-view');
  expect(view.querySelector('.dialog__title')?.textContent).toBe(IMAGE);
  expect(fake.callsTo('images.remoteInspect')).toEqual([{ reference: IMAGE }]);
  await click(within(view).getAllByRole('button', { name: 'Close' })[0] as HTMLElement);
  expect(screen.queryByTestId('image-view')).toBeNull();

  // The past run, by digest: what ran, even after the tag moved on.
  await click(await screen.findByTestId('history-open'));
  await click(await screen.findByTestId('run-look-inside'));
  expect(fake.callsTo('images.remoteInspect')).toEqual([
    { reference: IMAGE },
    { reference: `registry.example.com/team/flows@${OLD}` },
  ]);
});

it("compares a failed run's image with the last good run's in the image view", async () => {
  const failed: RunEntry = {
    ...pastRun,
    id: 'run-failed',
    time: '2026-06-02T09:50:00.000Z',
    digest: NEW,
    exitCode: 1,
    result: 'failed',
    message: 'exit 1',
  };
  const fake = setUp(
    {
      'images.checkUpdates': ({ references }) => ({
        checks: references.map((r) => check(r, 'current')),
      }),
      'images.diff': ({ a, b }) => ({
        a: { reference: a, digest: NEW, manifestDigest: NEW },
        b: { reference: b, digest: OLD, manifestDigest: OLD },
        sameDigest: false,
        sameManifest: false,
        manifest: [],
        config: [{ field: 'Env APP_MODE', change: 'changed', a: 'two', b: 'one' }],
        layers: { shared: [], onlyA: [], onlyB: [] },
        files: [],
      }),
    },
    [failed, pastRun],
  );
  await openProject();
  const failedRow = (await screen.findAllByTestId('history-entry')).find(
    (row) => row.dataset['runId'] === 'run-failed',
  );
  await click(within(failedRow as HTMLElement).getByTestId('history-open'));
  const lastGood = await screen.findByTestId('run-last-good');
  expect(lastGood.dataset['same']).toBe('false');
  await click(within(lastGood).getByTestId('run-compare-last-good'));
  expect(fake.callsTo('images.diff')).toEqual([
    {
      a: `registry.example.com/team/flows@${NEW}`,
      b: `registry.example.com/team/flows@${OLD}`,
      files: true,
    },
  ]);
  const view = await screen.findByTestId('image-view');
  expect(within(view).getByTestId('image-tab-diff').getAttribute('aria-selected')).toBe('true');
  expect((await within(view).findByTestId('diff-config')).textContent).toContain('APP_MODE');
});

it('says a failed run ran the same image as the last good one', async () => {
  const failed: RunEntry = {
    ...pastRun,
    id: 'run-failed',
    time: '2026-06-02T09:50:00.000Z',
    exitCode: 1,
    result: 'failed',
  };
  const fake = setUp(
    {
      'images.checkUpdates': ({ references }) => ({
        checks: references.map((r) => check(r, 'current')),
      }),
    },
    [failed, pastRun],
  );
  await openProject();
  const failedRow = (await screen.findAllByTestId('history-entry')).find(
    (row) => row.dataset['runId'] === 'run-failed',
  );
  await click(within(failedRow as HTMLElement).getByTestId('history-open'));
  const lastGood = await screen.findByTestId('run-last-good');
  expect(lastGood.dataset['same']).toBe('true');
  expect(lastGood.textContent).toContain('the image is not what changed');
  expect(within(lastGood).queryByTestId('run-compare-last-good')).toBeNull();
  expect(fake.callsTo('images.diff')).toEqual([]);
});

it('follows a Docker Hub short name through its refresh pull to up to date', async () => {
  let pulled = false;
  const canonical = 'docker.io/team/flows:1';
  const fake = setUp(
    {
      // The core answers with the canonical reference, as update-check.ts does.
      'images.checkUpdates': ({ references }) => ({
        checks: references.map(() => check(canonical, pulled ? 'current' : 'changed')),
      }),
      'pull.start': () => ({ pullId: 'p1' }),
    },
    [],
    'team/flows:1',
  );
  await openProject();
  const bar = await screen.findByTestId('flow-image-bar');
  const badge = await within(bar).findByTestId('update-badge', {}, { timeout: 2000 });
  expect(badge.textContent).toBe('Update available: pull');
  await click(badge);
  expect(fake.callsTo('pull.start')).toEqual([expect.objectContaining({ reference: canonical })]);
  pulled = true;
  await act(async () => {
    fake.emit('pull.done', {
      pullId: 'p1',
      reference: canonical,
      result: 'success',
      digest: NEW,
      entryId: 'e1',
    });
  });
  await waitFor(() =>
    expect(within(bar).getByTestId('update-badge').textContent).toBe('Up to date'),
  );
});

it('asks nothing about an image pinned by digest: it never moves', async () => {
  const fake = setUp({}, [], `registry.example.com/team/flows@${OLD}`);
  await openProject();
  const bar = await screen.findByTestId('flow-image-bar');
  await new Promise((resolve) => setTimeout(resolve, 600));
  expect(fake.callsTo('images.checkUpdates')).toEqual([]);
  expect(within(bar).queryByTestId('update-badge')).toBeNull();
  expect(within(bar).getByTestId('flow-look-inside')).toBeTruthy();
});
