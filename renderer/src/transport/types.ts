import type { Transport } from '../../../src/shared/client';
import type { ErrorShape } from '../../../src/shared/errors';

/** "live" while pushed events can arrive; "reconnecting" while the stream is down. */
export type StreamState = 'live' | 'reconnecting';

/** What a transport tells the UI beyond invoke/on: the event stream's health and bad tokens. */
export interface TransportSignals {
  onStreamState(listener: (state: StreamState) => void): () => void;
  /** The host refused this page (missing or wrong token, wrong Host): nothing will work. */
  onAccessDenied(listener: (error: ErrorShape) => void): () => void;
}

export interface ConnectedTransport {
  transport: Transport;
  signals: TransportSignals;
}

/** What the Electron preload exposes as window.berth (main/preload.ts). */
export interface BerthBridge {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(event: string, handler: (payload: unknown) => void): () => void;
}

/** Signals for a transport that has none to give (Electron ipc never drops or refuses). */
export const quietSignals: TransportSignals = {
  onStreamState: () => () => undefined,
  onAccessDenied: () => () => undefined,
};
