import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../../src/shared/errors';
import { createFakeClient } from './fake-client';
import { detailsOf, engineUp, threeImages } from './fixtures';
import { renderApp, setUpComponentDom } from './harness';

setUpComponentDom();

const nginx = threeImages[0];
if (!nginx) throw new Error('fixture missing');

function setUp() {
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'images.list': () => threeImages,
    'images.inspect': ({ id }) => {
      const summary = threeImages.find((candidate) => candidate.id === id);
      if (!summary) throw new BerthError('engine.not_found', `No such image: ${id}`);
      return detailsOf(summary);
    },
    'images.remove': () => ({ untagged: nginx?.repoTags ?? [], deleted: [nginx?.id ?? ''] }),
  });
  renderApp(fake, { screen: 'images' });
  return fake;
}

async function openNginx() {
  const row = (await screen.findAllByTestId('image-row')).find(
    (r) => r.getAttribute('data-image-id') === nginx?.id,
  );
  if (!row) throw new Error('nginx row missing');
  await act(async () => fireEvent.click(row));
  return screen.findByTestId('image-details');
}

describe('Image details', () => {
  it('inspects the clicked image and shows tags, digests, platform, env, labels and layers', async () => {
    const fake = setUp();
    const panel = await openNginx();

    expect(fake.callsTo('images.inspect')).toEqual([{ id: nginx.id }]);
    const text = panel.textContent ?? '';
    expect(text).toContain('registry.example.com/web/nginx:1.27');
    expect(text).toContain(`nginx@sha256:${'d1'.repeat(32)}`);
    expect(text).toContain('linux/arm64/v8');
    expect(text).toContain('["nginx", "-g", "daemon off;"]');
    expect(text).toContain('["/docker-entrypoint.sh"]');
    expect(text).toContain('/srv');
    expect(text).toContain('80/tcp');

    const env = within(panel).getByText('NGINX_VERSION').closest('div');
    expect(env?.textContent).toBe('NGINX_VERSION=1.27.0');
    // Only the first "=" separates the name from the value.
    expect(within(panel).getByText('OPTS').closest('div')?.textContent).toBe('OPTS=a=b');
    expect(
      within(panel).getByText('org.opencontainers.image.source').closest('div')?.textContent,
    ).toContain('https://github.com/example/web');

    const layers = within(panel)
      .getAllByRole('listitem')
      .filter((item) => item.classList.contains('layers__row'));
    expect(layers).toHaveLength(2);
    expect(layers[0]?.textContent).toContain('sha256:f1f1f1f1f1f1…');
    expect(layers[0]?.textContent).toContain('80.0 MiB');
    const command = within(layers[1] as HTMLElement).getByText(/apt-get install/);
    expect(command.getAttribute('title')).toBe('RUN apt-get update && apt-get install -y nginx');
    expect(layers[1]?.textContent).toContain('—');

    // The open row is marked, and Close shuts the panel.
    const row = screen
      .getAllByTestId('image-row')
      .find((r) => r.getAttribute('data-image-id') === nginx.id);
    expect(row?.getAttribute('aria-current')).toBe('true');
    fireEvent.click(within(panel).getByRole('button', { name: 'Close details' }));
    expect(screen.queryByTestId('image-details')).toBeNull();
  });

  it('removes after confirmation with force false, then refreshes the list and closes the panel', async () => {
    const fake = setUp();
    const panel = await openNginx();
    fireEvent.click(within(panel).getByTestId('image-remove'));

    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('Remove nginx:1.27?');
    expect(dialog.textContent).toContain('nginx:latest');
    expect(dialog.textContent).toContain('registry.example.com/web/nginx:1.27');
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    expect(fake.callsTo('images.remove')).toHaveLength(0);

    fake.handlers['images.list'] = () => threeImages.slice(1);
    await act(async () => fireEvent.click(screen.getByTestId('confirm-ok')));

    expect(fake.callsTo('images.remove')).toEqual([{ id: nginx.id, force: false }]);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(screen.queryByTestId('image-details')).toBeNull();
    expect(fake.callsTo('images.list')).toHaveLength(2);
    expect(
      screen.getAllByTestId('image-row').map((r) => r.getAttribute('data-image-id')),
    ).not.toContain(nginx.id);
  });

  it('shows the engine refusing an image in use inside the dialog, and never forces', async () => {
    const fake = setUp();
    fake.handlers['images.remove'] = () => {
      throw new BerthError(
        'engine.image_in_use',
        'The image is used by container 4f2a9c0d1e3b, so the engine refused to remove it.',
        'Remove the container first (`docker rm 4f2a9c0d1e3b`), then remove the image.',
      );
    };
    const panel = await openNginx();
    fireEvent.click(within(panel).getByTestId('image-remove'));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-ok')));

    const error = screen.getByTestId('dialog-error');
    expect(error.textContent).toContain('used by container 4f2a9c0d1e3b');
    expect(error.textContent).toContain(
      'What to do: Remove the container first (docker rm 4f2a9c0d1e3b)',
    );
    expect(within(error).getByText('docker rm 4f2a9c0d1e3b').tagName).toBe('CODE');
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
    expect(screen.getByTestId('image-details')).toBeTruthy();
    expect(fake.callsTo('images.remove')).toEqual([{ id: nginx.id, force: false }]);
    expect(fake.callsTo('images.list')).toHaveLength(1);
  });

  it('cancels on Escape and on Cancel without removing anything, and keeps Tab inside', async () => {
    const fake = setUp();
    const panel = await openNginx();
    const remove = within(panel).getByTestId('image-remove');

    remove.focus();
    fireEvent.click(remove);
    const ok = screen.getByTestId('confirm-ok');
    const cancel = screen.getByTestId('confirm-cancel');
    ok.focus();
    fireEvent.keyDown(ok, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(ok);

    fireEvent.keyDown(screen.getByTestId('confirm-dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    // Escape closed the dialog only, not the panel under it; focus is back on Remove.
    expect(screen.getByTestId('image-details')).toBeTruthy();
    expect(document.activeElement).toBe(remove);

    fireEvent.click(remove);
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(fake.callsTo('images.remove')).toHaveLength(0);
  });
});
