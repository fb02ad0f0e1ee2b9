/**
 * Watching an opened project folder for edits, debounced. One non-recursive watch per folder
 * that discovery would search (hidden folders, node_modules and virtualenvs skipped, at most
 * MAX_WATCHED folders), re-listed after each change so a new folder is watched too.
 * Recursive fs.watch is avoided on purpose: on Linux it would also watch .git and .venv.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DISCOVERY_LIMITS, isSearchedFolder } from '../flows';

export const WATCH_DEBOUNCE_MS = 300;
const MAX_WATCHED = 500;

async function foldersOf(root: string): Promise<string[]> {
  const found = [root];
  let level = [root];
  for (let depth = 1; depth <= DISCOVERY_LIMITS.maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isDirectory() || !isSearchedFolder(entry.name)) continue;
        if (found.length >= MAX_WATCHED) return found;
        const path = join(dir, entry.name);
        found.push(path);
        next.push(path);
      }
    }
    level = next;
  }
  return found;
}

export interface ProjectWatch {
  /** Resolves once every folder is watched: an edit from then on is seen. */
  ready: Promise<void>;
  close(): void;
}

export function watchProject(
  root: string,
  onChange: () => void,
  debounceMs = WATCH_DEBOUNCE_MS,
): ProjectWatch {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const unwatch = () => {
    for (const watcher of watchers) watcher.close();
    watchers = [];
  };
  const rewatch = async () => {
    const folders = await foldersOf(root);
    if (closed) return;
    unwatch();
    for (const folder of folders) {
      try {
        const watcher = watch(folder, { persistent: false }, changed);
        watcher.on('error', () => watcher.close()); // a folder removed under us
        watchers.push(watcher);
      } catch {
        // Gone between the listing and the watch: the next change re-lists.
      }
    }
  };
  function changed(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void rewatch().then(() => !closed && onChange());
    }, debounceMs);
  }

  return {
    ready: rewatch(),
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      unwatch();
    },
  };
}
