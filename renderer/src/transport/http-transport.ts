/**
 * Browser mode (`berth serve`, src/host/web-host.ts): invoke is POST /api/invoke/<channel>,
 * pushed events are a text/event-stream at GET /api/events (event-stream.ts), read with fetch
 * because EventSource cannot send the Authorization header, and reopened with backoff.
 */
import type { Transport } from '../../../src/shared/client';
import type { ErrorShape } from '../../../src/shared/errors';
import { createEventStream } from './event-stream';
import { ACCESS_STATUSES, readResult, unreachable } from './http-result';
import type { StreamState, TransportSignals } from './types';

export interface HttpTransportOptions {
  token: string;
  /** '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Reconnect delays: doubling from initialMs up to maxMs. */
  backoff?: { initialMs: number; maxMs: number };
  /** The host pings every 15 s; this long without a byte means the stream is dead. */
  idleTimeoutMs?: number;
}

export interface HttpTransport extends Transport, TransportSignals {
  close(): void;
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const baseUrl = options.baseUrl ?? '';
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const auth = { Authorization: `Bearer ${options.token}` };

  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: StreamState) => void>();
  const deniedListeners = new Set<(error: ErrorShape) => void>();
  let closed = false;
  let streaming = false;

  const deny = (error: ErrorShape) => deniedListeners.forEach((listener) => listener(error));

  const deliver = (event: string, data: string) => {
    const set = handlers.get(event);
    if (!set || set.size === 0) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    set.forEach((handler) => handler(payload));
  };

  const stream = createEventStream({
    url: `${baseUrl}/api/events`,
    fetch: fetchImpl,
    headers: auth,
    backoff: options.backoff ?? { initialMs: 1_000, maxMs: 10_000 },
    idleTimeoutMs: options.idleTimeoutMs ?? 45_000,
    deliver,
    setState: (state) => stateListeners.forEach((listener) => listener(state)),
    deny,
  });

  return {
    async invoke(channel, request) {
      let response: Response;
      try {
        response = await fetchImpl(`${baseUrl}/api/invoke/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify(request ?? {}),
          cache: 'no-store',
        });
      } catch {
        return unreachable(baseUrl);
      }
      const result = await readResult(response);
      if (ACCESS_STATUSES.has(response.status) && !result.ok) deny(result.error);
      return result;
    },
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler);
      // The stream opens with the first subscriber and then stays for the page's life.
      if (!streaming && !closed) {
        streaming = true;
        stream.start();
      }
      return () => {
        set.delete(handler);
      };
    },
    onStreamState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onAccessDenied(listener) {
      deniedListeners.add(listener);
      return () => deniedListeners.delete(listener);
    },
    close() {
      closed = true;
      stream.close();
    },
  };
}
