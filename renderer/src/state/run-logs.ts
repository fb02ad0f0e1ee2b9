/**
 * The logs of this session's runs, outside React state: a bounded tail per run (so a
 * terminal opened later shows the recent output) and listeners for what comes next. A run
 * that logs 100k lines keeps at most about twice `maxCharsPerRun` here, and only `maxRuns` runs are kept.
 */
export type LogEvent =
  /** More output of a run. */
  | { kind: 'chunk'; text: string }
  /** The whole log was replaced (a log file read back): show this instead. */
  | { kind: 'reset'; text: string };

export interface RunLogsOptions {
  maxCharsPerRun?: number;
  maxRuns?: number;
}

interface Tail {
  chunks: string[];
  chars: number;
  /** Text dropped from the front to stay under the bound. */
  dropped: number;
}

export const MAX_CHARS_PER_RUN = 1024 * 1024;
export const MAX_RUNS = 12;

export class RunLogs {
  private readonly tails = new Map<string, Tail>();
  private readonly listeners = new Map<string, Set<(event: LogEvent) => void>>();
  private readonly maxChars: number;
  private readonly maxRuns: number;

  constructor(options: RunLogsOptions = {}) {
    this.maxChars = options.maxCharsPerRun ?? MAX_CHARS_PER_RUN;
    this.maxRuns = options.maxRuns ?? MAX_RUNS;
  }

  append(runId: string, text: string): void {
    if (text === '') return;
    const tail = this.tailOf(runId);
    tail.chunks.push(text);
    tail.chars += text.length;
    this.trim(tail);
    this.emit(runId, { kind: 'chunk', text });
  }

  /** Replaces a run's log with text read back from its file. */
  replace(runId: string, text: string): void {
    const tail = this.tailOf(runId);
    tail.chunks = [text];
    tail.chars = text.length;
    tail.dropped = 0;
    this.trim(tail, true);
    this.emit(runId, { kind: 'reset', text: this.text(runId) });
  }

  has(runId: string): boolean {
    return this.tails.has(runId);
  }

  /** The kept tail; starts at a line boundary when the front was dropped. */
  text(runId: string): string {
    const tail = this.tails.get(runId);
    if (!tail) return '';
    this.trim(tail, true);
    const joined = tail.chunks.join('');
    tail.chunks = [joined];
    return joined;
  }

  dropped(runId: string): number {
    return this.tails.get(runId)?.dropped ?? 0;
  }

  subscribe(runId: string, listener: (event: LogEvent) => void): () => void {
    const set = this.listeners.get(runId) ?? new Set();
    this.listeners.set(runId, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  private tailOf(runId: string): Tail {
    let tail = this.tails.get(runId);
    if (!tail) {
      tail = { chunks: [], chars: 0, dropped: 0 };
      this.tails.set(runId, tail);
      this.evict();
    } else {
      // Map order is insertion order: move the run to the newest end.
      this.tails.delete(runId);
      this.tails.set(runId, tail);
    }
    return tail;
  }

  /** Forgets the least recently written runs no terminal is showing. */
  private evict(): void {
    for (const runId of this.tails.keys()) {
      if (this.tails.size <= this.maxRuns) return;
      if (!this.listeners.has(runId)) this.tails.delete(runId);
    }
  }

  /**
   * Cuts the front down to the bound. While output streams in, only once twice the bound
   * has gathered: cutting on every chunk would copy the whole tail per line.
   */
  private trim(tail: Tail, now = false): void {
    if (tail.chars <= (now ? this.maxChars : 2 * this.maxChars)) return;
    let joined = tail.chunks.join('');
    let cut = joined.length - this.maxChars;
    // Start the kept part on a new line, unless that throws away most of it.
    const newline = joined.indexOf('\n', cut);
    if (newline !== -1 && newline - cut < this.maxChars / 4) cut = newline + 1;
    tail.dropped += cut;
    joined = joined.slice(cut);
    tail.chunks = [joined];
    tail.chars = joined.length;
  }

  private emit(runId: string, event: LogEvent): void {
    this.listeners.get(runId)?.forEach((listener) => listener(event));
  }
}
