/**
 * What differs between two remote images: the manifest (digest, media type, config, layer
 * count), the config (entrypoint, cmd, env, user, working dir, labels, ports, created), the
 * layers by digest, and the files (by content hash, not just size). Layers both images share
 * are read once.
 */
import type { ImageDiff, ImageFile, PlatformName, RemoteImage } from '../shared/image-content';
import type { RegistryClient } from '../registry';
import type { TarEntry } from './file-tree';
import { listFiles } from './list-files';
import type { FilesProgress } from './list-files';
import { resolveImage } from './remote-image';
import { platformText } from './platform-match';

export interface DiffOptions {
  platform?: PlatformName;
  /** Compare the files too (reads every layer that differs). */
  files?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: FilesProgress & { side: 'a' | 'b' }) => void;
}

type ConfigChange = ImageDiff['config'][number];

function configFields(image: RemoteImage): Map<string, string> {
  const fields = new Map<string, string>([
    ['Entrypoint', JSON.stringify(image.entrypoint)],
    ['Cmd', JSON.stringify(image.cmd)],
    ['User', image.user],
    ['WorkingDir', image.workingDir],
    ['Created', image.created ?? ''],
    ['Platform', platformText(image.platform)],
    ['ExposedPorts', image.exposedPorts.join(', ')],
  ]);
  for (const entry of image.env) {
    const eq = entry.indexOf('=');
    fields.set(`Env ${eq >= 0 ? entry.slice(0, eq) : entry}`, eq >= 0 ? entry.slice(eq + 1) : '');
  }
  for (const [key, value] of Object.entries(image.labels)) fields.set(`Label ${key}`, value);
  return fields;
}

export function diffConfig(a: RemoteImage, b: RemoteImage): ConfigChange[] {
  const fa = configFields(a);
  const fb = configFields(b);
  const changes: ConfigChange[] = [];
  for (const field of new Set([...fa.keys(), ...fb.keys()])) {
    const va = fa.get(field);
    const vb = fb.get(field);
    if (va === vb) continue;
    changes.push({
      field,
      change: va === undefined ? 'added' : vb === undefined ? 'removed' : 'changed',
      a: va ?? null,
      b: vb ?? null,
    });
  }
  return changes;
}

export function diffFiles(
  a: readonly ImageFile[],
  b: readonly ImageFile[],
): NonNullable<ImageDiff['files']> {
  const inA = new Map(a.map((f) => [f.path, f]));
  const inB = new Map(b.map((f) => [f.path, f]));
  const out: NonNullable<ImageDiff['files']> = [];
  for (const [path, fa] of inA) {
    const fb = inB.get(path);
    if (!fb) out.push({ path, change: 'removed', sizeA: fa.size, sizeB: null });
    else if (
      fa.kind !== fb.kind ||
      fa.size !== fb.size ||
      fa.mode !== fb.mode ||
      fa.linkTarget !== fb.linkTarget ||
      fa.contentDigest !== fb.contentDigest
    )
      out.push({ path, change: 'changed', sizeA: fa.size, sizeB: fb.size });
  }
  for (const [path, fb] of inB) {
    if (!inA.has(path)) out.push({ path, change: 'added', sizeA: null, sizeB: fb.size });
  }
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

export async function diffImages(
  client: RegistryClient,
  refA: string,
  refB: string,
  options: DiffOptions = {},
): Promise<ImageDiff> {
  const resolve = {
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const [ra, rb] = await Promise.all([
    resolveImage(client, refA, resolve),
    resolveImage(client, refB, resolve),
  ]);
  const a = ra.image;
  const b = rb.image;
  const manifest: ImageDiff['manifest'] = [];
  const compare = (field: string, x: string, y: string) => {
    if (x !== y) manifest.push({ field, a: x, b: y });
  };
  compare('digest', a.digest, b.digest);
  compare('mediaType', a.mediaType, b.mediaType);
  compare('platform manifest', a.manifestDigest, b.manifestDigest);
  compare('config', a.configDigest, b.configDigest);
  compare('layers', String(a.layers.length), String(b.layers.length));
  compare('compressed size', String(a.compressedSize), String(b.compressedSize));
  const digestsA = new Set(a.layers.map((l) => l.digest));
  const digestsB = new Set(b.layers.map((l) => l.digest));
  let files: ImageDiff['files'] = null;
  if (options.files !== false && a.manifestDigest !== b.manifestDigest) {
    const cache = new Map<string, Promise<TarEntry[]>>();
    const listing = (ref: string, side: 'a' | 'b') =>
      listFiles(client, ref, {
        ...resolve,
        hash: true,
        cache,
        ...(options.onProgress
          ? { onProgress: (p: FilesProgress) => options.onProgress?.({ ...p, side }) }
          : {}),
      });
    const ta = await listing(refA, 'a');
    const tb = await listing(refB, 'b');
    files = diffFiles(ta.files, tb.files);
  } else if (options.files !== false) files = [];
  return {
    a: { reference: a.reference, digest: a.digest, manifestDigest: a.manifestDigest },
    b: { reference: b.reference, digest: b.digest, manifestDigest: b.manifestDigest },
    sameDigest: a.digest === b.digest,
    sameManifest: a.manifestDigest === b.manifestDigest,
    manifest,
    config: diffConfig(a, b),
    layers: {
      shared: a.layers.filter((l) => digestsB.has(l.digest)).map((l) => l.digest),
      onlyA: a.layers.filter((l) => !digestsB.has(l.digest)),
      onlyB: b.layers.filter((l) => !digestsA.has(l.digest)),
    },
    files,
  };
}
