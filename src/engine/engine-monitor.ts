/**
 * Watches the engine so the UI notices it going down or coming back without a restart:
 * a cheap /_ping on an interval (faster while down), a full status on every change.
 */
import type { EngineStatus } from '../shared/contract';
import { BerthError, toErrorShape } from '../shared/errors';
import type { EnginePort } from './engine-port';

export interface EngineMonitorOptions {
  upIntervalMs?: number;
  downIntervalMs?: number;
  now?: () => Date;
}

export class EngineMonitor {
  private last: EngineStatus | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(status: EngineStatus) => void>();
  private readonly upIntervalMs: number;
  private readonly downIntervalMs: number;
  private readonly now: () => Date;
  private inFlight: Promise<EngineStatus> | undefined;

  constructor(
    private readonly engine: EnginePort,
    options: EngineMonitorOptions = {},
  ) {
    this.upIntervalMs = options.upIntervalMs ?? 5_000;
    this.downIntervalMs = options.downIntervalMs ?? 2_000;
    this.now = options.now ?? (() => new Date());
  }

  /** A fresh, full status; concurrent callers share one check. */
  check(): Promise<EngineStatus> {
    this.inFlight ??= this.fullStatus().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The last status seen, if any check has run. */
  current(): EngineStatus | undefined {
    return this.last;
  }

  onChange(listener: (status: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.timer) return;
    const tick = async () => {
      await this.poll();
      if (this.timer)
        this.timer = setTimeout(
          tick,
          this.last?.state === 'up' ? this.upIntervalMs : this.downIntervalMs,
        );
    };
    this.timer = setTimeout(tick, 0);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.last?.state === 'up') {
      // While up, a ping is enough; only a failure needs the full story.
      try {
        await this.engine.ping();
        return;
      } catch {
        /* fall through to a full check, which records why */
      }
    }
    await this.check();
  }

  private async fullStatus(): Promise<EngineStatus> {
    const checkedAt = this.now().toISOString();
    let status: EngineStatus;
    try {
      status = { state: 'up', info: await this.engine.info(), checkedAt };
    } catch (error) {
      const shape = error instanceof BerthError ? error.toShape() : toErrorShape(error);
      status = { state: 'down', endpoint: this.engine.endpoint, error: shape, checkedAt };
    }
    const changed =
      !this.last ||
      this.last.state !== status.state ||
      (status.state === 'down' &&
        this.last.state === 'down' &&
        this.last.error.code !== status.error.code);
    this.last = status;
    if (changed) for (const listener of this.listeners) listener(status);
    return status;
  }
}
