import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RECENT, RecentProjects } from '../../../src/host/projects-file';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

describe('the recent project folders', () => {
  it('keep the newest first, each folder once, at most MAX_RECENT, and say which are gone', async () => {
    const data = tempDir('berth-recent-');
    const recent = new RecentProjects(data);
    const folders = Array.from({ length: MAX_RECENT + 2 }, () => tempDir('berth-folder-'));
    for (const [i, folder] of folders.entries()) {
      await recent.remember(folder, new Date(Date.UTC(2026, 0, 1, 0, i)));
    }
    await recent.remember(folders[3] ?? '', new Date(Date.UTC(2026, 1, 1)));
    rmSync(folders[5] ?? '', { recursive: true });
    const list = await recent.list();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]).toEqual({
      path: folders[3],
      openedAt: '2026-02-01T00:00:00.000Z',
      exists: true,
    });
    expect(list.filter((p) => p.path === folders[3])).toHaveLength(1);
    expect(list.find((p) => p.path === folders[5])?.exists).toBe(false);
    expect(list.some((p) => p.path === folders[0])).toBe(false); // the oldest fell off
    expect(JSON.parse(readFileSync(recent.path, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('start over from a file that is not theirs to read, instead of failing', async () => {
    const data = tempDir('berth-recent-');
    const recent = new RecentProjects(data);
    writeFileSync(join(data, 'projects.json'), '{ not json');
    expect(await recent.list()).toEqual([]);
    const folder = tempDir('berth-folder-');
    await recent.remember(folder);
    expect((await recent.list()).map((p) => p.path)).toEqual([folder]);
  });

  it('lose no folder when several are remembered at once', async () => {
    const recent = new RecentProjects(tempDir('berth-recent-'));
    const folders = Array.from({ length: 8 }, () => tempDir('berth-folder-'));
    await Promise.all(folders.map((f) => recent.remember(f)));
    expect((await recent.list()).map((p) => p.path).sort()).toEqual([...folders].sort());
  });
});
