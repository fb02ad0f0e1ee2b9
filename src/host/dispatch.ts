/**
 * The one dispatch behind both transports (Electron ipc and the browser-mode host): it
 * rejects unknown channels, validates every request and response against the contract, and
 * turns every outcome into a Result. Nothing thrown by a service escapes as an exception.
 */
import { channels, isChannelName } from '../shared/contract';
import type { ChannelName, ParsedRequest, Response, Result } from '../shared/contract';
import { toErrorShape } from '../shared/errors';

export type Handlers = {
  [C in ChannelName]: (request: ParsedRequest<C>) => Promise<Response<C>>;
};

export type Dispatch = (channel: unknown, payload: unknown) => Promise<Result>;

/** Codes for requests the contract refuses; transports map them to "bad request". */
export const requestErrorCodes = ['request.unknown_channel', 'request.invalid'] as const;

export function createDispatch(handlers: Handlers): Dispatch {
  return async (channel, payload) => {
    if (!isChannelName(channel)) {
      return {
        ok: false,
        error: {
          code: 'request.unknown_channel',
          message: `Unknown channel: ${String(channel).slice(0, 100)}`,
        },
      };
    }
    const schema = channels[channel];
    const request = schema.request.safeParse(payload ?? {});
    if (!request.success) {
      return {
        ok: false,
        error: {
          code: 'request.invalid',
          message: `Invalid request for ${channel}: ${request.error.issues
            .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
            .join('; ')}`,
          details: {
            issues: request.error.issues.map((i) => ({
              path: i.path.map(String),
              message: i.message,
            })),
          },
        },
      };
    }
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
      const data: unknown = await handler(request.data);
      const response = schema.response.safeParse(data);
      if (!response.success) {
        return {
          ok: false,
          error: {
            code: 'internal.contract',
            message: `The ${channel} handler returned data that breaks the contract: ${response.error.issues[0]?.message ?? ''}`,
          },
        };
      }
      return { ok: true, data: response.data };
    } catch (error) {
      return { ok: false, error: toErrorShape(error) };
    }
  };
}
