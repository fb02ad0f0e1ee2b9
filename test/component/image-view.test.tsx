import { act, fireEvent, screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import type { FileTree, RemoteImage } from '../../src/shared/image-content';
import { createFakeClient } from './fake-client';
import { detailsOf, engineUp, threeImages } from './fixtures';
import { renderApp, setUpComponentDom } from './harness';

setUpComponentDom();

const nginx = threeImages[0];
if (!nginx) throw new Error('fixture missing');
const digest = `sha256:${'d1'.repeat(32)}`;

const remote: RemoteImage = {
  reference: `docker.io/library/nginx@${digest}`,
  digest,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  index: null,
  manifestDigest: digest,
  configDigest: `sha256:${'c0'.repeat(32)}`,
  platform: { os: 'linux', architecture: 'amd64' },
  created: '2026-01-01T00:00:00Z',
  author: null,
  entrypoint: ['/docker-entrypoint.sh'],
  cmd: ['nginx', '-g', 'daemon off;'],
  env: ['PATH=/usr/bin', 'NGINX_VERSION=1.27.0'],
  user: '',
  workingDir: '',
  labels: { maintainer: 'NGINX' },
  exposedPorts: ['80/tcp'],
  history: [],
  layers: [
    {
      digest: `sha256:${'a1'.repeat(32)}`,
      mediaType: 'x',
      size: 30_000_000,
      diffId: null,
      createdBy: 'ADD rootfs',
    },
    {
      digest: `sha256:${'a2'.repeat(32)}`,
      mediaType: 'x',
      size: 3_000,
      diffId: null,
      createdBy: 'RUN echo',
    },
  ],
  compressedSize: 30_003_000,
  rateLimit: null,
};

/** 100,000 files, as a big image's merged tree would be. */
const tree: FileTree = {
  reference: remote.reference,
  manifestDigest: digest,
  layers: [],
  files: Array.from({ length: 100_000 }, (_, i) => ({
    path: i === 7 ? 'etc/nginx/nginx.conf' : `usr/share/f${String(i).padStart(6, '0')}`,
    kind: 'file' as const,
    size: 100 + i,
    mode: 0o644,
    layer: i === 7 ? 1 : 0,
    earlierLayers: i === 7 ? [0] : [],
  })),
  removed: [{ path: 'tmp/cache', layer: 1, size: 10 }],
  wastedBytes: 10,
  totalBytes: 5_000_000_000,
};

it('opens an image from its details: config and layers, a virtualised 100,000-file tree, referrers and a diff', async () => {
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'images.list': () => threeImages,
    'images.inspect': () => detailsOf(nginx),
    'images.remoteInspect': () => remote,
    'images.files': () => ({ jobId: 'files-1' }),
    'images.referrers': () => ({
      reference: remote.reference,
      digest,
      api: 'fallback',
      referrers: [],
    }),
    'images.diff': ({ a, b }) => ({
      a: { reference: a, digest, manifestDigest: digest },
      b: {
        reference: b,
        digest: `sha256:${'ee'.repeat(32)}`,
        manifestDigest: `sha256:${'ee'.repeat(32)}`,
      },
      sameDigest: false,
      sameManifest: false,
      manifest: [],
      config: [{ field: 'Env NGINX_VERSION', change: 'changed', a: '1.27.0', b: '1.27.1' }],
      layers: { shared: [], onlyA: [], onlyB: [] },
      files: [{ path: 'etc/nginx/nginx.conf', change: 'changed', sizeA: 10, sizeB: 12 }],
    }),
  });
  renderApp(fake, { screen: 'images' });
  const row = (await screen.findAllByTestId('image-row')).find(
    (r) => r.getAttribute('data-image-id') === nginx.id,
  );
  await act(async () => fireEvent.click(row as HTMLElement));
  await act(async () => fireEvent.click(await screen.findByTestId('image-look-inside')));

  // The exact image the engine recorded, by digest, read from the registry.
  expect(fake.callsTo('images.remoteInspect')).toEqual([{ reference: nginx.repoDigests[0] }]);
  const view = await screen.findByTestId('image-view');
  const overview = await within(view).findByTestId('image-overview');
  expect(overview.textContent).toContain('/docker-entrypoint.sh');
  expect(overview.textContent).toContain('NGINX_VERSION');
  expect(within(overview).getByTestId('layers-chart').querySelectorAll('li')).toHaveLength(2);

  await act(async () => fireEvent.click(within(view).getByTestId('image-tab-files')));
  expect(fake.callsTo('images.files')).toEqual([{ reference: nginx.repoDigests[0] }]);
  await act(async () => fake.emit('images.files.done', { jobId: 'files-1', tree }));
  expect(within(view).getByTestId('files-summary').textContent).toContain('100,000 files');
  // Virtualised: a screenful of rows in the DOM, not 100,000.
  expect(within(view).queryAllByTestId('file-row').length).toBeLessThan(100);
  await act(async () =>
    fireEvent.change(within(view).getByTestId('files-filter'), { target: { value: 'nginx.conf' } }),
  );
  const rows = within(view).getAllByTestId('file-row');
  expect(rows.map((r) => r.getAttribute('data-path'))).toEqual(['etc/nginx/nginx.conf']);
  expect(rows[0]?.textContent).toContain('changed in 1');

  await act(async () => fireEvent.click(within(view).getByTestId('image-tab-referrers')));
  expect((await within(view).findByTestId('image-referrers')).textContent).toContain(
    'No signatures, SBOMs or attestations',
  );

  await act(async () => fireEvent.click(within(view).getByTestId('image-tab-diff')));
  await act(async () =>
    fireEvent.change(within(view).getByTestId('diff-other'), { target: { value: 'nginx:1.27.1' } }),
  );
  await act(async () => fireEvent.click(within(view).getByTestId('diff-run')));
  const result = await within(view).findByTestId('diff-result');
  expect(within(result).getByTestId('diff-config').textContent).toContain('1.27.1');
  expect(within(result).getByTestId('diff-file').getAttribute('data-change')).toBe('changed');
  expect(fake.callsTo('images.diff')).toEqual([
    { a: nginx.repoDigests[0], b: 'nginx:1.27.1', files: true },
  ]);
}, 60_000);

it('shows the first files as the layers stream, labelled unmerged with the layer and bytes read, then the merged tree in their place', async () => {
  const first = (path: string, layer: number) => ({
    path,
    kind: 'file' as const,
    size: 10,
    mode: 0o644,
    layer,
    earlierLayers: [],
  });
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'images.list': () => threeImages,
    'images.inspect': () => detailsOf(nginx),
    'images.remoteInspect': () => remote,
    // The host's first events can beat its answer with the job id: they must not be lost.
    'images.files': () => {
      fake.emit('images.files.progress', {
        jobId: 'files-2',
        layersDone: 0,
        layers: 2,
        bytes: 1_048_576,
        totalBytes: 30_003_000,
        entries: 2,
      });
      fake.emit('images.files.rows', {
        jobId: 'files-2',
        layer: 0,
        rows: [first('etc/nginx/nginx.conf', 0), first('tmp/cache', 0)],
      });
      // Another listing's rows (one closed a moment ago) are not this one's.
      fake.emit('images.files.rows', {
        jobId: 'files-old',
        layer: 0,
        rows: [first('elsewhere', 0)],
      });
      return { jobId: 'files-2' };
    },
  });
  renderApp(fake, { screen: 'images' });
  const row = (await screen.findAllByTestId('image-row')).find(
    (r) => r.getAttribute('data-image-id') === nginx.id,
  );
  await act(async () => fireEvent.click(row as HTMLElement));
  await act(async () => fireEvent.click(await screen.findByTestId('image-look-inside')));
  const view = await screen.findByTestId('image-view');
  await act(async () => fireEvent.click(within(view).getByTestId('image-tab-files')));

  const paths = () =>
    within(view)
      .queryAllByTestId('file-row')
      .map((r) => r.getAttribute('data-path'));
  const status = () => within(view).getByTestId('files-listing-status');
  expect(paths()).toEqual(['etc/nginx/nginx.conf', 'tmp/cache']);
  expect(
    within(view)
      .getAllByTestId('file-row')
      .every((r) => r.dataset.first === 'true'),
  ).toBe(true);
  // Not yet merged: whether a row adds or changes is not claimed, and no summary is given.
  expect(within(view).getAllByTestId('file-row')[0]?.textContent).toContain('in layer 0');
  expect(status().textContent).toContain('First files, still reading layer 1 of 2');
  expect(status().textContent).toContain('not yet merged');
  expect(within(view).queryByTestId('files-summary')).toBeNull();
  expect(status().querySelector('progress')?.getAttribute('value')).toBe('1048576');

  // More rows as the second layer streams; the filter typed now stays for the merged tree.
  const shown = performance.now();
  await act(async () => {
    fake.emit('images.files.progress', {
      jobId: 'files-2',
      layersDone: 1,
      layers: 2,
      bytes: 30_000_000,
      totalBytes: 30_003_000,
      entries: 3,
    });
    fake.emit('images.files.rows', {
      jobId: 'files-2',
      layer: 1,
      rows: [first('etc/nginx/nginx.conf', 1)],
    });
  });
  expect(performance.now() - shown).toBeLessThan(200);
  expect(paths()).toEqual(['etc/nginx/nginx.conf', 'tmp/cache', 'etc/nginx/nginx.conf']);
  expect(status().textContent).toContain('still reading layer 2 of 2');
  await act(async () =>
    fireEvent.change(within(view).getByTestId('files-filter'), { target: { value: 'nginx' } }),
  );
  expect(paths()).toEqual(['etc/nginx/nginx.conf', 'etc/nginx/nginx.conf']);

  await act(async () => fake.emit('images.files.done', { jobId: 'files-2', tree }));
  expect(within(view).queryByTestId('files-listing-status')).toBeNull();
  expect(within(view).getByTestId('files-summary').textContent).toContain('100,000 files');
  expect(paths()).toEqual(['etc/nginx/nginx.conf']);
  const merged = within(view).getAllByTestId('file-row')[0];
  expect(merged?.dataset.first).toBeUndefined();
  expect(merged?.textContent).toContain('changed in 1');
  // Rows that come after the tree (none should) change nothing.
  await act(async () =>
    fake.emit('images.files.rows', { jobId: 'files-2', layer: 1, rows: [first('late', 1)] }),
  );
  expect(paths()).toEqual(['etc/nginx/nginx.conf']);
}, 60_000);
