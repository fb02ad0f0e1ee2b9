/**
 * The Runs screen's state: the project folder and its flows, the form before a run, the runs
 * in progress (from run.status), how this session's runs ended (run.done) and the history of
 * the ledger. Logs are not state: they go to RunLogs, bounded, which the terminal reads.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import type { DiscoveryResult, FlowDefinition, PullPolicy } from '../../../src/shared/flows';
import type { RunEntry } from '../../../src/shared/ledger';
import type {
  ActiveRun,
  EngineChoice,
  ParityReport,
  RecentProject,
  RunPhase,
} from '../../../src/shared/runs';
import type { RunDone } from './run-outcome';
import { MAX_CHARS_PER_RUN, RunLogs } from './run-logs';
import type { RunForm } from './run-form';
import { formProblems, hasProblems, initialForm, reconcileForm, runRequest } from './run-form';

/** How a run of this session ended, with what the screen knew of it before. */
export interface RunOutcome extends RunDone {
  lastPhase: RunPhase | undefined;
}

/** What the screen knows of a run before (or without) its first run.status. */
export interface RunLabel {
  flowId: string;
  flowName: string;
  projectDir: string;
  reference: string | undefined;
}

export interface LogLoad {
  runId: string;
  loading: boolean;
  truncated: boolean;
  error: ErrorShape | undefined;
}

/** How much of a run's log file to read back (its end): what RunLogs keeps of a run. */
export const LOG_READ_BYTES = MAX_CHARS_PER_RUN;

export interface RunsState {
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
  selectedFlowId: string | undefined;
  form: RunForm | undefined;
  engines: EngineChoice[] | undefined;
  enginesError: ErrorShape | undefined;
  starting: boolean;
  startError: ErrorShape | undefined;
  active: Record<string, ActiveRun>;
  outcomes: Record<string, RunOutcome>;
  labels: Record<string, RunLabel>;
  /** The run in the run panel: live, just ended, or from the history. */
  shownRunId: string | undefined;
  cancelling: Record<string, true>;
  /** Runs seen pulling: the others skipped the pull (policy NEVER, or the image was there). */
  pulled: Record<string, true>;
  history: RunEntry[] | undefined;
  historyError: ErrorShape | undefined;
  historySkipped: number;
  logLoad: LogLoad | undefined;
  /** Not state: the bounded logs, read by the terminal. The same object for the store's life. */
  logs: RunLogs;

  /** The screen opened: recent projects, engines, and the open project's runs. */
  enter(): Promise<void>;
  setPathDraft(text: string): void;
  /** The app's folder dialog; false when there is none (browser mode). */
  choose(): Promise<boolean>;
  open(dir?: string): Promise<void>;
  rediscover(): Promise<void>;
  selectFlow(flowId: string): void;
  setParameter(name: string, text: string): void;
  /** A value for an env variable the file leaves to the worker. */
  setEnv(name: string, text: string): void;
  setImageSource(source: RunForm['imageSource'], image?: string): void;
  setImage(image: string): void;
  setPullPolicy(policy: PullPolicy): void;
  /** Valohai input paths and run options (GPUs, memory, network, init). */
  setFormFields(fields: Partial<Pick<RunForm, 'gpus' | 'memory' | 'network' | 'init'>>): void;
  setInput(name: string, path: string): void;
  /** The prod-parity check of the selected flow with the form as it is. */
  parity:
    { flowId: string; report?: ParityReport; error?: ErrorShape; loading: boolean } | undefined;
  checkParity(): Promise<void>;
  setEngine(engine: string): void;
  setBuild(build: RunForm['build']): void;
  setBuildTag(tag: string): void;
  start(): Promise<void>;
  cancel(runId: string): Promise<void>;
  rerun(runId: string): Promise<void>;
  show(runId: string): Promise<void>;
  loadHistory(): Promise<void>;

  applyDiscovery(result: DiscoveryResult): void;
  applyStatus(run: ActiveRun): void;
  appendLog(runId: string, chunk: string): void;
  applyDone(done: RunDone): void;
}

export type RunsStore = ReturnType<typeof createRunsStore>;

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

const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const { [key]: _gone, ...rest } = record;
  return rest;
};

export function selectedFlow(state: RunsState): FlowDefinition | undefined {
  return state.discovery?.flows.find((flow) => flow.id === state.selectedFlowId);
}

export function createRunsStore(client: BerthClient) {
  let openGeneration = 0;
  let historyGeneration = 0;
  const logs = new RunLogs();

  return createStore<RunsState>()((set, get) => {
    const editForm = (change: (form: RunForm) => RunForm) => {
      const form = get().form;
      if (form) set({ form: change(form), startError: undefined });
    };

    const loadRecent = async () => {
      try {
        const { projects } = await client.invoke('projects.recent', {});
        set({ recent: projects, recentError: undefined });
      } catch (error) {
        set({ recentError: toErrorShape(error) });
      }
    };

    const loadEngines = async () => {
      try {
        const { engines } = await client.invoke('engine.contexts', {});
        set({ engines, enginesError: undefined });
      } catch (error) {
        set({ enginesError: toErrorShape(error) });
      }
    };

    const loadLog = async (runId: string) => {
      set({ logLoad: { runId, loading: true, truncated: false, error: undefined } });
      try {
        const { text, truncated } = await client.invoke('runs.log', {
          runId,
          maxBytes: LOG_READ_BYTES,
        });
        logs.replace(runId, text);
        if (get().logLoad?.runId === runId)
          set({ logLoad: { runId, loading: false, truncated, error: undefined } });
      } catch (error) {
        if (get().logLoad?.runId === runId)
          set({
            logLoad: { runId, loading: false, truncated: false, error: toErrorShape(error) },
          });
      }
    };

    /** A run began (started or re-run): show it, and remember what it is until status comes. */
    const began = (runId: string, label: RunLabel) => {
      set({
        shownRunId: runId,
        logLoad: undefined,
        labels: { ...get().labels, [runId]: label },
      });
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
      selectedFlowId: undefined,
      form: undefined,
      parity: undefined,
      engines: undefined,
      enginesError: undefined,
      starting: false,
      startError: undefined,
      active: {},
      outcomes: {},
      labels: {},
      shownRunId: undefined,
      cancelling: {},
      pulled: {},
      history: undefined,
      historyError: undefined,
      historySkipped: 0,
      logLoad: undefined,
      logs,

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
          ...(other
            ? {
                discovery: undefined,
                selectedFlowId: undefined,
                form: undefined,
                history: undefined,
                historyError: undefined,
                shownRunId: undefined,
              }
            : {}),
        });
        try {
          const result = await client.invoke('flows.discover', { dir });
          if (mine !== openGeneration) return;
          set({ discovering: false, projectDir: result.root, pathDraft: result.root });
          get().applyDiscovery(result);
        } catch (error) {
          if (mine !== openGeneration) return;
          set({ discovering: false, discoveryError: toErrorShape(error) });
          return;
        }
        await Promise.all([get().loadHistory(), loadRecent()]);
      },

      async rediscover() {
        const dir = get().discovery?.root ?? get().projectDir;
        if (dir) await get().open(dir);
      },

      selectFlow(flowId) {
        const flow = get().discovery?.flows.find((f) => f.id === flowId);
        if (!flow || get().selectedFlowId === flowId) return;
        set({ selectedFlowId: flowId, form: initialForm(flow), startError: undefined });
      },

      setParameter: (name, text) =>
        editForm((form) => ({ ...form, values: { ...form.values, [name]: text } })),
      setEnv: (name, text) => editForm((form) => ({ ...form, env: { ...form.env, [name]: text } })),
      setImageSource: (imageSource, image) =>
        editForm((form) => ({ ...form, imageSource, image: image ?? form.image })),
      setImage: (image) => editForm((form) => ({ ...form, image })),
      setPullPolicy: (pullPolicy) => editForm((form) => ({ ...form, pullPolicy })),
      setFormFields: (fields) => editForm((form) => ({ ...form, ...fields })),
      setInput: (name, path) =>
        editForm((form) => ({ ...form, inputs: { ...form.inputs, [name]: path } })),
      setEngine: (engine) => editForm((form) => ({ ...form, engine })),
      setBuild: (build) => editForm((form) => ({ ...form, build })),
      setBuildTag: (buildTag) => editForm((form) => ({ ...form, buildTag })),

      async checkParity() {
        const { discovery, form } = get();
        const flow = selectedFlow(get());
        if (!discovery || !form || !flow) return;
        const flowId = flow.id;
        set({ parity: { flowId, loading: true } });
        try {
          const report = await client.invoke('runs.check', runRequest(discovery.root, flow, form));
          if (get().selectedFlowId === flowId) set({ parity: { flowId, report, loading: false } });
        } catch (error) {
          if (get().selectedFlowId === flowId)
            set({ parity: { flowId, error: toErrorShape(error), loading: false } });
        }
      },

      async start() {
        const { discovery, form, starting } = get();
        const flow = selectedFlow(get());
        if (!discovery || !form || !flow || starting) return;
        if (hasProblems(formProblems(flow, form))) return;
        const request = runRequest(discovery.root, flow, form);
        set({ starting: true, startError: undefined });
        try {
          const { runId } = await client.invoke('runs.start', request);
          set({ starting: false });
          began(runId, {
            flowId: flow.id,
            flowName: flow.name,
            projectDir: discovery.root,
            reference: request.image ?? flow.image ?? undefined,
          });
        } catch (error) {
          set({ starting: false, startError: toErrorShape(error) });
        }
      },

      async cancel(runId) {
        set({ cancelling: { ...get().cancelling, [runId]: true } });
        try {
          await client.invoke('runs.cancel', { runId });
        } catch (error) {
          set({ cancelling: without(get().cancelling, runId), startError: toErrorShape(error) });
        }
      },

      async rerun(runId) {
        const entry = get().history?.find((e) => e.id === runId);
        const label = get().labels[runId];
        set({ starting: true, startError: undefined });
        try {
          const { runId: next } = await client.invoke('runs.rerun', { runId });
          set({ starting: false });
          began(next, {
            flowId: entry?.flowId ?? label?.flowId ?? '',
            flowName: entry?.flowName ?? label?.flowName ?? 'Run',
            projectDir: entry?.projectDir ?? label?.projectDir ?? '',
            reference: entry?.reference ?? label?.reference,
          });
        } catch (error) {
          set({ starting: false, startError: toErrorShape(error) });
        }
      },

      async show(runId) {
        set({ shownRunId: runId });
        // This session has its log already (live or just ended); others read their file.
        if (logs.has(runId) && (get().active[runId] || get().outcomes[runId])) {
          set({ logLoad: undefined });
          return;
        }
        await loadLog(runId);
      },

      async loadHistory() {
        const mine = ++historyGeneration;
        try {
          const { active, entries, skipped } = await client.invoke('runs.list', {});
          if (mine !== historyGeneration) return;
          const outcomes = get().outcomes;
          const byId = Object.fromEntries(
            active.filter((run) => !outcomes[run.runId]).map((run) => [run.runId, run]),
          );
          set({
            history: entries,
            historySkipped: skipped,
            historyError: undefined,
            // run.status may have said more since the list was made: keep the newer word.
            active: { ...byId, ...pick(get().active, Object.keys(byId)) },
          });
        } catch (error) {
          if (mine !== historyGeneration) return;
          set({ historyError: toErrorShape(error) });
        }
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

      applyStatus(run) {
        if (get().outcomes[run.runId]) return;
        set({ active: { ...get().active, [run.runId]: run } });
        if (run.phase === 'pulling' && !get().pulled[run.runId])
          set({ pulled: { ...get().pulled, [run.runId]: true } });
      },

      appendLog: (runId, chunk) => logs.append(runId, chunk),

      applyDone(done) {
        const run = get().active[done.runId];
        set({
          active: without(get().active, done.runId),
          cancelling: without(get().cancelling, done.runId),
          outcomes: { ...get().outcomes, [done.runId]: { ...done, lastPhase: run?.phase } },
          labels: run
            ? {
                ...get().labels,
                [done.runId]: {
                  flowId: run.flowId,
                  flowName: run.flowName,
                  projectDir: run.projectDir,
                  reference: run.reference,
                },
              }
            : get().labels,
        });
        void get().loadHistory();
      },
    };
  });
}

function pick<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
  return Object.fromEntries(
    keys.flatMap((key) => (key in record ? [[key, record[key] as T]] : [])),
  );
}
