/**
 * Following the engine's pull stream: newline-delimited JSON messages until the engine ends
 * it. An `errorDetail` message is the pull failing (the engine sends it once the stream has
 * begun, instead of an HTTP error); aborting the signal destroys the stream, which makes the
 * engine cancel the pull (moby cancels on the client's disconnect).
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { EngineEndpoint } from '../shared/contract';
import type { BerthError } from '../shared/errors';
import type { RawPullEvent } from './engine-port';
import { engineError, pullCancelled, pullFailed, pullStreamTooLong } from './engine-errors';

/**
 * The longest message line Berth reads. moby's JSON messages (pkg/jsonmessage) are a few
 * hundred bytes, an error with the registry's words a few KB: a longer line is not the
 * engine's, and reading it on would hold it all in memory.
 */
export const MAX_MESSAGE_CHARS = 1024 * 1024;

export interface FollowOptions {
  reference: string;
  endpoint: EngineEndpoint;
  signal?: AbortSignal;
  onEvent(event: RawPullEvent): void;
}

function parseMessage(line: string): RawPullEvent | null {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as RawPullEvent) : null;
  } catch {
    return null;
  }
}

export function followPullStream(stream: Readable, options: FollowOptions): Promise<void> {
  const { reference, endpoint, signal, onEvent } = options;
  return new Promise<void>((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let settled = false;
    const settle = (error?: BerthError) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        stream.destroy();
        reject(error);
      } else resolve();
    };
    function onAbort() {
      settle(pullCancelled(reference));
    }
    const take = (line: string) => {
      if (settled || !line.trim()) return;
      const message = parseMessage(line);
      if (!message) return;
      if (message.errorDetail || message.error) {
        const text = message.errorDetail?.message || message.error || 'unknown error';
        settle(pullFailed(reference, text));
        return;
      }
      onEvent(message);
    };
    if (signal?.aborted) return settle(pullCancelled(reference));
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer | string) => {
      pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      let newline = pending.indexOf('\n');
      while (newline >= 0 && !settled) {
        take(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
      if (pending.length > MAX_MESSAGE_CHARS && !settled) {
        pending = '';
        settle(pullStreamTooLong(reference, MAX_MESSAGE_CHARS));
      }
    });
    stream.on('end', () => {
      take(pending + decoder.end());
      settle();
    });
    stream.on('error', (error: unknown) =>
      settle(signal?.aborted ? pullCancelled(reference) : engineError(error, endpoint)),
    );
    // A stream that closes without ending was cut off: the engine stopped or restarted.
    stream.on('close', () =>
      settle(
        signal?.aborted
          ? pullCancelled(reference)
          : engineError(Object.assign(new Error('closed'), { code: 'ECONNRESET' }), endpoint),
      ),
    );
  });
}
