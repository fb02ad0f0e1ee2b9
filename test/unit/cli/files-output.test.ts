/**
 * `berth files` writes its output in batches: the JSON must be byte for byte what
 * JSON.stringify gives (scripts parse it), and the table what output.table aligns, however
 * many batches it takes and however slowly the reader drains.
 */
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { table } from '../../../src/cli/output';
import { modeText, writeTreeJson, writeTreeTable } from '../../../src/cli/commands/files-output';
import type { FileTree, ImageFile } from '../../../src/shared/image-content';

function tree(count: number): FileTree {
  const kinds: ImageFile['kind'][] = ['file', 'dir', 'symlink', 'hardlink', 'other'];
  const files: ImageFile[] = Array.from({ length: count }, (_, i) => ({
    path: `usr/share/doc/pkg-${i}/"quoted" ü`,
    kind: kinds[i % kinds.length] ?? 'file',
    size: (i * 7919) % 100_000,
    mode: i % 2 ? 0o755 : 0o644,
    ...(i % 5 === 2 ? { linkTarget: `../target-${i}` } : {}),
    layer: i % 3,
    earlierLayers: i % 4 === 0 ? [0, 1].slice(0, i % 3) : [],
  }));
  return {
    reference: 'registry.test/app:1',
    manifestDigest: `sha256:${'a'.repeat(64)}`,
    layers: [],
    files,
    removed: [{ path: 'tmp/big.bin', layer: 1, size: 100 }],
    wastedBytes: 100,
    totalBytes: files.reduce((s, f) => s + f.size, 0),
  };
}

/** A pipe that says "full" after every write and drains a tick later, like a slow reader. */
function slowSink(): { stream: Writable; text: () => string; drains: () => number } {
  const chunks: string[] = [];
  let drains = 0;
  const stream = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      setImmediate(done);
    },
  });
  stream.on('drain', () => drains++);
  return { stream, text: () => chunks.join(''), drains: () => drains };
}

it.each([0, 1, 999, 1000, 2500])('writes %i files as JSON.stringify would', async (count) => {
  const t = tree(count);
  const sink = slowSink();
  await writeTreeJson(sink.stream, t);
  expect(sink.text()).toBe(`${JSON.stringify(t)}\n`);
  expect(sink.drains()).toBeGreaterThan(0);
});

it('writes the table as output.table aligns it', async () => {
  for (const count of [0, 3, 2500]) {
    const t = tree(count);
    const sink = slowSink();
    await writeTreeTable(sink.stream, t);
    const expected = table(
      ['MODE', 'SIZE', 'LAYER', 'PATH'],
      t.files.map((f) => [
        modeText(f.kind, f.mode),
        f.kind === 'file' ? String(f.size) : '',
        f.earlierLayers.length ? `${f.layer} (changed)` : String(f.layer),
        `/${f.path}${f.kind === 'dir' ? '/' : ''}${f.linkTarget ? ` -> ${f.linkTarget}` : ''}`,
      ]),
    );
    const removed = t.removed.map((r) => `removed     layer ${r.layer}  /${r.path}\n`).join('');
    expect(sink.text()).toBe(`${expected}\n${removed}`);
  }
});

it('writes modes as ls does', () => {
  expect(modeText('dir', 0o755)).toBe('drwxr-xr-x');
  expect(modeText('file', 0o640)).toBe('-rw-r-----');
  expect(modeText('symlink', 0o777)).toBe('lrwxrwxrwx');
});
