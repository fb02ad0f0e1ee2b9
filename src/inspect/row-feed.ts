/**
 * A listing's first rows for the UI, while the layers stream: entries as each layer's tar
 * yields them, batched so a screen gets its first rows at once (the first batch goes on
 * the next turn of the event loop) and then at most 10 batches a second, up to a cap: the
 * merged tree replaces them at the end.
 */
import { FIRST_ROWS_LIMIT } from '../shared/image-content';
import type { ImageFile } from '../shared/image-content';
import { normalizePath, WHITEOUT_PREFIX } from './file-tree';
import type { TarEntry } from './file-tree';

const BATCH_INTERVAL_MS = 100;

export class RowFeed {
  private readonly batches = new Map<number, ImageFile[]>();
  private pending = 0;
  private sent = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (layer: number, rows: ImageFile[]) => void,
    private readonly limit = FIRST_ROWS_LIMIT,
  ) {}

  add(layer: number, entry: TarEntry): void {
    if (this.sent + this.pending >= this.limit) return;
    const path = normalizePath(entry.path);
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (!path || base.startsWith(WHITEOUT_PREFIX)) return;
    let batch = this.batches.get(layer);
    if (!batch) this.batches.set(layer, (batch = []));
    batch.push({
      path,
      kind: entry.kind,
      size: entry.size,
      mode: entry.mode,
      ...(entry.linkTarget ? { linkTarget: entry.linkTarget } : {}),
      layer,
      earlierLayers: [],
    });
    this.pending++;
    this.timer ??= setTimeout(() => this.flush(), this.sent === 0 ? 0 : BATCH_INTERVAL_MS);
  }

  /** Sends what is batched; the listing calls it when done, so no row comes after the tree. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [layer, rows] of this.batches) this.send(layer, rows);
    this.sent += this.pending;
    this.pending = 0;
    this.batches.clear();
  }

  /** Drops what is batched: a failed listing sends its error, not more rows. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.batches.clear();
    this.pending = 0;
  }
}
