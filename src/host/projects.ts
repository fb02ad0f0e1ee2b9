/**
 * Project folders: the one that is open (its flows discovered, remembered among the recent
 * ones, and watched, so an edit pushes flows.changed), the recent list, and the app's folder
 * picker. Browser mode and the CLI have no picker: the folder path is typed instead.
 */
import { resolve } from 'node:path';
import { discoverFlows } from '../flows';
import { BerthError } from '../shared/errors';
import type { DiscoveryResult } from '../shared/flows';
import type { RecentProject } from '../shared/runs';
import type { EventBus } from './event-bus';
import { watchProject } from './project-watch';
import type { ProjectWatch } from './project-watch';
import type { RecentProjects } from './projects-file';

/** The app's folder dialog: the chosen folder, or null when cancelled. */
export type ChooseFolder = () => Promise<string | null>;

export class Projects {
  private watching: { root: string; watch: ProjectWatch; last: string } | undefined;

  constructor(
    private readonly recentProjects: RecentProjects,
    private readonly bus: EventBus,
    private readonly env: Record<string, string | undefined>,
    private readonly chooseFolder?: ChooseFolder,
    private readonly debounceMs?: number,
  ) {}

  async recent(): Promise<{ projects: RecentProject[] }> {
    return { projects: await this.recentProjects.list() };
  }

  async choose(): Promise<{ path: string | null }> {
    if (!this.chooseFolder) {
      throw new BerthError(
        'projects.not_supported',
        'There is no folder picker here.',
        'Type the path of the project folder instead, e.g. /home/me/flows.',
      );
    }
    return { path: await this.chooseFolder() };
  }

  /** Discovers the folder's flows, remembers it, and watches it instead of the previous one. */
  async open(dir: string): Promise<DiscoveryResult> {
    const root = resolve(dir);
    const discovery = await discoverFlows(root, { env: this.env });
    await this.recentProjects.remember(root).catch(() => undefined); // a read-only data dir
    if (this.watching?.root !== root) {
      this.watching?.watch.close();
      const watching = {
        root,
        last: JSON.stringify(discovery),
        watch: watchProject(root, () => void this.rediscover(root), this.debounceMs),
      };
      this.watching = watching;
      await watching.watch.ready;
    } else {
      this.watching.last = JSON.stringify(discovery);
    }
    return discovery;
  }

  private async rediscover(root: string): Promise<void> {
    const discovery = await discoverFlows(root, { env: this.env }).catch(() => null);
    const watching = this.watching;
    if (!discovery || watching?.root !== root) return;
    const text = JSON.stringify(discovery);
    if (text === watching.last) return; // an edit that changed no flow
    watching.last = text;
    this.bus.emit('flows.changed', discovery);
  }

  close(): void {
    this.watching?.watch.close();
    this.watching = undefined;
  }
}
