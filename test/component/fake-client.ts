/**
 * A fake typed client for component tests: canned handlers per channel, a log of every call,
 * and emit() to push events the way the host does. Real transports are tested on their own.
 */
import type { BerthClient } from '../../src/shared/client';
import type {
  ChannelName,
  EventName,
  EventPayload,
  Request,
  Response,
} from '../../src/shared/contract';
import { BerthError } from '../../src/shared/errors';

export type FakeHandlers = {
  [C in ChannelName]?: (request: Request<C>) => Response<C> | Promise<Response<C>>;
};

export interface FakeCall {
  channel: ChannelName;
  request: unknown;
}

export interface FakeClient {
  client: BerthClient;
  calls: FakeCall[];
  handlers: FakeHandlers;
  callsTo(channel: ChannelName): unknown[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createFakeClient(handlers: FakeHandlers = {}): FakeClient {
  const calls: FakeCall[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const client: BerthClient = {
    async invoke<C extends ChannelName>(channel: C, request: Request<C>): Promise<Response<C>> {
      calls.push({ channel, request });
      const handler = handlers[channel] as
        ((request: Request<C>) => Response<C> | Promise<Response<C>>) | undefined;
      if (!handler) throw new BerthError('test.unhandled', `No fake handler for ${channel}`);
      return handler(request);
    },
    on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const listener = (payload: unknown) => handler(payload as EventPayload<E>);
      set.add(listener);
      return () => set.delete(listener);
    },
  };

  return {
    client,
    calls,
    handlers,
    callsTo: (channel) =>
      calls.filter((call) => call.channel === channel).map((call) => call.request),
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload)),
  };
}

/** A promise you settle from the test, to hold a call in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
