/**
 * The sandboxed preload: exposes only invoke(channel, request) and on(event, handler),
 * restricted to the contract's channel and event names. No Node, no ipcRenderer leaks.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { isChannelName, isEventName } from '../src/shared/channel-names';

// Mirrors main/ipc.ts; a sandboxed preload cannot import it (it pulls in main-process code).
const INVOKE_CHANNEL = 'berth:invoke';
const EVENT_CHANNEL = 'berth:event';

contextBridge.exposeInMainWorld('berth', {
  invoke(channel: unknown, request: unknown): Promise<unknown> {
    if (!isChannelName(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'request.unknown_channel', message: `Unknown channel: ${String(channel)}` },
      });
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, channel, request);
  },
  on(event: unknown, handler: unknown): () => void {
    if (!isEventName(event) || typeof handler !== 'function')
      throw new Error(`Unknown event: ${String(event)}`);
    const listener = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) (handler as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
});
