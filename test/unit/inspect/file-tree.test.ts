/**
 * The merged tree walks subtrees through a children index instead of scanning every path
 * per whiteout; it must give exactly what the plain definition gives (image-spec layer.md
 * "Whiteouts": `.wh.<name>` removes name and all under it, `.wh..wh..opq` the directory's
 * lower children), checked on random layers of files, directories, implicit parents,
 * whiteouts and opaque markers. The Docker engine itself checks the definition in
 * test/integration/image-content.test.ts.
 */
import { expect, it } from 'vitest';
import { FileTreeBuilder, normalizePath } from '../../../src/inspect/file-tree';
import type { TarEntry } from '../../../src/inspect/file-tree';

/** The definition, by scanning every path: slow and obviously right. */
function plain(layers: TarEntry[][]) {
  const nodes = new Map<string, { kind: string; size: number; layer: number }>();
  const removed: { path: string; layer: number; size: number }[] = [];
  let wasted = 0;
  const removeUnder = (path: string, layer: number, self: boolean) => {
    let count = 0;
    let bytes = 0;
    for (const [key, node] of nodes) {
      if ((self && key === path) || (key.startsWith(path ? `${path}/` : '') && key !== path)) {
        bytes += node.size;
        nodes.delete(key);
        count++;
      }
    }
    if (count > 0) {
      removed.push({ path: path || '/', layer, size: bytes });
      wasted += bytes;
    }
  };
  layers.forEach((entries, layer) => {
    for (const e of entries) {
      const path = normalizePath(e.path);
      const base = path.slice(path.lastIndexOf('/') + 1);
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      if (base === '.wh..wh..opq') removeUnder(dir, layer, false);
      else if (base.startsWith('.wh.'))
        removeUnder(`${dir ? `${dir}/` : ''}${base.slice(4)}`, layer, true);
    }
    for (const e of entries) {
      const path = normalizePath(e.path);
      if (!path || path.slice(path.lastIndexOf('/') + 1).startsWith('.wh.')) continue;
      const before = nodes.get(path);
      if (before) wasted += before.size;
      nodes.set(path, { kind: e.kind, size: e.size, layer });
      if (before?.kind === 'dir' && e.kind !== 'dir') removeUnder(path, layer, false);
    }
  });
  return {
    files: [...nodes].map(([path, n]) => `${path} ${n.size} ${n.layer}`).sort(),
    removed,
    wasted,
  };
}

/** A small deterministic PRNG, so a failure is reproducible from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function randomLayers(seed: number): TarEntry[][] {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
  const name = () => {
    const depth = 1 + Math.floor(next() * 3);
    return Array.from({ length: depth }, () => pick(['a', 'b', 'c'])).join('/');
  };
  return Array.from({ length: 2 + Math.floor(next() * 4) }, () =>
    Array.from({ length: Math.floor(next() * 12) }, (): TarEntry => {
      const roll = next();
      const path = name();
      if (roll < 0.15) {
        const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
        return {
          path: `${dir}.wh.${path.slice(path.lastIndexOf('/') + 1)}`,
          kind: 'file',
          size: 0,
          mode: 0,
        };
      }
      if (roll < 0.22) return { path: `${path}/.wh..wh..opq`, kind: 'file', size: 0, mode: 0 };
      if (roll < 0.45) return { path: `./${path}/`, kind: 'dir', size: 0, mode: 0o755 };
      return { path, kind: 'file', size: 1 + Math.floor(next() * 1000), mode: 0o644 };
    }),
  );
}

it('merges random layers exactly as the plain definition does', () => {
  let whiteouts = 0;
  for (let seed = 1; seed <= 500; seed++) {
    const layers = randomLayers(seed);
    const builder = new FileTreeBuilder();
    layers.forEach((entries, index) =>
      builder.addLayer({ index, digest: '', mediaType: '', compressedSize: 0 }, entries),
    );
    const ours = builder.result();
    const expected = plain(layers);
    expect(
      {
        files: ours.files.map((f) => `${f.path} ${f.size} ${f.layer}`),
        removed: ours.removed,
        wasted: ours.wastedBytes,
      },
      `seed ${seed}`,
    ).toEqual(expected);
    whiteouts += expected.removed.length;
  }
  // The random layers did exercise removals, many times over.
  expect(whiteouts).toBeGreaterThan(200);
});

it('removes a subtree whose directories have no entries of their own', () => {
  const builder = new FileTreeBuilder();
  const meta = (index: number) => ({ index, digest: '', mediaType: '', compressedSize: 0 });
  builder.addLayer(meta(0), [
    { path: 'opt/app/lib/x.so', kind: 'file', size: 10, mode: 0o644 },
    { path: 'opt/other', kind: 'file', size: 5, mode: 0o644 },
  ]);
  const stats = builder.addLayer(meta(1), [
    { path: 'opt/.wh.app', kind: 'file', size: 0, mode: 0 },
  ]);
  const tree = builder.result();
  expect(tree.files.map((f) => f.path)).toEqual(['opt/other']);
  expect(tree.removed).toEqual([{ path: 'opt/app', layer: 1, size: 10 }]);
  expect(stats.removed).toBe(1);
});
