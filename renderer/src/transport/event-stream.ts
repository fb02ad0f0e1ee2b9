/**
 * Browser mode's pushed events: a text/event-stream at GET /api/events, read with fetch and a
 * ReadableStream (EventSource cannot send the Authorization header), and reopened with backoff
 * whenever it drops (the host restarts, the laptop sleeps).
 */
import type { ErrorShape } from '../../../src/shared/errors';
import { ACCESS_STATUSES, readResult } from './http-result';
import { createSseParser } from './sse-parser';
import type { StreamState } from './types';

export interface EventStreamConfig {
  url: string;
  fetch: typeof fetch;
  headers: Record<string, string>;
  /** Reconnect delays: doubling from initialMs up to maxMs. */
  backoff: { initialMs: number; maxMs: number };
  /** This long without a byte means the stream is dead. */
  idleTimeoutMs: number;
  deliver(event: string, data: string): void;
  setState(state: StreamState): void;
  /** The host refused the token: the stream stops for good. */
  deny(error: ErrorShape): void;
}

export interface EventStream {
  /** Opens the stream and keeps it open until close(). */
  start(): void;
  close(): void;
}

export function createEventStream(config: EventStreamConfig): EventStream {
  const { backoff } = config;
  let closed = false;
  let stopCurrent: (() => void) | undefined;
  let wake: (() => void) | undefined;

  const runStream = async () => {
    let delay = backoff.initialMs;
    while (!closed) {
      const outcome = await connectOnce(
        config,
        () => {
          delay = backoff.initialMs;
          config.setState('live');
        },
        (stop) => {
          stopCurrent = stop;
        },
      );
      if (outcome === 'denied' || closed) return;
      config.setState('reconnecting');
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
    start: () => void runStream(),
    close() {
      closed = true;
      if (typeof window !== 'undefined') window.removeEventListener('online', onOnline);
      stopCurrent?.();
      wake?.();
    },
  };
}

/** One connection: resolves when it ends; 'denied' means never try again. */
async function connectOnce(
  config: EventStreamConfig,
  onOpen: () => void,
  setStop: (stop: () => void) => void,
): Promise<'ended' | 'denied'> {
  const controller = new AbortController();
  let idle: ReturnType<typeof setTimeout> | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const stop = () => {
    controller.abort();
    reader?.cancel().catch(() => undefined);
  };
  setStop(stop);
  // A sleeping laptop can leave a socket that neither delivers nor errors: give up on it.
  const resetIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(stop, config.idleTimeoutMs);
  };
  try {
    resetIdle();
    const response = await config.fetch(config.url, {
      headers: { ...config.headers, Accept: 'text/event-stream' },
      cache: 'no-store',
      signal: controller.signal,
    });
    if (ACCESS_STATUSES.has(response.status)) {
      const result = await readResult(response);
      config.deny(
        result.ok ? { code: 'host.unauthorized', message: 'Access denied.' } : result.error,
      );
      return 'denied';
    }
    if (!response.ok || !response.body) return 'ended';
    onOpen();
    reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = createSseParser(({ event, data }) => config.deliver(event, data));
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
}
