/**
 * Follows the engine's image events while the engine is up, so a `docker pull`, `rmi`, `tag`,
 * `load` or `build` run in a terminal reaches the Images list within a second, as in Docker
 * Desktop. The monitor decides up and down: the stream opens when the engine comes up and is
 * closed when it goes down; a stream that ends or fails while the engine still looks up (a
 * restart between two pings) is opened again after a backoff. A burst (a prune of 50 images,
 * a build's tags) is one change, after a short quiet.
 */
import type { EngineMonitor } from './engine-monitor';
import type { EnginePort } from './engine-port';
import type { EngineImageEvent } from './image-events';

/** What one burst of image events changed. */
export interface ImagesChange {
  /** The engine's actions seen, once each, in the order first seen. */
  actions: string[];
  /** The tags the events named ("alpine:3.20"), once each, at most MAX_REFERENCES. */
  references: string[];
  /** The stream was opened again: changes in between may have been missed, read it all. */
  resync: boolean;
}

export interface ImageEventWatcherOptions {
  /** Quiet needed before a burst is reported. */
  coalesceMs?: number;
  /** A burst that never goes quiet is still reported this often. */
  maxWaitMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Actions that leave the image list as it was. */
const UNCHANGING = new Set(['save', 'mount', 'unmount']);
export const MAX_REFERENCES = 50;
/** A stream that stayed open this long was healthy: the next failure starts the backoff over. */
const HEALTHY_STREAM_MS = 10_000;

/** A tag or digest reference an event names; image IDs and bare repositories say nothing more. */
function namedReference(value: string | undefined): string | undefined {
  if (!value || value.startsWith('sha256:')) return undefined;
  const lastPart = value.slice(value.lastIndexOf('/') + 1);
  return lastPart.includes(':') || lastPart.includes('@') ? value : undefined;
}

export class ImageEventWatcher {
  private readonly listeners = new Set<(change: ImagesChange) => void>();
  private readonly coalesceMs: number;
  private readonly maxWaitMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private running = false;
  private unsubscribe: (() => void) | undefined;
  /** The open (or opening) stream's abort; undefined when none is. */
  private stream: AbortController | undefined;
  /** The current stream has been answered. */
  private isOpen = false;
  /** Some stream has been answered: any later one may have missed changes in between. */
  private everOpened = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private pending: ImagesChange | undefined;
  private pendingSince = 0;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: EnginePort,
    private readonly monitor: EngineMonitor,
    options: ImageEventWatcherOptions = {},
  ) {
    this.coalesceMs = options.coalesceMs ?? 250;
    this.maxWaitMs = options.maxWaitMs ?? 1_000;
    this.minBackoffMs = options.minBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.backoffMs = this.minBackoffMs;
  }

  onChange(listener: (change: ImagesChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether a stream is open now (tests, diagnostics). */
  get listening(): boolean {
    return this.stream !== undefined && this.isOpen;
  }

  start(): void {
    if (this.running || !this.engine.imageEvents) return;
    this.running = true;
    this.unsubscribe = this.monitor.onChange((status) => {
      if (status.state === 'up') this.open();
      else this.close();
    });
    if (this.monitor.current()?.state === 'up') this.open();
  }

  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.close();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = undefined;
  }

  private open(): void {
    const follow = this.engine.imageEvents;
    if (!this.running || this.stream || !follow) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const stream = new AbortController();
    this.stream = stream;
    const openedAt = Date.now();
    this.isOpen = false;
    follow
      .call(this.engine, {
        signal: stream.signal,
        onOpen: () => {
          if (this.stream !== stream) return;
          this.isOpen = true;
          // Changes made while no stream was open were not seen: the list is read again.
          if (this.everOpened) this.note(undefined);
          this.everOpened = true;
        },
        onEvent: (event) => {
          if (this.stream === stream) this.note(event);
        },
      })
      .catch(() => undefined)
      .then(() => {
        // Closed on purpose (engine down, stop): the monitor or start() opens the next one.
        if (this.stream !== stream) return;
        this.stream = undefined;
        this.isOpen = false;
        if (Date.now() - openedAt >= HEALTHY_STREAM_MS) this.backoffMs = this.minBackoffMs;
        this.retryTimer = setTimeout(() => this.open(), this.backoffMs);
        this.retryTimer.unref?.();
        this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
      });
  }

  private close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    this.isOpen = false;
    stream?.abort();
  }

  /** Adds an event (or, undefined, a resync) to the burst and (re)arms its report. */
  private note(event: EngineImageEvent | undefined): void {
    if (event && UNCHANGING.has(event.action)) return;
    const now = Date.now();
    if (!this.pending) {
      this.pending = { actions: [], references: [], resync: false };
      this.pendingSince = now;
    }
    const burst = this.pending;
    if (!event) burst.resync = true;
    else {
      if (!burst.actions.includes(event.action)) burst.actions.push(event.action);
      for (const reference of [namedReference(event.id), namedReference(event.name)]) {
        if (
          reference &&
          burst.references.length < MAX_REFERENCES &&
          !burst.references.includes(reference)
        )
          burst.references.push(reference);
      }
    }
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const wait = Math.max(0, Math.min(this.coalesceMs, this.pendingSince + this.maxWaitMs - now));
    this.flushTimer = setTimeout(() => this.flush(), wait);
    this.flushTimer.unref?.();
  }

  private flush(): void {
    this.flushTimer = undefined;
    const change = this.pending;
    this.pending = undefined;
    if (!change) return;
    for (const listener of this.listeners) listener(change);
  }
}
