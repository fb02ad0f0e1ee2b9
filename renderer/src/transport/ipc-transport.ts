import type { Transport } from '../../../src/shared/client';
import type { BerthBridge } from './types';

/** Electron: the preload's window.berth already speaks Results; only a broken bridge throws. */
export function createIpcTransport(bridge: BerthBridge): Transport {
  return {
    async invoke(channel, request) {
      try {
        return await bridge.invoke(channel, request);
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'transport.ipc',
            message: `The app's main process did not answer ${channel}: ${error instanceof Error ? error.message : String(error)}`,
            hint: 'Restart Berth. If it keeps happening, report it with the details below.',
          },
        };
      }
    },
    on: (event, handler) => bridge.on(event, handler),
  };
}
