/**
 * The renderer's typed client, built from the contract. The same code runs over Electron ipc
 * (window.berth from the preload) and over HTTP + server-sent events (browser mode).
 */
import type { ChannelName, EventName, EventPayload, Request, Response } from './contract';
import { Result, events } from './contract';
import { BerthError } from './errors';

/** What a transport must provide: raw invoke returning a Result, and raw event subscription. */
export interface Transport {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(event: string, handler: (payload: unknown) => void): () => void;
}

export interface BerthClient {
  invoke<C extends ChannelName>(channel: C, request: Request<C>): Promise<Response<C>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): BerthClient {
  return {
    async invoke(channel, request) {
      const raw = await transport.invoke(channel, request);
      const result = Result.safeParse(raw);
      if (!result.success) {
        throw new BerthError('transport.malformed', `Malformed reply on ${channel}`);
      }
      if (!result.data.ok) throw BerthError.fromShape(result.data.error);
      // The host validated the response against the contract before sending it.
      return result.data.data as Response<typeof channel>;
    },
    on(event, handler) {
      return transport.on(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) handler(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}
