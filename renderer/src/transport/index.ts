/**
 * The transport is picked once at startup: the Electron preload's window.berth when present
 * (app:// in the desktop app), otherwise HTTP to the `berth serve` host that served the page.
 */
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import { forgetToken, takeToken } from './token';
import type { BerthBridge, ConnectedTransport } from './types';
import { quietSignals } from './types';

export type { BerthBridge, ConnectedTransport, StreamState, TransportSignals } from './types';
export { createHttpTransport } from './http-transport';
export type { HttpTransport, HttpTransportOptions } from './http-transport';
export { createIpcTransport } from './ipc-transport';
export { createSseParser } from './sse-parser';
export type { SseEvent, SseParser } from './sse-parser';
export { forgetToken, takeToken, TOKEN_KEY } from './token';

declare global {
  interface Window {
    berth?: BerthBridge;
  }
}

export type TransportChoice =
  | ({ kind: 'ipc' | 'http' } & ConnectedTransport)
  /** Browser mode opened without the `#token=…` link (and none kept from before). */
  | { kind: 'no-token' };

function sessionStore(win: Window): Storage | undefined {
  try {
    return win.sessionStorage;
  } catch {
    return undefined;
  }
}

export function pickTransport(win: Window): TransportChoice {
  if (win.berth) {
    return { kind: 'ipc', transport: createIpcTransport(win.berth), signals: quietSignals };
  }
  const storage = sessionStore(win);
  const token = takeToken({ location: win.location, storage, history: win.history });
  if (!token) return { kind: 'no-token' };
  const http = createHttpTransport({ token });
  http.onAccessDenied(() => forgetToken(storage));
  return { kind: 'http', transport: http, signals: http };
}
