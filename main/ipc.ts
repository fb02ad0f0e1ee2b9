/** The Electron transport of the one contract: ipc → the shared dispatch, events → the window. */
import { ipcMain } from 'electron';
import type { BrowserWindow } from 'electron';
import type { BerthCore } from '../src/host/core';
import type { Result } from '../src/shared/contract';
import { isTrustedSender } from './security-restrictions';

export const INVOKE_CHANNEL = 'berth:invoke';
export const EVENT_CHANNEL = 'berth:event';

export function connectIpc(core: BerthCore, window: () => BrowserWindow | undefined): () => void {
  ipcMain.handle(
    INVOKE_CHANNEL,
    async (event, channel: unknown, payload: unknown): Promise<Result> => {
      if (!isTrustedSender(event.senderFrame)) {
        return {
          ok: false,
          error: {
            code: 'host.forbidden_sender',
            message: 'IPC from an untrusted frame was refused.',
          },
        };
      }
      return core.dispatch(channel, payload);
    },
  );
  const unsubscribe = core.bus.subscribe((name, payload) => {
    const target = window();
    if (target && !target.isDestroyed()) target.webContents.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}
