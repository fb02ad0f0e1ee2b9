/**
 * The listing's tar reader against archives GNU tar writes in each of its formats (GNU long
 * names, POSIX PAX, ustar name prefixes, v7), fed in awkward chunk sizes: the entries,
 * types, sizes, modes and link targets must be what `tar -tv` and the file system say, and
 * a content taker must see each file's exact bytes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  linkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TarReader } from '../../../src/inspect/tar-reader';
import type { TarHeader } from '../../../src/inspect/tar-reader';

const longDir = `${'deep-directory-name/'.repeat(6)}end`;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-tar-'));
  const tree = join(root, 'tree');
  mkdirSync(join(tree, longDir), { recursive: true });
  writeFileSync(join(tree, 'empty'), '');
  writeFileSync(join(tree, 'small.txt'), 'hello\n');
  // Not a multiple of 512, and bigger than any chunk below.
  writeFileSync(join(tree, 'big.bin'), Buffer.alloc(70_001, 7));
  writeFileSync(join(tree, longDir, `${'long-file-name-'.repeat(8)}.txt`), 'far away\n');
  writeFileSync(join(tree, 'run.sh'), '#!/bin/sh\n');
  chmodSync(join(tree, 'run.sh'), 0o755);
  symlinkSync(`../${'x'.repeat(120)}`, join(tree, 'long-link'));
  symlinkSync('small.txt', join(tree, 'short-link'));
  linkSync(join(tree, 'small.txt'), join(tree, 'hard'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const archives = new Map<string, Buffer>();
function archive(format: string): Buffer {
  const made = archives.get(format);
  if (made) return made;
  const file = join(root, `${format}.tar`);
  execFileSync('tar', [
    `--format=${format}`,
    '--sort=name',
    '-cf',
    file,
    '-C',
    join(root, 'tree'),
    '.',
  ]);
  const bytes = readFileSync(file);
  archives.set(format, bytes);
  return bytes;
}

/** GNU tar's own listing: type letter, mode bits, size, name and link target. */
function oracle(file: Buffer, format: string): string[] {
  const path = join(root, `${format}.tar`);
  writeFileSync(path, file);
  return execFileSync('tar', ['-tvf', path, '--numeric-owner', '--quoting-style=literal'])
    .toString()
    .trim()
    .split('\n')
    .map((line) => {
      const [perms = '', , size = '', , , ...rest] = line.split(/\s+/);
      const name = rest.join(' ').replace(/ (->|link to) .*$/, '');
      const link = / (?:->|link to) (.*)$/.exec(rest.join(' '))?.[1] ?? '';
      return `${perms} ${perms[0] === 'h' || perms[0] === 'd' || perms[0] === 'l' ? 0 : size} ${name} ${link}`;
    });
}

const LETTER: Record<string, string> = { file: '-', directory: 'd', symlink: 'l', link: 'h' };

function modeText(mode: number): string {
  return 'rwxrwxrwx'
    .split('')
    .map((c, i) => ((mode >> (8 - i)) & 1 ? c : '-'))
    .join('');
}

function read(
  bytes: Buffer,
  chunk: number,
): { headers: TarHeader[]; digests: Map<string, string> } {
  const headers: TarHeader[] = [];
  const digests = new Map<string, string>();
  const reader = new TarReader((header) => {
    headers.push(header);
    if (header.type !== 'file') return undefined;
    const hash = createHash('sha256');
    return {
      data: (piece) => {
        hash.update(piece);
      },
      end: () => {
        digests.set(header.name, hash.digest('hex'));
      },
    };
  });
  let held = 0;
  for (let at = 0; at < bytes.length; at += chunk) {
    if (reader.write(bytes.subarray(at, at + chunk))) held++;
  }
  reader.end();
  // Takers that answer at once never hold the reader.
  expect(held).toBe(0);
  return { headers, digests };
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.each(['gnu', 'posix', 'ustar', 'v7'])('a %s archive', (format) => {
  it.each([1, 7, 511, 512, 513, 4096, 1 << 20])('reads it fed %i bytes at a time', (chunk) => {
    if ((format === 'ustar' || format === 'v7') && chunk !== 512) return;
    let bytes: Buffer;
    try {
      bytes = archive(format);
    } catch {
      // ustar and v7 cannot hold the long names: GNU tar refuses, as the spec says.
      expect(format === 'ustar' || format === 'v7').toBe(true);
      return;
    }
    const { headers, digests } = read(bytes, chunk);
    const ours = headers.map(
      (h) =>
        `${LETTER[h.type] ?? '?'}${modeText(h.mode)} ${h.type === 'file' ? h.size : 0} ${h.name} ${h.linkname}`,
    );
    expect(ours).toEqual(oracle(bytes, format));
    for (const [name, digest] of digests) expect(digest).toBe(sha256(join(root, 'tree', name)));
    expect(digests.size).toBe(headers.filter((h) => h.type === 'file').length);
  });
});

it('reads ustar name prefixes', () => {
  // 150 characters of directories and a short name fit ustar's prefix field.
  const tree = join(root, 'prefix');
  const dir = 'p'.repeat(90) + '/' + 'q'.repeat(50);
  mkdirSync(join(tree, dir), { recursive: true });
  writeFileSync(join(tree, dir, 'leaf.txt'), 'leaf');
  const file = join(root, 'prefix.tar');
  execFileSync('tar', ['--format=ustar', '-cf', file, '-C', tree, `./${dir}/leaf.txt`]);
  const bytes = readFileSync(file);
  // The prefix field is really used (the name alone is short).
  expect(bytes.subarray(345, 345 + 10).toString()).toBe(`./${'p'.repeat(8)}`);
  const { headers } = read(bytes, 100);
  expect(headers.map((h) => h.name)).toEqual([`./${dir}/leaf.txt`]);
  expect(headers[0]?.size).toBe(4);
});

it('stops at the entry that asks, and skips the rest unparsed', () => {
  const bytes = archive('gnu');
  const seen: string[] = [];
  const reader = new TarReader((header) => {
    seen.push(header.name);
    return header.name === './empty' ? 'stop' : undefined;
  });
  reader.write(bytes);
  reader.end();
  expect(reader.stopped).toBe(true);
  expect(seen.at(-1)).toBe('./empty');
  expect(seen.length).toBeLessThan(oracle(bytes, 'gnu').length);
});

it('waits for a content taker that holds it back, and hands over every byte', async () => {
  const bytes = archive('gnu');
  let received = 0;
  let pending = 0;
  const reader = new TarReader((header) =>
    header.name === './big.bin'
      ? {
          data: async (piece) => {
            pending++;
            await new Promise((resolve) => setTimeout(resolve, 1));
            received += piece.length;
            pending--;
          },
          end: () => undefined,
        }
      : undefined,
  );
  for (let at = 0; at < bytes.length; at += 10_000) {
    await reader.write(bytes.subarray(at, at + 10_000));
    expect(pending).toBe(0);
  }
  reader.end();
  expect(received).toBe(70_001);
});

it('refuses a damaged header and a cut-off archive', () => {
  const bytes = archive('gnu');
  const cut = bytes.subarray(0, 512 + 3);
  const broken = Buffer.from(bytes);
  broken[10] = (broken[10] ?? 0) ^ 0x01;
  expect(() => new TarReader(() => undefined).write(broken)).toThrow('checksum');
  const reader = new TarReader(() => undefined);
  reader.write(cut);
  expect(() => reader.end()).toThrow('ends inside an entry');
});
