import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/shared/client';
import { BerthError } from '../../src/shared/errors';
import { createHttpTransport, createSseParser } from '../../renderer/src';
import type { SseEvent } from '../../renderer/src';
import { engineUp } from './fixtures';

interface FetchCall {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch that answers from a queue of responders and records every request. */
function fakeFetch(...responders: ((call: FetchCall) => Response | Promise<Response>)[]) {
  const calls: FetchCall[] = [];
  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init };
    calls.push(call);
    const responder = responders.shift();
    if (!responder) return new Promise<Response>(() => undefined);
    return Promise.resolve().then(() => responder(call));
  };
  return { calls, fetch: fetchImpl as typeof fetch };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** An event stream that delivers exactly these byte chunks, then ends (or stays open). */
function stream(chunks: (string | Uint8Array)[], { end = true } = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      if (end) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const header = (call: FetchCall | undefined, name: string) =>
  new Headers(call?.init?.headers).get(name);

afterEach(() => {
  vi.useRealTimers();
});

describe('HTTP transport: invoke', () => {
  it('POSTs the request as JSON to /api/invoke/<channel> with the Bearer token', async () => {
    const { calls, fetch } = fakeFetch(() =>
      json(200, { ok: true, data: { untagged: ['a:1'], deleted: [] } }),
    );
    const client = createClient(createHttpTransport({ token: 'tok-123', fetch }));

    const result = await client.invoke('images.remove', { id: 'a:1', force: false });

    expect(result).toEqual({ untagged: ['a:1'], deleted: [] });
    expect(calls[0]?.url).toBe('/api/invoke/images.remove');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(header(calls[0], 'Authorization')).toBe('Bearer tok-123');
    expect(header(calls[0], 'Content-Type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ id: 'a:1', force: false });
  });

  it('turns a domain error in a 200 reply into a BerthError with its code and hint', async () => {
    const { fetch } = fakeFetch(() =>
      json(200, {
        ok: false,
        error: { code: 'engine.not_found', message: 'No such image.', hint: 'Refresh.' },
      }),
    );
    const client = createClient(createHttpTransport({ token: 't', fetch }));

    const error = await client.invoke('images.inspect', { id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).code).toBe('engine.not_found');
    expect((error as BerthError).hint).toBe('Refresh.');
  });

  it('parses the Result body of a 401 and reports the refused token', async () => {
    const { fetch } = fakeFetch(() =>
      json(401, {
        ok: false,
        error: { code: 'host.unauthorized', message: 'Missing or wrong token.' },
      }),
    );
    const transport = createHttpTransport({ token: 'stale', fetch });
    const denied: string[] = [];
    transport.onAccessDenied((error) => denied.push(error.code));

    const error = await createClient(transport)
      .invoke('engine.status', {})
      .catch((e: unknown) => e);
    expect((error as BerthError).code).toBe('host.unauthorized');
    expect(denied).toEqual(['host.unauthorized']);
  });

  it('says Berth is unreachable when the request cannot be sent at all', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await createClient(
      createHttpTransport({ token: 't', baseUrl: 'http://127.0.0.1:4000', fetch }),
    )
      .invoke('images.list', {})
      .catch((e: unknown) => e);
    expect((error as BerthError).code).toBe('transport.unreachable');
    expect((error as BerthError).message).toContain('127.0.0.1:4000');
    expect((error as BerthError).hint).toContain('berth serve');
  });
});

describe('HTTP transport: pushed events', () => {
  it('reads the stream with the Bearer token and parses frames split across chunks', async () => {
    const up = engineUp();
    const frame = `event: engine.status\r\ndata: ${JSON.stringify({ ...up, note: 'Café ☕' })}\r\n\r\n`;
    const bytes = new TextEncoder().encode(frame);
    // Split inside "engine.status", between the CR and LF of a CRLF, and inside the 3-byte "☕".
    const cr = bytes.indexOf(0x0d);
    const coffee = bytes.indexOf(0xe2);
    const chunks = [
      ': connected\n\n: ping\n\n',
      bytes.slice(0, 10),
      bytes.slice(10, cr + 1),
      bytes.slice(cr + 1, coffee + 1),
      bytes.slice(coffee + 1),
    ];
    const { calls, fetch } = fakeFetch(() => stream(chunks, { end: false }));
    const transport = createHttpTransport({ token: 'tok-9', fetch });
    const received: unknown[] = [];
    const live = new Promise<void>((resolve) =>
      transport.onStreamState((state) => state === 'live' && resolve()),
    );

    transport.on('engine.status', (payload) => received.push(payload));
    await live;
    await vi.waitFor(() => expect(received).toHaveLength(1));

    expect(calls[0]?.url).toBe('/api/events');
    expect(header(calls[0], 'Authorization')).toBe('Bearer tok-9');
    expect(received[0]).toEqual({ ...up, note: 'Café ☕' });
    transport.close();
  });

  it('reconnects with backoff from 1 s doubling to 10 s, and back to 1 s after a good connection', async () => {
    vi.useFakeTimers();
    const fail = () => Promise.reject(new TypeError('connection refused'));
    const { calls, fetch } = fakeFetch(fail, fail, fail, fail, fail, fail, () => stream([]), fail);
    const transport = createHttpTransport({ token: 't', fetch });
    const states: string[] = [];
    transport.onStreamState((state) => states.push(state));
    transport.on('engine.status', () => undefined);

    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    for (const [delay, expected] of [
      [1000, 2],
      [2000, 3],
      [4000, 4],
      [8000, 5],
      [10000, 6],
      [10000, 7],
    ] as const) {
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(calls).toHaveLength(expected - 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toHaveLength(expected);
    }
    // The 7th connection opened and then ended: the next try waits 1 s again.
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(8);
    expect(states).toContain('live');
    expect(states.at(-1)).toBe('reconnecting');
    transport.close();
  });

  it('gives up and reports access denied when the stream answers 401', async () => {
    vi.useFakeTimers();
    const { calls, fetch } = fakeFetch(() =>
      json(401, {
        ok: false,
        error: { code: 'host.unauthorized', message: 'Missing or wrong token.' },
      }),
    );
    const transport = createHttpTransport({ token: 't', fetch });
    const denied: string[] = [];
    transport.onAccessDenied((error) => denied.push(error.message));
    transport.on('engine.status', () => undefined);

    await vi.advanceTimersByTimeAsync(30_000);
    expect(denied).toEqual(['Missing or wrong token.']);
    expect(calls).toHaveLength(1);
  });

  it('drops a stream that has been silent past the idle timeout and opens a new one', async () => {
    vi.useFakeTimers();
    const { calls, fetch } = fakeFetch(
      () => stream([': connected\n\n'], { end: false }),
      () => stream([], { end: false }),
    );
    const transport = createHttpTransport({ token: 't', fetch, idleTimeoutMs: 5000 });
    transport.on('engine.status', () => undefined);

    await vi.advanceTimersByTimeAsync(4999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1 + 1000);
    expect(calls).toHaveLength(2);
    transport.close();
  });
});

describe('SSE parser', () => {
  it('joins data lines, skips comments and events without data, and accepts CR line ends', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event));
    parser.push(': ping\n\nevent: a\ndata: 1\ndata: 2\n\nevent: empty\n\n');
    parser.push('data:no-space\r\rdata: x');
    expect(events).toEqual([
      { event: 'a', data: '1\n2' },
      { event: 'message', data: 'no-space' },
    ]);
    parser.push('\n\n');
    expect(events.at(-1)).toEqual({ event: 'message', data: 'x' });
  });
});
