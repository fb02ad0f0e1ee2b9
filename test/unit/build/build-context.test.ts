/**
 * The context tar holds what the walk found, with each file's bytes as on disk, whether the
 * file was read whole (small) or streamed (large); the hash follows content, not mtime.
 */
import { utimesSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { contextTar, readBuildContext } from '../../../src/build/build-context';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

async function tarEntries(stream: Readable): Promise<Map<string, { type: string; body: string }>> {
  const extract = tar.extract();
  const found = new Map<string, { type: string; body: string }>();
  extract.on('entry', (header, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('end', () => {
      found.set(header.name, {
        type: header.type ?? 'file',
        body: Buffer.concat(chunks).toString(),
      });
      expect([header.uid, header.gid]).toEqual([0, 0]);
      next();
    });
  });
  stream.pipe(extract);
  await new Promise((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  return found;
}

const options = {
  dockerfile: 'Dockerfile',
  dockerfileText: 'FROM scratch\n',
  generated: false,
  buildArgs: {},
  platform: null,
  target: null,
};

describe('the build context', () => {
  it('sends every kept file with its bytes, small and large alike, and not the ignored ones', async () => {
    const dir = tempDir('berth-ctx-');
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    for (let i = 0; i < 70; i++) writeFileSync(join(dir, 'src', `m${i}.py`), `V = ${i}\n`);
    const big = 'x'.repeat(300 * 1024);
    writeFileSync(join(dir, 'src', 'deep', 'big.bin'), big);
    writeFileSync(join(dir, 'Dockerfile'), options.dockerfileText);
    writeFileSync(join(dir, '.dockerignore'), '*.log\n');
    writeFileSync(join(dir, 'run.log'), 'no\n');
    symlinkSync('src/m1.py', join(dir, 'link.py'));

    const context = await readBuildContext(dir, options);
    const names = context.entries.map((e) => e.path);
    expect(names).toEqual([...names].sort());
    expect(names).not.toContain('run.log');
    const sent = await tarEntries(contextTar(context));
    expect(sent.get('src/m42.py')).toEqual({ type: 'file', body: 'V = 42\n' });
    expect(sent.get('src/deep/big.bin')?.body).toBe(big);
    expect(sent.get('link.py')?.type).toBe('symlink');
    expect(sent.get('src')?.type).toBe('directory');
    expect(sent.size).toBe(context.entries.length);
  });

  it('hashes content, not time: a touch keeps the hash, an edit changes it', async () => {
    const dir = tempDir('berth-ctx-');
    writeFileSync(join(dir, 'Dockerfile'), options.dockerfileText);
    writeFileSync(join(dir, 'a.py'), 'A = 1\n');
    const first = (await readBuildContext(dir, options)).hash;
    utimesSync(join(dir, 'a.py'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect((await readBuildContext(dir, options)).hash).toBe(first);
    writeFileSync(join(dir, 'a.py'), 'A = 2\n');
    expect((await readBuildContext(dir, options)).hash).not.toBe(first);
  });
});
