import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../src/shared/contract';
import { createFakeClient } from './fake-client';
import { engineDown, engineUp, image, threeImages } from './fixtures';
import { renderApp, setUpComponentDom } from './harness';

setUpComponentDom();

const ids = {
  nginx: threeImages[0]?.id,
  alpine: threeImages[1]?.id,
  untagged: threeImages[2]?.id,
};

function rowIds(): (string | null)[] {
  return screen.getAllByTestId('image-row').map((row) => row.getAttribute('data-image-id'));
}

async function openImages(list: ImageSummary[] = threeImages) {
  const fake = createFakeClient({ 'engine.status': () => engineUp(), 'images.list': () => list });
  renderApp(fake, { screen: 'images' });
  return fake;
}

describe('Images table', () => {
  it('lists every image, newest first, with the first tag and "+N" for the others', async () => {
    await openImages();
    await screen.findByTestId('images-table');

    expect(rowIds()).toEqual([ids.alpine, ids.nginx, ids.untagged]);
    const nginxRow = screen.getAllByTestId('image-row')[1];
    expect(nginxRow?.textContent).toContain('nginx:1.27');
    expect(nginxRow?.textContent).toContain('+2');
    expect(nginxRow?.textContent).toContain('a1a1a1a1a1a1');
    expect(nginxRow?.textContent).toContain('sha256:d1d1d1d1d1d1…');
    expect(nginxRow?.textContent).toContain('190 MiB');
    expect(screen.getAllByTestId('image-row')[2]?.textContent).toContain('<none>');
    expect(screen.getByTestId('images-count').textContent).toBe('3 images');
  });

  it('shows the full ID on hover and copies the full repo@digest reference', async () => {
    await openImages();
    const row = (await screen.findAllByTestId('image-row'))[1] as HTMLElement;
    expect(within(row).getByText('a1a1a1a1a1a1').getAttribute('title')).toBe(ids.nginx);

    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void (copied = text) },
    });
    await act(async () =>
      fireEvent.click(within(row).getByRole('button', { name: 'Copy repo digest' })),
    );
    expect(copied).toBe(`nginx@sha256:${'d1'.repeat(32)}`);
    expect(within(row).getByText('Copied')).toBeTruthy();
    // Copying does not open the row.
    expect(screen.queryByTestId('image-details')).toBeNull();
  });

  it('filters by tag, ID or digest, case-insensitively, and counts what it shows', async () => {
    await openImages();
    await screen.findByTestId('images-table');
    const filter = screen.getByTestId('images-filter');

    fireEvent.change(filter, { target: { value: 'NGINX' } });
    expect(rowIds()).toEqual([ids.nginx]);
    expect(screen.getByTestId('images-count').textContent).toBe('1 of 3 images');

    fireEvent.change(filter, { target: { value: 'e2e2e2' } });
    expect(rowIds()).toEqual([ids.alpine]);

    fireEvent.change(filter, { target: { value: 'c3c3c3' } });
    expect(rowIds()).toEqual([ids.untagged]);

    fireEvent.change(filter, { target: { value: 'nothing-like-this' } });
    expect(screen.queryAllByTestId('image-row')).toHaveLength(0);
    expect(screen.getByTestId('images-count').textContent).toBe('0 of 3 images');
    expect(screen.getByText(/No image matches/)).toBeTruthy();
  });

  it('sorts by each column header, toggling the direction and aria-sort', async () => {
    await openImages();
    await screen.findByTestId('images-table');

    fireEvent.click(screen.getByTestId('sort-size'));
    expect(screen.getByTestId('sort-size').getAttribute('aria-sort')).toBe('ascending');
    expect(screen.getByTestId('sort-created').getAttribute('aria-sort')).toBe('none');
    expect(rowIds()).toEqual([ids.alpine, ids.untagged, ids.nginx]);

    fireEvent.click(within(screen.getByTestId('sort-size')).getByRole('button'));
    expect(screen.getByTestId('sort-size').getAttribute('aria-sort')).toBe('descending');
    expect(rowIds()).toEqual([ids.nginx, ids.untagged, ids.alpine]);

    fireEvent.click(screen.getByTestId('sort-tag'));
    expect(rowIds()).toEqual([ids.alpine, ids.nginx, ids.untagged]);
    fireEvent.click(screen.getByTestId('sort-tag'));
    // Untagged images stay at the bottom whichever way tags sort.
    expect(rowIds()).toEqual([ids.nginx, ids.alpine, ids.untagged]);

    fireEvent.click(screen.getByTestId('sort-id'));
    expect(rowIds()).toEqual([ids.nginx, ids.alpine, ids.untagged]);

    fireEvent.click(screen.getByTestId('sort-created'));
    expect(screen.getByTestId('sort-created').getAttribute('aria-sort')).toBe('ascending');
    expect(rowIds()).toEqual([ids.untagged, ids.nginx, ids.alpine]);
  });

  it('moves between rows with the arrow keys and opens one with its button', async () => {
    const fake = await openImages();
    const rows = await screen.findAllByTestId('image-row');
    const first = within(rows[0] as HTMLElement).getByRole('button', { name: 'alpine:3.20' });

    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    const second = within(rows[1] as HTMLElement).getByRole('button', { name: 'nginx:1.27' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(first);

    fake.handlers['images.inspect'] = () => new Promise(() => undefined);
    await act(async () => fireEvent.click(second));
    expect(fake.callsTo('images.inspect')).toEqual([{ id: ids.nginx }]);
    expect(screen.getByTestId('image-details')).toBeTruthy();
  });

  it('keeps the DOM small with thousands of images', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      image({
        seed: i.toString(16).padStart(4, '0'),
        repoTags: [`app/service-${i}:v${i}`],
        size: i * 1000,
      }),
    );
    await openImages(many);
    await screen.findByTestId('images-table');

    const rendered = screen.getAllByTestId('image-row').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThanOrEqual(100);
    expect(screen.getByTestId('images-count').textContent).toBe('5000 images');
    expect(screen.getByTestId('images-table').getAttribute('aria-rowcount')).toBe('5001');
  });

  it('shows skeleton rows while loading, then the empty state with Refresh', async () => {
    let answer: (list: ImageSummary[]) => void = () => undefined;
    const fake = createFakeClient({
      'engine.status': () => engineUp(),
      'images.list': () => new Promise((resolve) => (answer = resolve)),
    });
    renderApp(fake, { screen: 'images' });

    expect(await screen.findByText('Loading images…')).toBeTruthy();
    await act(async () => answer([]));

    expect(
      screen.getByText('No images on this engine yet. Pull or build one and it appears here.'),
    ).toBeTruthy();
    fake.handlers['images.list'] = () => threeImages;
    await act(async () =>
      fireEvent.click(screen.getAllByRole('button', { name: 'Refresh' })[1] as HTMLElement),
    );
    expect(screen.getAllByTestId('image-row')).toHaveLength(3);
  });

  it('says what went wrong and offers Retry when the list fails', async () => {
    const fake = createFakeClient({
      'engine.status': () => engineUp(),
      'images.list': () => {
        throw new Error('The engine answered 500: boom');
      },
    });
    renderApp(fake, { screen: 'images' });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not list the images');
    expect(alert.textContent).toContain('boom');
    fake.handlers['images.list'] = () => threeImages;
    await act(async () => fireEvent.click(within(alert).getByRole('button', { name: 'Retry' })));
    expect(screen.getAllByTestId('image-row')).toHaveLength(3);
  });

  it('shows the engine-down panel instead of the table, and reloads when the engine is back', async () => {
    const fake = createFakeClient({
      'engine.status': () => engineUp(),
      'images.list': () => threeImages,
    });
    renderApp(fake, { screen: 'images' });
    await screen.findByTestId('images-table');
    expect(fake.callsTo('images.list')).toHaveLength(1);

    act(() => fake.emit('engine.status', engineDown('engine.refused', '2025-06-01T10:30:00.000Z')));
    expect(await screen.findByTestId('engine-down')).toBeTruthy();
    expect(screen.queryByTestId('images-table')).toBeNull();

    fake.handlers['images.list'] = () => threeImages.slice(0, 2);
    await act(async () => fake.emit('engine.status', engineUp('2025-06-01T10:31:00.000Z')));

    expect(await screen.findByTestId('images-table')).toBeTruthy();
    expect(fake.callsTo('images.list')).toHaveLength(2);
    expect(screen.getAllByTestId('image-row')).toHaveLength(2);
  });
});
