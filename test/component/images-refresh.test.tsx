/**
 * Issue 16: the Images list follows what changes the engine's images without a click: a pull
 * that lands (from any screen), a run that pulled or built its image, and the engine's own
 * image events (images.changed: what a terminal does). A burst of changes
 * costs one reload; a failed pull or a run that pulled nothing costs none.
 */
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { expect, it } from 'vitest';
import type { ImageSummary } from '../../src/shared/contract';
import type { ActiveRun } from '../../src/shared/runs';
import { IMAGES_RELOAD_COALESCE_MS } from '../../renderer/src/state/images-store';
import { createFakeClient } from './fake-client';
import { engineUp, image, threeImages } from './fixtures';
import { renderApp, setUpComponentDom } from './harness';
import { handDrivenSignals } from './stream-signals';

setUpComponentDom();

const pulled = image({ seed: 'f9', repoTags: ['registry.example:5000/team/app:1'] });
const built = image({ seed: 'f8', repoTags: ['flows-local:dev'] });

const tags = () => screen.getAllByTestId('image-row').map((row) => row.textContent ?? '');
/** Longer than the coalescing window, so a reload that is coming has come. */
const settle = () =>
  act(() => new Promise((resolve) => setTimeout(resolve, IMAGES_RELOAD_COALESCE_MS * 2)));

function setUp() {
  let listed: ImageSummary[] = threeImages;
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'images.list': () => listed,
  });
  renderApp(fake, { screen: 'images' });
  return {
    fake,
    list: (images: ImageSummary[]) => {
      listed = images;
    },
    reloads: () => fake.callsTo('images.list').length - 1,
  };
}

const run = (phase: ActiveRun['phase']): ActiveRun => ({
  runId: 'r1',
  flowId: 'prefect-deployment:prefect.yaml:hello',
  flowName: 'hello',
  projectDir: '/home/me/project',
  reference: 'flows-local:dev',
  engine: 'default',
  started: '2026-12-03T07:00:00.000Z',
  phase,
  pull: null,
});

it('lists a pulled image without a click: three pulls landing together cost one reload', async () => {
  const { fake, list, reloads } = setUp();
  await screen.findAllByTestId('image-row');
  expect(tags().some((t) => t.includes('team/app'))).toBe(false);

  list([...threeImages, pulled]);
  await act(async () => {
    for (const pullId of ['p1', 'p2', 'p3'])
      fake.emit('pull.done', {
        pullId,
        reference: 'registry.example:5000/team/app:1',
        result: 'success',
        digest: `sha256:${'9'.repeat(64)}`,
        entryId: `e-${pullId}`,
      });
  });
  await waitFor(() => expect(tags().some((t) => t.includes('team/app'))).toBe(true));
  await settle();
  expect(reloads()).toBe(1);

  // A pull that failed changed nothing: no reload.
  await act(async () =>
    fake.emit('pull.done', {
      pullId: 'p4',
      reference: 'registry.example:5000/team/app:2',
      result: 'failed',
      digest: null,
      entryId: 'e-p4',
    }),
  );
  await settle();
  expect(reloads()).toBe(1);
});

it('lists the image a run pulled or built once the run moves on, and not for a run that pulled nothing', async () => {
  const { fake, list, reloads } = setUp();
  await screen.findAllByTestId('image-row');

  // A run of an image already there: creating, running, done; the list is left alone.
  await act(async () => {
    fake.emit('run.status', { ...run('creating'), runId: 'r0' });
    fake.emit('run.status', { ...run('running'), runId: 'r0' });
    fake.emit('run.done', {
      runId: 'r0',
      result: 'success',
      exitCode: 0,
      digest: null,
      entryId: 'e-r0',
    });
  });
  await settle();
  expect(reloads()).toBe(0);

  list([...threeImages, built]);
  await act(async () => fake.emit('run.status', { ...run('building'), builds: true }));
  await settle();
  expect(reloads()).toBe(0);
  await act(async () => fake.emit('run.status', run('creating')));
  await waitFor(() => expect(tags().some((t) => t.includes('flows-local:dev'))).toBe(true));
  await act(async () => fake.emit('run.status', run('running')));
  await settle();
  expect(reloads()).toBe(1);
});

it("follows the engine's own image events (a terminal's docker load, rmi, pull): one reload per burst, shown badges checked again", async () => {
  let listed: ImageSummary[] = threeImages;
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'images.list': () => listed,
    'images.checkUpdates': ({ references }) => ({
      checks: references.map((reference) => ({
        reference,
        status: 'current' as const,
        localDigests: [`sha256:${'1'.repeat(64)}`],
        remoteDigest: null,
        remoteIsIndex: false,
        rateLimit: null,
        summary: `${reference} is current`,
        error: null,
      })),
    }),
  });
  renderApp(fake, { screen: 'images' });
  await screen.findAllByTestId('image-row');
  const reloads = () => fake.callsTo('images.list').length - 1;

  // `docker load` of alpine:edge in a terminal: it shows without a click.
  listed = [...threeImages, image({ seed: 'f7', repoTags: ['alpine:edge'] })];
  await act(async () =>
    fake.emit('images.changed', {
      actions: ['load', 'tag'],
      references: ['alpine:edge'],
      resync: false,
    }),
  );
  await waitFor(() => expect(tags().some((t) => t.includes('alpine:edge'))).toBe(true));
  // No badge was shown for it: an event alone starts no registry request.
  expect(fake.callsTo('images.checkUpdates')).toEqual([]);

  // `docker rmi` of it, then a resync: two events close together, one reload.
  listed = threeImages;
  await act(async () => {
    fake.emit('images.changed', { actions: ['untag'], references: [], resync: false });
    fake.emit('images.changed', { actions: [], references: [], resync: true });
  });
  await waitFor(() => expect(tags().some((t) => t.includes('alpine:edge'))).toBe(false));
  await settle();
  expect(reloads()).toBe(2);

  // With badges shown, a terminal's `docker pull nginx:1.27` checks that one again.
  await act(async () => fireEvent.click(screen.getByTestId('check-updates')));
  expect(fake.callsTo('images.checkUpdates')).toHaveLength(1);
  await act(async () =>
    fake.emit('images.changed', {
      actions: ['pull'],
      references: ['nginx:1.27', 'busybox:1'],
      resync: false,
    }),
  );
  await settle();
  expect(fake.callsTo('images.checkUpdates').at(-1)).toEqual({ references: ['nginx:1.27'] });
  expect(reloads()).toBe(3);
});

it('reads a shown list again when the event stream comes back: an images.changed may have been missed', async () => {
  const { signals, setStream } = handDrivenSignals();
  let listed: ImageSummary[] = threeImages;
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'images.list': () => listed,
  });
  renderApp(fake, { screen: 'images', signals });
  await screen.findAllByTestId('image-row');
  await act(async () => setStream('reconnecting'));
  // While away, a terminal pulled an image; no event reached this page.
  listed = [...threeImages, pulled];
  await act(async () => setStream('live'));
  await waitFor(() => expect(tags().some((t) => t.includes('team/app'))).toBe(true));
  await settle();
  expect(fake.callsTo('images.list')).toHaveLength(2);
});
