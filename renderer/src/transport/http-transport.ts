/**
 * Browser mode (`berth serve`, src/host/web-host.ts): invoke is POST /api/invoke/<channel>,
 * pushed events are a text/event-stream at GET /api/events. EventSource cannot send the
 * Authorization header, so the stream is read with fetch and a ReadableStream, and reopened
 * with backoff whenever it drops (the host restarts, the laptop sleeps).
 */
import type { Transport } from '../../../src/shared/client';
import { Result } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import { createSseParser } from './sse-parser';
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

const ACCESS_STATUSES = new Set([401, 403]);

function unreachable(baseUrl: string): Result {
  const where = baseUrl || (typeof location === 'undefined' ? 'the host' : location.host);
  return {
    ok: false,
    error: {
      code: 'transport.unreachable',
      message: `Cannot reach Berth at ${where}.`,
      hint: 'Check that `berth serve` is still running (restart it and open the new link), then Retry.',
    },
  };
}

async function readResult(response: Response): Promise<Result> {
  try {
    const parsed = Result.safeParse(await response.json());
    if (parsed.success) return parsed.data;
  } catch {
    /* not JSON: fall through */
  }
  return {
    ok: false,
    error: {
      code: 'transport.malformed',
      message: `Berth answered HTTP ${response.status} without a result.`,
      hint: 'Restart `berth serve`, then Retry.',
    },
  };
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const baseUrl = options.baseUrl ?? '';
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 10_000 };
  const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
  const auth = { Authorization: `Bearer ${options.token}` };

  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: StreamState) => void>();
  const deniedListeners = new Set<(error: ErrorShape) => void>();
  let closed = false;
  let streaming = false;
  let stopCurrent: (() => void) | undefined;
  let wake: (() => void) | undefined;

  const setState = (state: StreamState) => stateListeners.forEach((listener) => listener(state));
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

  /** One connection: resolves when it ends; 'denied' means never try again. */
  const connectOnce = async (onOpen: () => void): Promise<'ended' | 'denied'> => {
    const controller = new AbortController();
    let idle: ReturnType<typeof setTimeout> | undefined;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    const stop = () => {
      controller.abort();
      reader?.cancel().catch(() => undefined);
    };
    stopCurrent = stop;
    // A sleeping laptop can leave a socket that neither delivers nor errors: give up on it.
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(stop, idleTimeoutMs);
    };
    try {
      resetIdle();
      const response = await fetchImpl(`${baseUrl}/api/events`, {
        headers: { ...auth, Accept: 'text/event-stream' },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (ACCESS_STATUSES.has(response.status)) {
        const result = await readResult(response);
        deny(result.ok ? { code: 'host.unauthorized', message: 'Access denied.' } : result.error);
        return 'denied';
      }
      if (!response.ok || !response.body) return 'ended';
      onOpen();
      reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parser = createSseParser(({ event, data }) => deliver(event, data));
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        resetIdle();
        parser.push(decoder.decode(value, { stream: true }));
      }
      return 'ended';
    } catch {
      return 'ended';
    } finally {
      clearTimeout(idle);
      controller.abort();
    }
  };

  const runStream = async () => {
    let delay = backoff.initialMs;
    while (!closed) {
      const outcome = await connectOnce(() => {
        delay = backoff.initialMs;
        setState('live');
      });
      if (outcome === 'denied' || closed) return;
      setState('reconnecting');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  };

  // Back on the network (after sleep, a VPN switch): try now instead of at the next backoff step.
  const onOnline = () => wake?.();
  if (typeof window !== 'undefined') window.addEventListener('online', onOnline);

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
        void runStream();
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
      if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
      stopCurrent?.();
      wake?.();
    },
  };
}
