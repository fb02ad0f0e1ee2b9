/**
 * The merged file tree of a remote image: the manifest alone resolved (no config blob), the
 * layers streamed from the registry two at a time, headers only, merged in order with
 * whiteouts applied.
 */
import { createHash } from 'node:crypto';
import { BerthError } from '../shared/errors';
import type { FileTree, ImageFile, PlatformName } from '../shared/image-content';
import type { RegistryClient } from '../registry';
import { FileTreeBuilder, kindOf, normalizePath } from './file-tree';
import type { TarEntry } from './file-tree';
import { readLayer } from './layer-stream';
import type { EntryContent } from './tar-reader';
import { resolveManifest } from './remote-image';
import { RowFeed } from './row-feed';
import type { ResolvedManifest } from './remote-image';

export interface FilesProgress {
  layersDone: number;
  layers: number;
  bytes: number;
  totalBytes: number;
  entries: number;
}

export interface ListFilesOptions {
  platform?: PlatformName;
  /** Only the entries this layer (0 = base) adds, changes or removes. */
  layer?: number;
  /** Only files under this path. */
  path?: string;
  signal?: AbortSignal;
  onProgress?: (progress: FilesProgress) => void;
  /** How many layers are read at once. */
  concurrency?: number;
  /** Hash every file's content (for diffs: same size is not same content). */
  hash?: boolean;
  /** The first rows, as the layers are read (images.files.rows); see RowFeed. */
  onRows?: (layer: number, rows: ImageFile[]) => void;
  /** Entries of layers already read, by layer digest (a diff reads shared layers once). */
  cache?: Map<string, Promise<TarEntry[]>>;
}

/** A content taker that hashes the entry's content and hands the digest over at its end. */
function hashing(done: (digest: string) => void): EntryContent {
  const hash = createHash('sha256');
  return {
    data: (chunk) => {
      hash.update(chunk);
    },
    end: () => done(`sha256:${hash.digest('hex')}`),
  };
}

export async function layerEntries(
  client: RegistryClient,
  resolved: Pick<ResolvedManifest, 'repo' | 'manifest'>,
  index: number,
  options: {
    signal?: AbortSignal;
    onBytes?: (n: number) => void;
    onEntry?: (entry: TarEntry) => void;
    hash?: boolean;
  },
): Promise<TarEntry[]> {
  const layer = resolved.manifest.layers[index];
  if (!layer) throw new BerthError('inspect.no_layer', `The image has no layer ${index}.`);
  const entries: TarEntry[] = [];
  await readLayer(client, resolved.repo, layer, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onBytes ? { onBytes: options.onBytes } : {}),
    onEntry: (header) => {
      const kind = kindOf(header.type);
      const entry: TarEntry = {
        path: header.name,
        kind,
        size: kind === 'file' ? header.size : 0,
        mode: header.mode,
        ...(header.linkname ? { linkTarget: header.linkname } : {}),
      };
      entries.push(entry);
      options.onEntry?.(entry);
      if (options.hash && kind === 'file') {
        return hashing((digest) => {
          entry.contentDigest = digest;
        });
      }
      return undefined;
    },
  });
  return entries;
}

export async function listFiles(
  client: RegistryClient,
  reference: string,
  options: ListFilesOptions = {},
): Promise<FileTree> {
  const resolved = await resolveManifest(client, reference, {
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const all = resolved.manifest.layers;
  checkLayerIndex(resolved, options.layer);
  const count = options.layer !== undefined ? options.layer + 1 : all.length;
  const progress: FilesProgress = {
    layersDone: 0,
    layers: count,
    bytes: 0,
    totalBytes: all.slice(0, count).reduce((sum, l) => sum + l.size, 0),
    entries: 0,
  };
  const report = progressReporter(progress, options.onProgress);
  const under = options.path ? normalizePath(options.path) : '';
  const inPath = (p: string) => !under || p === under || p.startsWith(`${under}/`);
  const inLayer = (l: number) => options.layer === undefined || l === options.layer;
  const feed = options.onRows ? new RowFeed(options.onRows) : undefined;
  const builder = new FileTreeBuilder();
  // A failed layer stops the others: the listing has failed, their bytes would be wasted.
  const failed = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;

  /** Layer i's entries, from the cache or read now (counted, and fed as rows when asked). */
  const readAt = (i: number, firstEntry: () => void): Promise<TarEntry[]> => {
    const digest = all[i]?.digest ?? '';
    const cached = options.cache?.get(digest);
    if (cached) return cached;
    const reading = layerEntries(client, resolved, i, {
      signal,
      ...(options.hash ? { hash: true } : {}),
      onBytes: (n) => {
        progress.bytes += n;
        report();
      },
      onEntry: (entry) => {
        progress.entries++;
        firstEntry();
        if (feed && inLayer(i) && inPath(normalizePath(entry.path))) feed.add(i, entry);
      },
    });
    options.cache?.set(digest, reading);
    return reading;
  };

  try {
    const read = scheduleLayers(count, Math.max(1, options.concurrency ?? 2), readAt);
    for (let i = 0; i < count; i++) {
      // Started: the layers before it have finished, and each finish starts the next.
      const entries = await read[i];
      const layer = all[i];
      builder.addLayer(
        {
          index: i,
          digest: layer?.digest ?? '',
          mediaType: layer?.mediaType ?? '',
          compressedSize: layer?.size ?? 0,
        },
        entries ?? [],
      );
      progress.layersDone++;
      report(true);
    }
  } catch (error) {
    failed.abort();
    feed?.cancel();
    throw error;
  }
  feed?.flush();
  const tree = builder.result();
  return {
    reference: resolved.reference,
    manifestDigest: resolved.chosen.digest,
    layers: tree.layers,
    files: tree.files.filter((f) => inPath(f.path) && inLayer(f.layer)),
    removed: tree.removed.filter((r) => inPath(r.path) && inLayer(r.layer)),
    wastedBytes: tree.wastedBytes,
    totalBytes: tree.totalBytes,
  };
}

function checkLayerIndex(resolved: ResolvedManifest, layer: number | undefined): void {
  const all = resolved.manifest.layers;
  if (layer !== undefined && (layer < 0 || layer >= all.length)) {
    throw new BerthError(
      'inspect.no_layer',
      `${resolved.reference} has ${all.length} layers (0–${all.length - 1}); there is no layer ${layer}.`,
      'Layers count from 0, the base layer.',
      { layers: all.length },
    );
  }
}

/** Reports progress at most every 100 ms, or now when forced (a layer finished). */
function progressReporter(
  progress: FilesProgress,
  onProgress: ListFilesOptions['onProgress'],
): (force?: boolean) => void {
  let lastReport = 0;
  return (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    onProgress?.({ ...progress });
  };
}

/**
 * Starts the layers' reads: the first reads alone until its first entry, so the first rows do
 * not wait on a CPU busy inflating a second layer; then `concurrency` layers at a time, the
 * next starting as soon as any finishes (a small layer frees its slot early). The array fills
 * as reads start; a rejection is for the caller to await, in order.
 */
function scheduleLayers(
  count: number,
  concurrency: number,
  readAt: (index: number, firstEntry: () => void) => Promise<TarEntry[]>,
): Promise<TarEntry[]>[] {
  const read: Promise<TarEntry[]>[] = [];
  let next = 0;
  let running = 0;
  let firstEntry = false;
  const fill = () => {
    while (next < count && running < (firstEntry ? concurrency : 1)) {
      running++;
      const i = next++;
      const reading = readAt(i, opened);
      read[i] = reading;
      reading.then(
        () => {
          running--;
          firstEntry = true;
          fill();
        },
        () => {},
      );
    }
  };
  const opened = () => {
    if (firstEntry) return;
    firstEntry = true;
    fill();
  };
  fill();
  return read;
}
