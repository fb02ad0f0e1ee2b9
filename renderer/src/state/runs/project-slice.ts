/** The project folder: typed or chosen, its discovered flows, and the recent projects and engines. */
import type { StateCreator, StoreApi } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import type { DiscoveryResult } from '../../../../src/shared/flows';
import type { EngineChoice, RecentProject } from '../../../../src/shared/runs';
import { initialForm, reconcileForm } from '../run-form';
import type { RunsState } from '../runs-store';

export interface ProjectSlice {
  recent: RecentProject[] | undefined;
  recentError: ErrorShape | undefined;
  /** The path field. */
  pathDraft: string;
  /** What is wrong with the path typed, before anything is sent. */
  pathProblem: string | undefined;
  /** projects.choose said projects.not_supported: there is no folder dialog (browser mode). */
  chooserMissing: boolean;
  choosing: boolean;
  /** The folder asked for; discovery.root once it answers. */
  projectDir: string | undefined;
  discovery: DiscoveryResult | undefined;
  discovering: boolean;
  discoveryError: ErrorShape | undefined;
  engines: EngineChoice[] | undefined;
  enginesError: ErrorShape | undefined;

  /** The screen opened: recent projects, engines, and the open project's runs. */
  enter(): Promise<void>;
  setPathDraft(text: string): void;
  /** The app's folder dialog; false when there is none (browser mode). */
  choose(): Promise<boolean>;
  open(dir?: string): Promise<void>;
  rediscover(): Promise<void>;
  applyDiscovery(result: DiscoveryResult): void;
}

/** Folders compare without their trailing separators. */
export function sameDir(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const trim = (dir: string) => (dir.length > 1 ? dir.replace(/[\\/]+$/, '') : dir);
  return trim(a) === trim(b);
}

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export function pathProblem(text: string): string | undefined {
  const dir = text.trim();
  if (dir === '') return 'Type the absolute path of a project folder, e.g. /home/me/flows.';
  if (!ABSOLUTE.test(dir))
    return 'Type an absolute path (from /, or a drive letter on Windows): Berth may run elsewhere than this page.';
  return undefined;
}

const isNotSupported = (error: ErrorShape) => error.code === 'projects.not_supported';

/** What opening another project forgets of the one before. */
const OTHER_PROJECT: Partial<RunsState> = {
  discovery: undefined,
  selectedFlowId: undefined,
  form: undefined,
  history: undefined,
  historyError: undefined,
  shownRunId: undefined,
};

type SetRuns = StoreApi<RunsState>['setState'];

const recentLoader = (client: BerthClient, set: SetRuns) => async () => {
  try {
    const { projects } = await client.invoke('projects.recent', {});
    set({ recent: projects, recentError: undefined });
  } catch (error) {
    set({ recentError: toErrorShape(error) });
  }
};

const enginesLoader = (client: BerthClient, set: SetRuns) => async () => {
  try {
    const { engines } = await client.invoke('engine.contexts', {});
    set({ engines, enginesError: undefined });
  } catch (error) {
    set({ enginesError: toErrorShape(error) });
  }
};

export function projectSlice(client: BerthClient): StateCreator<RunsState, [], [], ProjectSlice> {
  // Only the newest folder asked for may land.
  let openGeneration = 0;
  return (set, get) => {
    const loadRecent = recentLoader(client, set);
    const loadEngines = enginesLoader(client, set);

    /** Discovers the flows in dir; false when it failed or a newer open overtook it. */
    const discover = async (dir: string, mine: number): Promise<boolean> => {
      try {
        const result = await client.invoke('flows.discover', { dir });
        if (mine !== openGeneration) return false;
        set({ discovering: false, projectDir: result.root, pathDraft: result.root });
        get().applyDiscovery(result);
        return true;
      } catch (error) {
        if (mine === openGeneration)
          set({ discovering: false, discoveryError: toErrorShape(error) });
        return false;
      }
    };

    return {
      recent: undefined,
      recentError: undefined,
      pathDraft: '',
      pathProblem: undefined,
      chooserMissing: false,
      choosing: false,
      projectDir: undefined,
      discovery: undefined,
      discovering: false,
      discoveryError: undefined,
      engines: undefined,
      enginesError: undefined,

      async enter() {
        const jobs = [loadRecent()];
        if (get().engines === undefined) jobs.push(loadEngines());
        if (get().discovery) jobs.push(get().loadHistory());
        await Promise.all(jobs);
      },

      setPathDraft: (pathDraft) => set({ pathDraft, pathProblem: undefined }),

      async choose() {
        set({ choosing: true });
        try {
          const { path } = await client.invoke('projects.choose', {});
          set({ choosing: false });
          if (path !== null) await get().open(path);
          return true;
        } catch (error) {
          const shape = toErrorShape(error);
          set({ choosing: false });
          if (!isNotSupported(shape)) {
            set({ discoveryError: shape });
            return true;
          }
          set({ chooserMissing: true });
          return false;
        }
      },

      async open(given) {
        const dir = (given ?? get().pathDraft).trim();
        const problem = pathProblem(dir);
        if (problem) {
          set({ pathDraft: dir, pathProblem: problem });
          return;
        }
        const mine = ++openGeneration;
        const other = !sameDir(dir, get().discovery?.root);
        set({
          pathDraft: dir,
          pathProblem: undefined,
          projectDir: dir,
          discovering: true,
          discoveryError: undefined,
          ...(other ? OTHER_PROJECT : {}),
        });
        if (await discover(dir, mine)) await Promise.all([get().loadHistory(), loadRecent()]);
      },

      async rediscover() {
        const dir = get().discovery?.root ?? get().projectDir;
        if (dir) await get().open(dir);
      },

      applyDiscovery(result) {
        const { discovery, projectDir } = get();
        if (discovery ? !sameDir(discovery.root, result.root) : !sameDir(projectDir, result.root))
          return;
        const flows = result.flows;
        const kept = flows.find((f) => f.id === get().selectedFlowId);
        const flow = kept ?? flows[0];
        const form = get().form;
        set({
          discovery: result,
          selectedFlowId: flow?.id,
          form: flow ? (kept && form ? reconcileForm(form, flow) : initialForm(flow)) : undefined,
        });
      },
    };
  };
}
