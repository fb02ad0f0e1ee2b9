/**
 * A pull's progress: the engine's raw messages folded into per-layer state and overall bytes
 * and speed, and a coalescer that lets at most 10 updates a second through, however many
 * layers and messages there are (a 200-layer image sends hundreds of thousands).
 *
 * The layer messages are moby's (distribution/xfer and distribution/pull_v2.go):
 * "Pulling fs layer", "Waiting", "Downloading", "Verifying Checksum", "Download complete",
 * "Extracting", "Pull complete", "Already exists", "Retrying in N seconds".
 */
import type { RawPullEvent } from '../engine';
import type { LayerProgress, LayerState, PullPhase, PullProgress } from '../shared/pull';

interface LayerRecord {
  id: string;
  state: LayerState;
  current: number;
  total: number | null;
  /** The compressed size, once the engine has said it. */
  size: number | null;
  downloaded: number;
}

const SPEED_WINDOW_MS = 3_000;

function detail(event: RawPullEvent): { current: number | null; total: number | null } {
  const d = event.progressDetail;
  const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
  // The engine says total 0 or -1 when it does not know the size.
  const total = number(d?.total);
  return { current: number(d?.current), total: total ? total : null };
}

export class PullProgressTracker {
  private readonly layers = new Map<string, LayerRecord>();
  private samples: { t: number; bytes: number }[] = [];
  private completed = false;
  /** The digest the engine announced ("Digest: sha256:…"), if it did. */
  digest: string | null = null;
  /**
   * The engine said the tag already held what the registry serves (moby distribution/pull.go
   * writes "Status: Image is up to date for …", and "Downloaded newer image" otherwise).
   */
  upToDate = false;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Folds one message in; says whether anything a user would see changed. */
  apply(event: RawPullEvent): boolean {
    const status = event.status ?? '';
    if (status.startsWith('Digest: ')) {
      this.digest = status.slice('Digest: '.length).trim() || null;
      return false;
    }
    if (status.startsWith('Status: Image is up to date')) this.upToDate = true;
    const id = event.id;
    if (!id) return false;
    const existing = this.layers.get(id);
    const layer: LayerRecord = existing ?? {
      id,
      state: 'waiting',
      current: 0,
      total: null,
      size: null,
      downloaded: 0,
    };
    const { current, total } = detail(event);
    switch (status) {
      case 'Pulling fs layer':
      case 'Waiting':
        layer.state = 'waiting';
        layer.total = layer.size;
        break;
      case 'Downloading':
        layer.state = 'downloading';
        if (total !== null) layer.size = total;
        if (current !== null) layer.downloaded = current;
        layer.current = layer.downloaded;
        layer.total = layer.size;
        break;
      case 'Verifying Checksum':
      case 'Download complete':
        layer.state = status === 'Download complete' ? 'downloaded' : 'downloading';
        layer.downloaded = layer.size ?? layer.downloaded;
        layer.current = layer.downloaded;
        layer.total = layer.size;
        break;
      case 'Extracting':
        layer.state = 'extracting';
        // Extraction reads the compressed blob, so its total is the download's size: a layer
        // small enough to skip "Downloading" messages learns its size here.
        if (layer.size === null && total !== null) layer.size = total;
        layer.downloaded = layer.size ?? layer.downloaded;
        layer.current = current ?? 0;
        layer.total = total ?? layer.size;
        break;
      case 'Pull complete':
        layer.state = 'done';
        layer.downloaded = layer.size ?? layer.downloaded;
        layer.current = layer.total ?? layer.size ?? layer.current;
        break;
      case 'Already exists':
        layer.state = 'exists';
        layer.current = 0;
        layer.total = null;
        layer.downloaded = 0;
        break;
      default:
        if (!status.startsWith('Retrying in')) return false;
        // The download starts over.
        layer.state = 'waiting';
        layer.downloaded = 0;
        layer.current = 0;
        break;
    }
    if (!existing) this.layers.set(id, layer);
    return true;
  }

  /** The stream ended well: the pull is complete, whatever the last layer message was. */
  complete(): void {
    this.completed = true;
  }

  get bytes(): { current: number; total: number } {
    let current = 0;
    let total = 0;
    for (const layer of this.layers.values()) {
      if (layer.state === 'exists') continue;
      current += layer.downloaded;
      total += layer.size ?? 0;
    }
    return { current, total: Math.max(total, current) };
  }

  get phase(): PullPhase {
    if (this.completed) return 'complete';
    if (this.layers.size === 0) return 'starting';
    let extracting = false;
    for (const { state } of this.layers.values()) {
      if (state === 'waiting' || state === 'downloading') return 'downloading';
      if (state === 'downloaded' || state === 'extracting') extracting = true;
    }
    return extracting ? 'extracting' : 'complete';
  }

  /** The state as it is now; also a sample for the speed, so call it when emitting. */
  snapshot(): PullProgress {
    const bytes = this.bytes;
    const t = this.now();
    this.samples.push({ t, bytes: bytes.current });
    while (this.samples.length > 2 && (this.samples[1]?.t ?? t) <= t - SPEED_WINDOW_MS) {
      this.samples.shift();
    }
    const base = this.samples[0] ?? { t, bytes: bytes.current };
    const seconds = (t - base.t) / 1000;
    const speedBps =
      seconds > 0 ? Math.max(0, Math.round((bytes.current - base.bytes) / seconds)) : 0;
    const layers: LayerProgress[] = [...this.layers.values()].map(
      ({ id, state, current, total }) => ({ id, state, current, total }),
    );
    return { layers, bytes, speedBps, phase: this.phase };
  }
}

export interface CoalescerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimeout(handle: ReturnType<typeof setTimeout>): void;
}

// Looked up at call time, so tests with fake timers drive it.
const systemClock: CoalescerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};

/**
 * At most 10 updates in any second, the final one included: 9 at most while the work goes on
 * (one per 112 ms), so the final state, which goes out at once, is the tenth at worst.
 */
export const PROGRESS_INTERVAL_MS = Math.ceil(1000 / 9);

/**
 * Lets `emit` run at most once per interval: the first change goes out at once, later ones
 * wait for the interval's end and go out as one (trailing) update with the latest state.
 * `flush` emits the final state at once: the end of a pull does not wait out an interval
 * meant to spare the screen in its middle (it used to add up to 100 ms to every pull); the
 * interval leaves room for it in the one-second budget.
 */
export class Coalescer {
  private lastEmit = -Infinity;
  private dirty = false;
  private closed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: () => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly clock: CoalescerClock = systemClock,
  ) {}

  notify(): void {
    if (this.closed) return;
    this.dirty = true;
    if (this.timer !== undefined) return;
    const wait = this.lastEmit + this.intervalMs - this.clock.now();
    if (wait <= 0) this.fire();
    else this.timer = this.clock.setTimeout(() => this.fire(), wait);
  }

  /** Emits the final state now (even when nothing changed) and stops; later notifies are ignored. */
  flush(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.send();
  }

  private fire(): void {
    this.timer = undefined;
    if (this.dirty && !this.closed) this.send();
  }

  private send(): void {
    this.dirty = false;
    this.lastEmit = this.clock.now();
    this.emit();
  }
}
