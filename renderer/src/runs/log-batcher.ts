/**
 * Feeds a terminal from a fast log stream without stalling the page. Chunks are joined and
 * written at most once per scheduled flush, the next write waits for the terminal to finish
 * the last one (xterm's write callback), and what waits is bounded: past `maxPendingChars`
 * the oldest waiting text is dropped and a one-line note says how much.
 */
export interface LogBatcherOptions {
  /** Writes one batch; calls `done` once the terminal has parsed it. */
  write(text: string, done: () => void): void;
  /** Runs `flush` later: requestAnimationFrame in the app, by hand in tests. */
  schedule(flush: () => void): void;
  /** At most this much text in one write. */
  maxBatchChars?: number;
  /** At most this much text waiting for the terminal. */
  maxPendingChars?: number;
}

export interface LogBatcher {
  push(chunk: string): void;
  /** Drops what waits (a new log replaces the old one). */
  clear(): void;
  /** Stops writing; later pushes and callbacks are ignored. */
  dispose(): void;
  /** Text waiting to be written. */
  readonly pendingChars: number;
  /** Text dropped so far because the terminal could not keep up. */
  readonly droppedChars: number;
}

export const MAX_BATCH_CHARS = 256 * 1024;
export const MAX_PENDING_CHARS = 4 * 1024 * 1024;

/** The line written where dropped text was, dim. */
export function skippedNote(chars: number): string {
  const size =
    chars >= 1024 * 1024
      ? `${(chars / (1024 * 1024)).toFixed(1)} MiB`
      : chars >= 1024
        ? `${Math.round(chars / 1024)} KiB`
        : `${chars} characters`;
  return `\r\n\x1b[2m[… ${size} of output skipped to keep up …]\x1b[0m\r\n`;
}

export function createLogBatcher(options: LogBatcherOptions): LogBatcher {
  const maxBatch = options.maxBatchChars ?? MAX_BATCH_CHARS;
  const maxPending = options.maxPendingChars ?? MAX_PENDING_CHARS;
  let pending: string[] = [];
  let pendingChars = 0;
  let droppedChars = 0;
  /** Dropped since the last write: becomes a note in front of the next batch. */
  let unreported = 0;
  let scheduled = false;
  let writing = false;
  let disposed = false;
  /** Bumped by clear(), so a write in flight from before cannot schedule after it. */
  let generation = 0;

  const dropOldest = () => {
    while (pendingChars > maxPending && pending.length > 0) {
      const first = pending[0] ?? '';
      const excess = pendingChars - maxPending;
      if (first.length <= excess) {
        pending.shift();
        pendingChars -= first.length;
        unreported += first.length;
        droppedChars += first.length;
      } else {
        pending[0] = first.slice(excess);
        pendingChars -= excess;
        unreported += excess;
        droppedChars += excess;
      }
    }
  };

  const takeBatch = (): string => {
    let batch = '';
    while (pending.length > 0 && batch.length < maxBatch) {
      const first = pending[0] ?? '';
      const room = maxBatch - batch.length;
      if (first.length <= room) {
        batch += first;
        pending.shift();
      } else {
        batch += first.slice(0, room);
        pending[0] = first.slice(room);
      }
    }
    pendingChars -= batch.length;
    return batch;
  };

  const flush = () => {
    scheduled = false;
    if (disposed || writing || pending.length === 0) return;
    const note = unreported > 0 ? skippedNote(unreported) : '';
    unreported = 0;
    const text = note + takeBatch();
    writing = true;
    const mine = generation;
    options.write(text, () => {
      if (disposed || mine !== generation) return;
      writing = false;
      kick();
    });
  };

  const kick = () => {
    if (disposed || scheduled || writing || pending.length === 0) return;
    scheduled = true;
    options.schedule(flush);
  };

  return {
    push(chunk) {
      if (disposed || chunk === '') return;
      pending.push(chunk);
      pendingChars += chunk.length;
      dropOldest();
      kick();
    },
    clear() {
      pending = [];
      pendingChars = 0;
      unreported = 0;
      writing = false;
      generation += 1;
    },
    dispose() {
      disposed = true;
      pending = [];
      pendingChars = 0;
    },
    get pendingChars() {
      return pendingChars;
    },
    get droppedChars() {
      return droppedChars;
    },
  };
}
