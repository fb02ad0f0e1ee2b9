/**
 * The typed client, built from the contract: the one door into the core. The same code runs
 * over Electron ipc (window.berth from the preload), over HTTP + server-sent events (browser
 * mode), and in process (the CLI, through src/host's inProcessTransport).
 */
import type * as z from 'zod';
import type { ChannelName, EventName, EventPayload, Request, Response } from './contract';
import { Result, channels, events } from './contract';
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

/**
 * The contract's schemas, typed per channel and per event. Annotating them as mapped types
 * (checked against the contract at compile time, channel by channel) lets a generic
 * `C extends ChannelName` index them and get `Response<C>` from the parse, with no cast:
 * indexing `channels` itself by a generic key widens to the union of every response.
 */
const responseSchemas: {
  readonly [C in ChannelName]: { readonly response: z.ZodType<Response<C>> };
} = channels;
const eventSchemas: { readonly [E in EventName]: z.ZodType<EventPayload<E>> } = events;

export function createClient(transport: Transport): BerthClient {
  return {
    async invoke(channel, request) {
      const raw = await transport.invoke(channel, request);
      const result = Result.safeParse(raw);
      if (!result.success) {
        throw new BerthError('transport.malformed', `Malformed reply on ${channel}`);
      }
      if (!result.data.ok) throw BerthError.fromShape(result.data.error);
      // The host validated the response already; checking again here keeps the types honest
      // (no cast) and catches a transport that mangles it.
      const response = responseSchemas[channel].response.safeParse(result.data.data);
      if (!response.success) {
        throw new BerthError('transport.malformed', `Malformed reply on ${channel}`);
      }
      return response.data;
    },
    on(event, handler) {
      return transport.on(event, (payload) => {
        const parsed = eventSchemas[event].safeParse(payload);
        if (parsed.success) handler(parsed.data);
      });
    },
  };
}
