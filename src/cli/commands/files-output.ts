/**
 * `berth files` output, written as it is formatted, a batch of rows at a time and waiting
 * for the pipe to drain: a listing of 100,000 files is never a second time in memory as one
 * string (JSON.stringify of such a tree is ~15 MB, the table more).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { FileTree, ImageFile } from '../../shared/image-content';

const ROWS_PER_WRITE = 1_000;

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function writeRows<T>(
  stream: Writable,
  rows: readonly T[],
  format: (row: T) => string,
  separator: string,
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_WRITE) {
    const batch = rows
      .slice(i, i + ROWS_PER_WRITE)
      .map(format)
      .join(separator);
    await write(stream, i === 0 ? batch : `${separator}${batch}`);
  }
}

/** The same bytes as JSON.stringify(tree), one line, with the files written in batches. */
export async function writeTreeJson(stream: Writable, tree: FileTree): Promise<void> {
  let first = true;
  for (const [key, value] of Object.entries(tree) as [keyof FileTree, unknown][]) {
    if (value === undefined) continue;
    await write(stream, `${first ? '{' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (key === 'files') {
      await write(stream, '[');
      await writeRows(stream, tree.files, (f) => JSON.stringify(f), ',');
      await write(stream, ']');
    } else await write(stream, JSON.stringify(value));
  }
  await write(stream, first ? '{}\n' : '}\n');
}

const MODE_LETTER: Record<ImageFile['kind'], string> = {
  file: '-',
  dir: 'd',
  symlink: 'l',
  hardlink: 'h',
  other: '?',
};

/** 0o755 as drwxr-xr-x. */
export function modeText(kind: ImageFile['kind'], mode: number): string {
  let bits = MODE_LETTER[kind];
  for (let i = 0; i < 9; i++) bits += (mode >> (8 - i)) & 1 ? 'rwx'[i % 3] : '-';
  return bits;
}

const sizeCell = (f: ImageFile) => (f.kind === 'file' ? String(f.size) : '');
const layerCell = (f: ImageFile) =>
  f.earlierLayers.length ? `${f.layer} (changed)` : String(f.layer);
const pathCell = (f: ImageFile) =>
  `/${f.path}${f.kind === 'dir' ? '/' : ''}${f.linkTarget ? ` -> ${f.linkTarget}` : ''}`;

/** MODE SIZE LAYER PATH, aligned as output.table aligns them, written in batches. */
export async function writeTreeTable(stream: Writable, tree: FileTree): Promise<void> {
  let size = 'SIZE'.length;
  let layer = 'LAYER'.length;
  for (const f of tree.files) {
    size = Math.max(size, sizeCell(f).length);
    layer = Math.max(layer, layerCell(f).length);
  }
  const modeWidth = tree.files.length > 0 ? 10 : 'MODE'.length;
  const line = (mode: string, s: string, l: string, p: string) =>
    `${mode.padEnd(modeWidth)}  ${s.padEnd(size)}  ${l.padEnd(layer)}  ${p}`.trimEnd();
  await write(stream, `${line('MODE', 'SIZE', 'LAYER', 'PATH')}\n`);
  await writeRows(
    stream,
    tree.files,
    (f) => `${line(modeText(f.kind, f.mode), sizeCell(f), layerCell(f), pathCell(f))}\n`,
    '',
  );
  await writeRows(stream, tree.removed, (r) => `removed     layer ${r.layer}  /${r.path}\n`, '');
}
