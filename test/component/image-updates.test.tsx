import { act, fireEvent, screen, within } from '@testing-library/react';
import { expect, it } from 'vitest';
import type { UpdateCheck } from '../../src/shared/image-content';
import { createFakeClient } from './fake-client';
import { engineUp, threeImages } from './fixtures';
import { renderApp, setUpComponentDom } from './harness';

setUpComponentDom();

const check = (reference: string, status: UpdateCheck['status']): UpdateCheck => ({
  reference,
  status,
  localDigests: status === 'local_only' ? [] : [`sha256:${'1'.repeat(64)}`],
  remoteDigest: status === 'changed' ? `sha256:${'2'.repeat(64)}` : null,
  remoteIsIndex: false,
  rateLimit: null,
  summary: `${reference} is ${status}`,
  error: null,
});

it('checks every tag once with HEADs, badges each image, and refreshes a stale one with a pull', async () => {
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'images.list': () => threeImages,
    'images.checkUpdates': ({ references }) => ({
      checks: references.map((r) => check(r, r.startsWith('nginx') ? 'changed' : 'current')),
    }),
    'pull.start': () => ({ pullId: 'p1' }),
  });
  renderApp(fake, { screen: 'images' });
  await screen.findByTestId('images-table');

  await act(async () => fireEvent.click(screen.getByTestId('check-updates')));
  // Each tag once, untagged images left out.
  expect(fake.callsTo('images.checkUpdates')).toEqual([
    {
      references: [
        'nginx:1.27',
        'nginx:latest',
        'registry.example.com/web/nginx:1.27',
        'alpine:3.20',
      ],
    },
  ]);
  const rows = screen.getAllByTestId('image-row');
  const alpine = rows.find((r) => r.textContent?.includes('alpine')) as HTMLElement;
  const nginx = rows.find((r) => r.textContent?.includes('nginx:1.27')) as HTMLElement;
  expect(within(alpine).getByTestId('update-badge').textContent).toBe('Up to date');
  const stale = within(nginx).getByTestId('update-badge');
  expect(stale.textContent).toBe('Update available: pull');
  expect(stale.getAttribute('title')).toBe('nginx:1.27 is changed');

  await act(async () => fireEvent.click(stale));
  expect(fake.callsTo('pull.start')).toEqual([
    expect.objectContaining({ reference: 'nginx:1.27' }),
  ]);
});
