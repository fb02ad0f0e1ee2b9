/**
 * The merged file tree of a remote image: every layer streamed from the registry (two at a
 * time, headers only), merged in order with whiteouts applied.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BerthError } from '../shared/errors';
import type { FileTree, PlatformName } from '../shared/image-content';
import type { RegistryClient } from '../registry';
import { FileTreeBuilder, kindOf, normalizePath } from './file-tree';
import type { TarEntry } from './file-tree';
import { readLayer, skip } from './layer-stream';
import { resolveImage } from './remote-image';
import type { ResolvedImage } from './remote-image';

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
  /** Entries of layers already read, by layer digest (a diff reads shared layers once). */
  cache?: Map<string, Promise<TarEntry[]>>;
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

export async function layerEntries(
  client: RegistryClient,
  resolved: ResolvedImage,
  index: number,
  options: {
    signal?: AbortSignal;
    onBytes?: (n: number) => void;
    onEntry?: () => void;
    hash?: boolean;
  },
): Promise<TarEntry[]> {
  const layer = resolved.manifest.layers[index];
  if (!layer) throw new BerthError('inspect.no_layer', `The image has no layer ${index}.`);
  const entries: TarEntry[] = [];
  await readLayer(client, resolved.repo, layer, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onBytes ? { onBytes: options.onBytes } : {}),
    onEntry: async ({ header, stream }) => {
      const kind = kindOf(header.type);
      const contentDigest =
        options.hash && kind === 'file' ? await sha256Of(stream) : (await skip(stream), undefined);
      entries.push({
        path: header.name,
        kind,
        size: kind === 'file' ? (header.size ?? 0) : 0,
        mode: header.mode ?? 0,
        ...(header.linkname ? { linkTarget: header.linkname } : {}),
        ...(contentDigest ? { contentDigest } : {}),
      });
      options.onEntry?.();
    },
  });
  return entries;
}

export async function listFiles(
  client: RegistryClient,
  reference: string,
  options: ListFilesOptions = {},
): Promise<FileTree> {
  const resolved = await resolveImage(client, reference, {
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const all = resolved.manifest.layers;
  if (options.layer !== undefined && (options.layer < 0 || options.layer >= all.length)) {
    throw new BerthError(
      'inspect.no_layer',
      `${resolved.image.reference} has ${all.length} layers (0–${all.length - 1}); there is no layer ${options.layer}.`,
      'Layers count from 0, the base layer.',
      { layers: all.length },
    );
  }
  const count = options.layer !== undefined ? options.layer + 1 : all.length;
  const progress: FilesProgress = {
    layersDone: 0,
    layers: count,
    bytes: 0,
    totalBytes: all.slice(0, count).reduce((sum, l) => sum + l.size, 0),
    entries: 0,
  };
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    options.onProgress?.({ ...progress });
  };
  const builder = new FileTreeBuilder();
  const read: Promise<TarEntry[]>[] = [];
  const concurrency = Math.max(1, options.concurrency ?? 2);
  let next = 0;
  const start = () => {
    const i = next++;
    const digest = all[i]?.digest ?? '';
    const cached = options.cache?.get(digest);
    read[i] =
      cached ??
      layerEntries(client, resolved, i, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.hash ? { hash: true } : {}),
        onBytes: (n) => {
          progress.bytes += n;
          report();
        },
        onEntry: () => {
          progress.entries++;
        },
      });
    if (!cached) options.cache?.set(digest, read[i] ?? Promise.resolve([]));
    // An unawaited rejection is awaited in order below; keep Node from calling it unhandled.
    read[i]?.catch(() => {});
  };
  while (next < Math.min(concurrency, count)) start();
  for (let i = 0; i < count; i++) {
    const entries = await (read[i] ?? Promise.resolve([]));
    if (next < count) start();
    const layer = all[i];
    builder.addLayer(
      {
        index: i,
        digest: layer?.digest ?? '',
        mediaType: layer?.mediaType ?? '',
        compressedSize: layer?.size ?? 0,
      },
      entries,
    );
    progress.layersDone++;
    report(true);
  }
  const tree = builder.result();
  const under = options.path ? normalizePath(options.path) : '';
  const inPath = (p: string) => !under || p === under || p.startsWith(`${under}/`);
  const inLayer = (l: number) => options.layer === undefined || l === options.layer;
  return {
    reference: resolved.image.reference,
    manifestDigest: resolved.image.manifestDigest,
    layers: tree.layers,
    files: tree.files.filter((f) => inPath(f.path) && inLayer(f.layer)),
    removed: tree.removed.filter((r) => inPath(r.path) && inLayer(r.layer)),
    wastedBytes: tree.wastedBytes,
    totalBytes: tree.totalBytes,
  };
}
