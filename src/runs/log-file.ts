/**
 * A run's log on disk, capped: a container that prints forever must not fill the disk. Up to
 * `maxBytes` is kept as it came (ANSI colours included); past that, the bytes are counted
 * and a last line says how much was dropped. Writes are sequential on one handle.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export const DEFAULT_LOG_CAP = 16 * 1024 * 1024;

export class CappedLogFile {
  private written = 0;
  private dropped = 0;
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly maxBytes: number,
  ) {}

  static async create(path: string, maxBytes = DEFAULT_LOG_CAP): Promise<CappedLogFile> {
    return new CappedLogFile(path, await open(path, 'w', 0o600), maxBytes);
  }

  /** Appends what fits; the rest is counted. Returns at once; `close` waits for the disk. */
  write(chunk: Buffer): void {
    const room = this.maxBytes - this.written;
    const kept = room > 0 ? chunk.subarray(0, room) : Buffer.alloc(0);
    this.written += kept.length;
    this.dropped += chunk.length - kept.length;
    if (kept.length > 0) {
      this.queue = this.queue.then(() => this.handle.write(kept).then(() => undefined));
    }
  }

  get bytesWritten(): number {
    return this.written;
  }

  get bytesDropped(): number {
    return this.dropped;
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.dropped > 0) {
      await this.handle.write(
        `\n[berth: the log was capped at ${this.maxBytes} bytes; ${this.dropped} more bytes were not kept]\n`,
      );
    }
    await this.handle.close();
  }
}
