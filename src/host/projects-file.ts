/**
 * The recently opened project folders: `projects.json` in the data dir, newest first, at most
 * MAX_RECENT. Written atomically (temp file, fsync, rename) like registries.json, so a crash
 * never leaves half a file; a file that cannot be read is an empty list, never a failure.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { RecentProject } from '../shared/runs';
import { writeJsonAtomically } from '../storage';
import { lazySchema } from '../shared/lazy-schema';

export const PROJECTS_FILE = 'projects.json';
export const MAX_RECENT = 20;
const MAX_BYTES = 1024 * 1024;

const ProjectsFile = lazySchema(() =>
  z.object({
    version: z.literal(1),
    projects: z.array(z.object({ path: z.string().min(1), openedAt: z.string() })),
  }),
);
type ProjectsFile = z.infer<typeof ProjectsFile>;

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export class RecentProjects {
  readonly path: string;
  /** One write at a time within this process; the rename makes each one whole. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, PROJECTS_FILE);
  }

  async list(): Promise<RecentProject[]> {
    const file = await this.read();
    return file.projects.map((p) => ({ ...p, exists: isFolder(p.path) }));
  }

  /** Moves (or adds) the folder to the top of the list. */
  remember(path: string, now = new Date()): Promise<void> {
    const next = this.queue.then(async () => {
      const file = await this.read();
      const projects = [
        { path, openedAt: now.toISOString() },
        ...file.projects.filter((p) => p.path !== path),
      ].slice(0, MAX_RECENT);
      await this.write({ version: 1, projects });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<ProjectsFile> {
    try {
      if (!existsSync(this.path) || statSync(this.path).size > MAX_BYTES) {
        return { version: 1, projects: [] };
      }
      const parsed = ProjectsFile.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      return parsed.success ? parsed.data : { version: 1, projects: [] };
    } catch {
      return { version: 1, projects: [] };
    }
  }

  private write(file: ProjectsFile): Promise<void> {
    return writeJsonAtomically(this.path, file);
  }
}
