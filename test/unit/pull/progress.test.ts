import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer, PROGRESS_INTERVAL_MS, PullProgressTracker } from '../../../src/pull';
import type { RawPullEvent } from '../../../src/engine';
import type { PullProgress } from '../../../src/shared/pull';

const layer = (id: string, status: string, current?: number, total?: number): RawPullEvent => ({
  status,
  id,
  progressDetail: current === undefined ? {} : { current, ...(total ? { total } : {}) },
});

describe('folding pull messages into progress', () => {
  it('follows a layer from waiting through downloading and extracting to done', () => {
    const t = new PullProgressTracker(() => 0);
    const states: string[] = [];
    const step = (e: RawPullEvent) => {
      t.apply(e);
      const l = t.snapshot().layers[0];
      states.push(`${l?.state} ${l?.current}/${l?.total}`);
    };
    step(layer('a', 'Pulling fs layer'));
    step(layer('a', 'Waiting'));
    step(layer('a', 'Downloading', 400, 1000));
    step(layer('a', 'Verifying Checksum'));
    step(layer('a', 'Download complete'));
    step(layer('a', 'Extracting', 250, 1000));
    step(layer('a', 'Pull complete'));
    expect(states).toEqual([
      'waiting 0/null',
      'waiting 0/null',
      'downloading 400/1000',
      'downloading 1000/1000',
      'downloaded 1000/1000',
      'extracting 250/1000',
      'done 1000/1000',
    ]);
    expect(t.bytes).toEqual({ current: 1000, total: 1000 });
  });

  it('counts layers the engine already has as zero bytes', () => {
    const t = new PullProgressTracker(() => 0);
    t.apply(layer('a', 'Already exists'));
    t.apply(layer('b', 'Downloading', 10, 100));
    expect(t.snapshot()).toMatchObject({
      layers: [
        { id: 'a', state: 'exists', current: 0, total: null },
        { id: 'b', state: 'downloading', current: 10, total: 100 },
      ],
      bytes: { current: 10, total: 100 },
      phase: 'downloading',
    });
  });

  it('learns the size of a layer too small for Downloading messages from its extraction', () => {
    const t = new PullProgressTracker(() => 0);
    t.apply(layer('a', 'Pulling fs layer'));
    t.apply(layer('a', 'Download complete'));
    t.apply(layer('a', 'Extracting', 32, 32));
    t.apply(layer('a', 'Pull complete'));
    expect(t.bytes).toEqual({ current: 32, total: 32 });
  });

  it('starts a layer over when the engine retries its download', () => {
    const t = new PullProgressTracker(() => 0);
    t.apply(layer('a', 'Downloading', 600, 1000));
    t.apply({ status: 'Retrying in 5 seconds', id: 'a', progressDetail: {} });
    expect(t.snapshot().layers[0]).toMatchObject({ state: 'waiting', current: 0 });
    expect(t.bytes.current).toBe(0);
  });

  it('says which phase the pull is in', () => {
    const t = new PullProgressTracker(() => 0);
    expect(t.phase).toBe('starting');
    t.apply({ status: 'Pulling from team/flows', id: '1' });
    expect(t.phase).toBe('starting');
    t.apply(layer('a', 'Pulling fs layer'));
    t.apply(layer('b', 'Download complete'));
    expect(t.phase).toBe('downloading');
    t.apply(layer('a', 'Download complete'));
    t.apply(layer('b', 'Extracting', 1, 2));
    expect(t.phase).toBe('extracting');
    t.apply(layer('a', 'Pull complete'));
    t.apply(layer('b', 'Pull complete'));
    expect(t.phase).toBe('complete');
    const empty = new PullProgressTracker(() => 0);
    empty.complete();
    expect(empty.phase).toBe('complete');
  });

  it('keeps the announced digest and ignores messages that are not about a layer', () => {
    const t = new PullProgressTracker(() => 0);
    expect(t.apply({ status: 'Pulling from team/flows', id: '1' })).toBe(false);
    expect(t.apply({ status: `Digest: sha256:${'c'.repeat(64)}` })).toBe(false);
    expect(t.apply({ status: 'Status: Image is up to date for x:1' })).toBe(false);
    expect(t.digest).toBe(`sha256:${'c'.repeat(64)}`);
    expect(t.snapshot().layers).toEqual([]);
  });

  it('measures the speed over the last seconds', () => {
    let now = 0;
    const t = new PullProgressTracker(() => now);
    expect(t.snapshot().speedBps).toBe(0);
    for (let second = 1; second <= 10; second++) {
      now = second * 1000;
      t.apply(layer('a', 'Downloading', second * 2_000_000, 100_000_000));
      t.snapshot();
    }
    expect(t.snapshot().speedBps).toBe(2_000_000);
    // A stall drags the speed down once the window moves on.
    now = 13_000;
    expect(t.snapshot().speedBps).toBe(0);
  });
});

describe('coalescing progress updates', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits the first change at once and a burst as one trailing update with the latest state', () => {
    let state = 0;
    const seen: number[] = [];
    const c = new Coalescer(() => seen.push(state));
    state = 1;
    c.notify();
    expect(seen).toEqual([1]);
    for (state = 2; state <= 50; state++) {
      c.notify();
      vi.advanceTimersByTime(1);
    }
    state = 50;
    expect(seen).toEqual([1]);
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(seen).toEqual([1, 50]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([1, 50]);
  });

  it('emits the final state at once, even when nothing changed, and nothing after it', () => {
    let state = 'first';
    const seen: string[] = [];
    const c = new Coalescer(() => seen.push(state));
    c.notify();
    state = 'pending';
    c.notify();
    state = 'final';
    // Inside the interval after 'first': the final state does not wait for it to end, and
    // the trailing update it replaces never comes.
    c.flush();
    expect(seen).toEqual(['first', 'final']);
    c.notify();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['first', 'final']);
    const idle = new Coalescer(() => seen.push('idle'));
    idle.flush();
    expect(seen.at(-1)).toBe('idle');
  });

  it('lets through at most 10 updates a second for 200 layers × 1000 messages, and ends on the final state', async () => {
    const tracker = new PullProgressTracker();
    const emitted: { at: number; progress: PullProgress }[] = [];
    const c = new Coalescer(() => emitted.push({ at: Date.now(), progress: tracker.snapshot() }));
    const start = Date.now();
    const LAYERS = 200;
    const EVENTS = 1000;
    const size = 1_000_000;
    // 200,000 messages, interleaved across layers as the engine's concurrent downloads are,
    // 25 µs apart on average: about 5 s of pull.
    for (let i = 0; i < EVENTS; i++) {
      for (let l = 0; l < LAYERS; l++) {
        const id = `layer${String(l).padStart(7, '0')}`;
        const event =
          i === 0
            ? layer(id, 'Pulling fs layer')
            : i === EVENTS - 1
              ? layer(id, 'Pull complete')
              : i < 800
                ? layer(id, 'Downloading', Math.round((size * i) / 800), size)
                : i === 800
                  ? layer(id, 'Download complete')
                  : layer(id, 'Extracting', Math.round((size * (i - 800)) / 198), size);
        if (tracker.apply(event)) c.notify();
      }
      vi.advanceTimersByTime(5);
    }
    tracker.complete();
    c.flush();

    const seconds = (Date.now() - start) / 1000;
    expect(seconds).toBeGreaterThan(4);
    // One at the start, then one per interval (9 a second), then the final state at once.
    const perSecond = 1000 / PROGRESS_INTERVAL_MS;
    expect(emitted.length).toBeLessThanOrEqual(Math.ceil(seconds * perSecond) + 2);
    expect(emitted.length).toBeGreaterThan(seconds * perSecond - 2);
    // No window of one second holds more than 10, the final state included, although that one
    // goes out at once (sooner than the interval after the one before it).
    expect((emitted.at(-1)?.at ?? 0) - (emitted.at(-2)?.at ?? 0)).toBeLessThan(
      PROGRESS_INTERVAL_MS,
    );
    for (let i = 10; i < emitted.length; i++) {
      expect((emitted[i]?.at ?? 0) - (emitted[i - 10]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
    const last = emitted.at(-1)?.progress;
    expect(last?.phase).toBe('complete');
    expect(last?.layers).toHaveLength(LAYERS);
    expect(last?.layers.every((l) => l.state === 'done')).toBe(true);
    expect(last?.bytes).toEqual({ current: LAYERS * size, total: LAYERS * size });
  });
});
