/**
 * The typed client over a core in the same process (the CLI): the same contract, validation
 * and events as the app's ipc and browser mode's HTTP, with no socket between.
 */
import { createClient } from '../shared/client';
import type { BerthClient } from '../shared/client';
import type { BerthCore } from './core';

export function inProcessClient(core: Pick<BerthCore, 'dispatch' | 'bus'>): BerthClient {
  return createClient({
    invoke: (channel, request) => core.dispatch(channel, request),
    on: (event, handler) =>
      core.bus.subscribe((name, payload) => {
        if (name === event) handler(payload);
      }),
  });
}
