import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createHttpTransport, pickTransport, Root, takeToken, TOKEN_KEY } from '../../renderer/src';
import type { BerthBridge } from '../../renderer/src';
import { engineUp } from './fixtures';
import { setUpComponentDom } from './harness';

setUpComponentDom();

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

function fakeHistory() {
  const urls: string[] = [];
  return {
    urls,
    state: null,
    replaceState: (_state: unknown, _title: string, url?: string | URL | null) =>
      void urls.push(String(url)),
  };
}

describe('Browser-mode token', () => {
  it('takes the token from #token=, keeps it for reloads and removes it from the address bar', () => {
    const storage = memoryStorage();
    const history = fakeHistory();
    const token = takeToken({
      location: { hash: '#token=abc-DEF_123&view=images', pathname: '/', search: '?x=1' },
      storage,
      history,
    });

    expect(token).toBe('abc-DEF_123');
    expect(storage.data.get(TOKEN_KEY)).toBe('abc-DEF_123');
    expect(history.urls).toEqual(['/?x=1#view=images']);
  });

  it('uses the kept token after a reload, and has none without either', () => {
    const history = fakeHistory();
    const location = { hash: '', pathname: '/', search: '' };
    expect(takeToken({ location, storage: memoryStorage({ [TOKEN_KEY]: 'kept' }), history })).toBe(
      'kept',
    );
    expect(takeToken({ location, storage: memoryStorage(), history })).toBeUndefined();
    expect(history.urls).toEqual([]);
  });
});

describe('Picking the transport', () => {
  it('uses window.berth from the Electron preload when it is there', async () => {
    const invoke = vi.fn(async () => ({ ok: true, data: engineUp() }));
    const bridge: BerthBridge = { invoke, on: () => () => undefined };
    const choice = pickTransport({ berth: bridge } as unknown as Window);

    expect(choice.kind).toBe('ipc');
    if (choice.kind === 'no-token') throw new Error('unexpected');
    await choice.transport.invoke('engine.status', {});
    expect(invoke).toHaveBeenCalledWith('engine.status', {});
  });

  it('asks for the berth serve link when there is no bridge and no token', () => {
    const win = {
      location: { hash: '', pathname: '/', search: '' },
      history: fakeHistory(),
      sessionStorage: memoryStorage(),
    } as unknown as Window;
    const choice = pickTransport(win);
    expect(choice.kind).toBe('no-token');

    render(<Root choice={choice} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'This page needs the link berth serve printed, with its #token=…',
    );
  });

  it('replaces the app with the link message when the host refuses the token', async () => {
    const fetchImpl = vi.fn(
      async () =>
        new Response(
          JSON.stringify({
            ok: false,
            error: { code: 'host.unauthorized', message: 'Missing or wrong token.' },
          }),
          {
            status: 401,
          },
        ),
    );
    const http = createHttpTransport({ token: 'old', fetch: fetchImpl as unknown as typeof fetch });
    render(<Root choice={{ kind: 'http', transport: http, signals: http }} />);

    expect(await screen.findByTestId('access-screen')).toBeTruthy();
    expect(screen.getByTestId('access-screen').textContent).toContain(
      'makes a new one every time it starts',
    );
    expect(screen.queryByTestId('status-bar')).toBeNull();
    await act(async () => http.close());
  });
});
