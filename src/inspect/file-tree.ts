/**
 * The image's file system as the engine would build it, from each layer's tar headers:
 * layers apply in order, and a layer's whiteouts hide what the layers below put there
 * (opencontainers/image-spec layer.md "Whiteouts", v1.1.0): `.wh.<name>` removes <name> and
 * everything under it, `.wh..wh..opq` in a directory removes all the directory's children
 * from lower layers. Whiteouts never hide entries of their own layer, so a layer's whiteouts
 * apply before its entries (containerd archive/tar.go applies them the same way).
 */
import type { FileKind, ImageFile, LayerFiles, RemovedFile } from '../shared/image-content';

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_WHITEOUT = '.wh..wh..opq';

export interface TarEntry {
  path: string;
  kind: FileKind;
  size: number;
  mode: number;
  linkTarget?: string;
  contentDigest?: string;
}

interface Node extends TarEntry {
  layer: number;
  earlierLayers: number[];
  /** Bytes the entry's earlier versions still occupy below. */
  hiddenBytes: number;
}

/** "./usr/bin/" -> "usr/bin"; "" for the root. */
export function normalizePath(path: string): string {
  return path
    .replace(/^(\.\/|\/)+/, '')
    .replace(/^\.$/, '')
    .replace(/\/+$/, '');
}

export function kindOf(type: string | null | undefined): FileKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export class FileTreeBuilder {
  private readonly nodes = new Map<string, Node>();
  /**
   * Each directory's children, implicit directories included (a tar may hold a/b/c without
   * a/b): a whiteout removes a subtree by walking it, not by scanning every path, so an
   * image of 100,000 files and many whiteouts stays linear.
   */
  private readonly children = new Map<string, Set<string>>();
  private readonly removed: RemovedFile[] = [];
  private readonly layers: LayerFiles[] = [];
  private wasted = 0;

  /** Applies one layer: its whiteouts against the layers below, then its entries. */
  addLayer(
    meta: { index: number; digest: string; mediaType: string; compressedSize: number },
    entries: readonly TarEntry[],
  ): LayerFiles {
    const stats: LayerFiles = {
      ...meta,
      contentSize: 0,
      entries: entries.length,
      added: 0,
      changed: 0,
      removed: 0,
    };
    for (const entry of entries) {
      const path = normalizePath(entry.path);
      const base = baseOf(path);
      if (!base.startsWith(WHITEOUT_PREFIX)) continue;
      const dir = parentOf(path);
      if (base === OPAQUE_WHITEOUT) {
        stats.removed += this.removeUnder(dir, meta.index, false);
      } else {
        const target = dir
          ? `${dir}/${base.slice(WHITEOUT_PREFIX.length)}`
          : base.slice(WHITEOUT_PREFIX.length);
        stats.removed += this.removeUnder(target, meta.index, true);
      }
    }
    for (const entry of entries) {
      const path = normalizePath(entry.path);
      if (!path || baseOf(path).startsWith(WHITEOUT_PREFIX)) continue;
      stats.contentSize += entry.size;
      const before = this.nodes.get(path);
      const hidden = before ? before.size + before.hiddenBytes : 0;
      if (before) {
        stats.changed++;
        this.wasted += before.size;
      } else stats.added++;
      if (!before) this.link(path);
      this.nodes.set(path, {
        ...entry,
        path,
        layer: meta.index,
        earlierLayers: before ? [...before.earlierLayers, before.layer] : [],
        hiddenBytes: hidden,
      });
      // A file replacing a directory hides the directory's contents (tar extraction order).
      if (before?.kind === 'dir' && entry.kind !== 'dir') this.removeUnder(path, meta.index, false);
    }
    this.layers.push(stats);
    return stats;
  }

  /** Records `path` under its parent, and each ancestor under its own, up to the root. */
  private link(path: string): void {
    let child = path;
    while (child) {
      const parent = parentOf(child);
      let siblings = this.children.get(parent);
      if (!siblings) this.children.set(parent, (siblings = new Set()));
      if (siblings.has(child)) return;
      siblings.add(child);
      child = parent;
    }
  }

  /** Removes `path` (when `self`) and everything under it; returns how many entries went. */
  private removeUnder(path: string, layer: number, self: boolean): number {
    let count = 0;
    let bytes = 0;
    const drop = (p: string) => {
      const node = this.nodes.get(p);
      if (!node) return;
      bytes += node.size;
      this.nodes.delete(p);
      count++;
    };
    const descend = (p: string) => {
      const kids = this.children.get(p);
      if (!kids) return;
      this.children.delete(p);
      for (const kid of kids) {
        drop(kid);
        descend(kid);
      }
    };
    descend(path);
    if (self) {
      drop(path);
      this.children.get(parentOf(path))?.delete(path);
    }
    if (count > 0) {
      this.removed.push({ path: path || '/', layer, size: bytes });
      this.wasted += bytes;
    }
    return count;
  }

  result(): {
    files: ImageFile[];
    removed: RemovedFile[];
    layers: LayerFiles[];
    wastedBytes: number;
    totalBytes: number;
  } {
    const files = [...this.nodes.values()]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map(({ hiddenBytes: _hidden, ...node }) => node);
    return {
      files,
      removed: this.removed,
      layers: this.layers,
      wastedBytes: this.wasted,
      totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    };
  }
}
