/**
 * A container's output on its way to the caller and the run's log file. Bytes go to the
 * (capped) file as they come; the caller gets them coalesced: the first after a quiet
 * interval at once, then one chunk per interval, or sooner once a chunk reaches
 * `maxChunkBytes`, so 100,000 short lines make a few hundred calls, not 100,000. Memory stays bounded: while the caller has not taken a chunk (its
 * promise is pending), the engine's stream is paused, and the engine holds the rest.
 */
import { StringDecoder } from 'node:string_decoder';
import type { CappedLogFile } from './log-file';

export const OUTPUT_INTERVAL_MS = 50;
const now = () => performance.now();
export const MAX_CHUNK_BYTES = 64 * 1024;

/** Takes a chunk of text; may return a promise to say "wait until I have written it". */
export type OutputSink = (chunk: string) => void | Promise<void>;

export interface FollowOutputOptions {
  log: CappedLogFile;
  onOutput: OutputSink;
  intervalMs?: number;
  maxChunkBytes?: number;
}

/** Resolves once the stream has ended (or failed: the output so far still reaches both). */
export function followOutput(
  stream: NodeJS.ReadableStream,
  {
    log,
    onOutput,
    intervalMs = OUTPUT_INTERVAL_MS,
    maxChunkBytes = MAX_CHUNK_BYTES,
  }: FollowOutputOptions,
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let delivering: Promise<void> = Promise.resolve();

  let lastFlush = -Infinity;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pendingBytes === 0) return;
    lastFlush = now();
    const bytes = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    // One socket read can exceed a chunk: split it (the decoder keeps UTF-8 sequences whole).
    const taken: Promise<void>[] = [];
    for (let at = 0; at < bytes.length; at += maxChunkBytes) {
      const text = decoder.write(bytes.subarray(at, at + maxChunkBytes));
      const result = text ? onOutput(text) : undefined;
      if (result instanceof Promise) taken.push(result);
    }
    if (taken.length > 0) {
      stream.pause();
      delivering = Promise.all(taken).then(
        () => void stream.resume(),
        () => void stream.resume(),
      );
    }
  };

  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      flush();
      const rest = decoder.end();
      const last = rest ? onOutput(rest) : undefined;
      void Promise.all([delivering, last]).then(() => resolve());
    };
    stream.on('data', (data: Buffer | string) => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      log.write(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      // The first chunk after a quiet interval goes out at once (a run's first line must not
      // wait out the interval, as `docker run` does not); the ones right behind it coalesce.
      if (pendingBytes >= maxChunkBytes || now() - lastFlush >= intervalMs) flush();
      else timer ??= setTimeout(flush, intervalMs);
    });
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
}
