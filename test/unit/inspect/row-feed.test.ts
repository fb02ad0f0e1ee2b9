/**
 * The first rows of a listing: the first batch goes on the next turn of the event loop (the
 * UI shows files while the layer streams), later ones at most 10 a second, whiteouts never,
 * no more than the cap, and nothing after a failed listing cancels.
 */
import { expect, it } from 'vitest';
import { RowFeed } from '../../../src/inspect/row-feed';
import type { TarEntry } from '../../../src/inspect/file-tree';
import type { ImageFile } from '../../../src/shared/image-content';

const entry = (path: string): TarEntry => ({ path, kind: 'file', size: path.length, mode: 0o644 });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

it('sends the first rows at once, then batches', async () => {
  const sent: { layer: number; rows: ImageFile[]; at: number }[] = [];
  const feed = new RowFeed((layer, rows) => sent.push({ layer, rows, at: performance.now() }));
  feed.add(0, entry('./etc/'));
  feed.add(0, entry('./etc/passwd'));
  feed.add(1, entry('usr/.wh.local'));
  expect(sent).toEqual([]);
  await tick();
  expect(sent.map((s) => s.rows.map((r) => r.path))).toEqual([['etc', 'etc/passwd']]);
  expect(sent[0]?.rows[1]).toEqual({
    path: 'etc/passwd',
    kind: 'file',
    size: 12,
    mode: 0o644,
    layer: 0,
    earlierLayers: [],
  });
  feed.add(1, entry('usr/bin/a'));
  feed.add(0, entry('etc/group'));
  await tick();
  expect(sent).toHaveLength(1);
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(sent.slice(1).map((s) => [s.layer, s.rows.map((r) => r.path)])).toEqual([
    [1, ['usr/bin/a']],
    [0, ['etc/group']],
  ]);
  expect((sent[1]?.at ?? 0) - (sent[0]?.at ?? 0)).toBeGreaterThanOrEqual(90);
});

it('stops at the cap, and a cancel drops what waits', async () => {
  const sent: ImageFile[] = [];
  const feed = new RowFeed((_layer, rows) => sent.push(...rows), 3);
  for (let i = 0; i < 10; i++) feed.add(0, entry(`f${i}`));
  feed.flush();
  expect(sent.map((r) => r.path)).toEqual(['f0', 'f1', 'f2']);
  const cancelled: ImageFile[] = [];
  const other = new RowFeed((_layer, rows) => cancelled.push(...rows));
  other.add(0, entry('a'));
  other.cancel();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(cancelled).toEqual([]);
});
