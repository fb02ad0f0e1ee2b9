import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../src/shared/contract';
import type { StreamState, TransportSignals } from '../../renderer/src';
import { createFakeClient, deferred } from './fake-client';
import { engineDown, engineUp } from './fixtures';
import { renderApp, setUpComponentDom } from './harness';

setUpComponentDom();

describe('Engine screen', () => {
  it('opens on the Engine screen and shows the endpoint, where it came from and the version when up', async () => {
    const fake = createFakeClient({ 'engine.status': () => engineUp() });
    renderApp(fake);

    const panel = await screen.findByTestId('engine-up');
    expect(screen.getByTestId('nav-engine').getAttribute('aria-current')).toBe('page');
    expect(panel.textContent).toContain('tcp://10.0.0.5:2376');
    expect(panel.textContent).toContain('docker context "build-box"');
    expect(panel.textContent).toContain('Connected to Docker Engine 28.2.2');
    expect(panel.textContent).toContain('1.50');
    expect(panel.textContent).toContain('overlay2');
    expect(panel.textContent).toContain('2 running / 7 total');
    expect(panel.textContent).toContain('32.0 GiB');
    expect(screen.queryByTestId('engine-down')).toBeNull();
  });

  it('puts engine, version and platform in the status bar', async () => {
    const fake = createFakeClient({ 'engine.status': () => engineUp() });
    renderApp(fake);

    await screen.findByTestId('engine-up');
    const bar = screen.getByTestId('status-bar').textContent;
    expect(bar).toContain('Docker Engine 28.2.2');
    expect(bar).toContain('linux/amd64');
  });

  it('names the cause, the endpoint tried and what to do when the socket is missing', async () => {
    const fake = createFakeClient({ 'engine.status': () => engineDown('engine.socket_missing') });
    renderApp(fake);

    const panel = await screen.findByTestId('engine-down');
    expect(screen.getByRole('heading', { name: 'Docker socket not found' })).toBeTruthy();
    expect(panel.textContent).toContain('unix:///var/run/docker.sock');
    expect(panel.textContent).toContain('What to do');
    expect(panel.textContent).toContain('Start Docker (Docker Desktop');
    expect(panel.textContent).toContain('keeps checking and reconnects by itself');
    expect(screen.getByTestId('engine-retry').textContent).toBe('Retry');
    expect(screen.getByTestId('status-bar').textContent).toContain('Engine down — socket missing');
  });

  it('titles a refused connection and a permission problem in words', async () => {
    const fake = createFakeClient({
      'engine.status': () => engineDown('engine.permission_denied'),
    });
    renderApp(fake);
    expect(
      await screen.findByRole('heading', { name: 'Permission denied on the Docker socket' }),
    ).toBeTruthy();

    act(() => fake.emit('engine.status', engineDown('engine.refused', '2025-06-01T10:01:00.000Z')));
    expect(await screen.findByRole('heading', { name: 'Connection refused' })).toBeTruthy();
  });

  it('asks engine.status again on Retry and shows that it is checking', async () => {
    const fake = createFakeClient({ 'engine.status': () => engineDown() });
    renderApp(fake);
    await screen.findByTestId('engine-down');
    expect(fake.callsTo('engine.status')).toHaveLength(1);

    const pending = deferred<EngineStatus>();
    fake.handlers['engine.status'] = () => pending.promise;
    fireEvent.click(screen.getByTestId('engine-retry'));

    expect(fake.callsTo('engine.status')).toHaveLength(2);
    await waitFor(() => expect(screen.getByTestId('engine-retry').textContent).toBe('Checking…'));
    expect((screen.getByTestId('engine-retry') as HTMLButtonElement).disabled).toBe(true);

    await act(async () => pending.resolve(engineUp('2025-06-01T10:05:00.000Z')));
    expect(await screen.findByTestId('engine-up')).toBeTruthy();
  });

  it('switches from the down panel to the up panel when the host pushes engine.status, without a reload', async () => {
    const fake = createFakeClient({ 'engine.status': () => engineDown() });
    renderApp(fake);
    await screen.findByTestId('engine-down');

    act(() => fake.emit('engine.status', engineUp('2025-06-01T10:02:00.000Z')));

    expect(await screen.findByTestId('engine-up')).toBeTruthy();
    expect(screen.queryByTestId('engine-down')).toBeNull();
    expect(screen.getByTestId('status-bar').textContent).toContain('Docker Engine 28.2.2');
    expect(fake.callsTo('engine.status')).toHaveLength(1);
  });

  it('keeps a newer pushed status over an older reply that lands after it', async () => {
    const pending = deferred<EngineStatus>();
    const fake = createFakeClient({ 'engine.status': () => pending.promise });
    renderApp(fake);

    act(() => fake.emit('engine.status', engineUp('2025-06-01T10:10:00.000Z')));
    await screen.findByTestId('engine-up');
    await act(async () =>
      pending.resolve(engineDown('engine.refused', '2025-06-01T10:09:00.000Z')),
    );

    expect(screen.getByTestId('engine-up')).toBeTruthy();
    expect(screen.queryByTestId('engine-down')).toBeNull();
  });

  it('asks again when the event stream comes back, and says so while it is away', async () => {
    let setStream: (state: StreamState) => void = () => undefined;
    const signals: TransportSignals = {
      onStreamState: (listener) => {
        setStream = listener;
        return () => undefined;
      },
      onAccessDenied: () => () => undefined,
    };
    const fake = createFakeClient({ 'engine.status': () => engineDown() });
    renderApp(fake, { signals });
    await screen.findByTestId('engine-down');

    act(() => setStream('reconnecting'));
    expect(screen.getByTestId('status-bar').textContent).toContain('reconnecting');

    fake.handlers['engine.status'] = () => engineUp('2025-06-01T10:20:00.000Z');
    act(() => setStream('live'));

    expect(await screen.findByTestId('engine-up')).toBeTruthy();
    expect(fake.callsTo('engine.status')).toHaveLength(2);
    expect(screen.getByTestId('status-bar').textContent).not.toContain('reconnecting');
  });

  it('says what happened when Berth itself cannot be asked, with Retry', async () => {
    const fake = createFakeClient({
      'engine.status': () => {
        throw new Error('Cannot reach Berth at 127.0.0.1:4000.');
      },
    });
    renderApp(fake);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not ask Berth about the engine');
    expect(alert.textContent).toContain('Cannot reach Berth at 127.0.0.1:4000.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(fake.callsTo('engine.status')).toHaveLength(2);
  });
});
