/**
 * The image view's state: one image from its registry (nothing pulled), opened from the
 * Tags, Images and Pulls screens. The config loads at once; the file listing is a job whose
 * progress, first rows and tree arrive as events; referrers and a diff load when their tab is
 * opened.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { EventPayload } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import type {
  FileTree,
  ImageDiff,
  ImageFile,
  ReferrerList,
  RemoteImage,
} from '../../../src/shared/image-content';

export type ImageTab = 'overview' | 'files' | 'diff' | 'referrers';

/** Something asked of the registry: not yet, on its way, or its answer. */
export type Loadable<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; value: T }
  | { state: 'failed'; error: ErrorShape };

export interface FilesState {
  jobId: string | undefined;
  progress: EventPayload<'images.files.progress'> | undefined;
  /**
   * The rows the layers yielded so far, in the order they came, before any merge (no
   * whiteouts applied): shown while the listing runs, dropped when the tree arrives.
   */
  firstRows: ImageFile[];
  result: Loadable<FileTree>;
}

/** A listing's events, as they may arrive before images.files has answered with its job id. */
type FilesEvent =
  | { kind: 'progress'; event: EventPayload<'images.files.progress'> }
  | { kind: 'rows'; event: EventPayload<'images.files.rows'> }
  | { kind: 'done'; event: EventPayload<'images.files.done'> };

export interface ImageViewState {
  /** The image shown; undefined while the view is closed. */
  reference: string | undefined;
  tab: ImageTab;
  remote: Loadable<RemoteImage>;
  files: FilesState;
  referrers: Loadable<ReferrerList>;
  diffWith: string;
  diff: Loadable<ImageDiff>;
  open(reference: string): void;
  /** Opens `reference` on its Compare tab, already compared with `other`. */
  compare(reference: string, other: string): Promise<void>;
  close(): void;
  setTab(tab: ImageTab): void;
  setDiffWith(other: string): void;
  runDiff(): Promise<void>;
  cancelFiles(): Promise<void>;
  onFilesProgress(event: EventPayload<'images.files.progress'>): void;
  onFilesRows(event: EventPayload<'images.files.rows'>): void;
  onFilesDone(event: EventPayload<'images.files.done'>): void;
}

const idle = { state: 'idle' } as const;
const loading = { state: 'loading' } as const;
const noFiles: FilesState = {
  jobId: undefined,
  progress: undefined,
  firstRows: [],
  result: idle,
};
/** Events kept while a listing's job id is unknown; the host caps its rows, this the rest. */
const EARLY_EVENTS = 1_000;

export function createImageViewStore(client: BerthClient) {
  // Answers for an image no longer shown are dropped.
  let generation = 0;
  // A listing's events can come before images.files has answered with its job id (a quick
  // one can even end): they wait here, then go through the handlers, which keep only its own.
  const early: FilesEvent[] = [];

  return createStore<ImageViewState>()((set, get) => {
    const load = async <T>(
      key: 'remote' | 'referrers' | 'diff',
      ask: () => Promise<T>,
    ): Promise<void> => {
      const mine = generation;
      set({ [key]: loading } as Partial<ImageViewState>);
      try {
        const value = await ask();
        if (mine === generation)
          set({ [key]: { state: 'done', value } } as Partial<ImageViewState>);
      } catch (error) {
        if (mine === generation)
          set({
            [key]: { state: 'failed', error: toErrorShape(error) },
          } as Partial<ImageViewState>);
      }
    };

    /** While the job id is unknown, an event waits for it (startFiles replays it). */
    const keptForLater = (waiting: FilesEvent): boolean => {
      const { files } = get();
      if (files.jobId !== undefined || files.result.state !== 'loading') return false;
      if (early.length < EARLY_EVENTS || waiting.kind === 'done') early.push(waiting);
      return true;
    };

    const startFiles = async (reference: string) => {
      const mine = generation;
      early.length = 0;
      set({ files: { ...noFiles, result: loading } });
      try {
        const { jobId } = await client.invoke('images.files', { reference });
        if (mine !== generation) return;
        set({ files: { ...get().files, jobId } });
        const { onFilesProgress, onFilesRows, onFilesDone } = get();
        for (const waiting of early.splice(0)) {
          if (waiting.kind === 'progress') onFilesProgress(waiting.event);
          else if (waiting.kind === 'rows') onFilesRows(waiting.event);
          else onFilesDone(waiting.event);
        }
      } catch (error) {
        if (mine === generation)
          set({ files: { ...noFiles, result: { state: 'failed', error: toErrorShape(error) } } });
      }
    };

    return {
      reference: undefined,
      tab: 'overview',
      remote: idle,
      files: noFiles,
      referrers: idle,
      diffWith: '',
      diff: idle,

      open(reference) {
        void get().cancelFiles();
        generation += 1;
        set({
          reference,
          tab: 'overview',
          remote: idle,
          files: noFiles,
          referrers: idle,
          diff: idle,
          diffWith: '',
        });
        void load('remote', () => client.invoke('images.remoteInspect', { reference }));
      },

      async compare(reference, other) {
        get().open(reference);
        set({ tab: 'diff', diffWith: other });
        await get().runDiff();
      },

      close() {
        void get().cancelFiles();
        generation += 1;
        set({ reference: undefined });
      },

      setTab(tab) {
        set({ tab });
        const { reference, files, referrers } = get();
        if (!reference) return;
        if (tab === 'files' && files.result.state === 'idle') void startFiles(reference);
        if (tab === 'referrers' && referrers.state === 'idle')
          void load('referrers', () => client.invoke('images.referrers', { reference }));
      },

      setDiffWith(other) {
        set({ diffWith: other });
      },

      async runDiff() {
        const { reference, diffWith } = get();
        if (!reference || !diffWith.trim()) return;
        await load('diff', () =>
          client.invoke('images.diff', { a: reference, b: diffWith.trim(), files: true }),
        );
      },

      async cancelFiles() {
        const { jobId, result } = get().files;
        if (!jobId || result.state !== 'loading') return;
        try {
          await client.invoke('images.filesCancel', { jobId });
        } catch {
          /* already over: its done event says how */
        }
      },

      onFilesProgress(event) {
        if (keptForLater({ kind: 'progress', event })) return;
        const { files } = get();
        if (event.jobId === files.jobId) set({ files: { ...files, progress: event } });
      },

      onFilesRows(event) {
        if (keptForLater({ kind: 'rows', event })) return;
        const { files } = get();
        if (event.jobId !== files.jobId || files.result.state !== 'loading') return;
        set({ files: { ...files, firstRows: [...files.firstRows, ...event.rows] } });
      },

      onFilesDone(event) {
        if (keptForLater({ kind: 'done', event })) return;
        const { files } = get();
        if (event.jobId !== files.jobId) return;
        set({
          files: {
            ...files,
            // The merged tree replaces them (whiteouts applied, changes told from additions).
            firstRows: [],
            result: event.tree
              ? { state: 'done', value: event.tree }
              : {
                  state: 'failed',
                  error: event.error ?? {
                    code: 'internal.contract',
                    message: 'The listing ended without a tree.',
                  },
                },
          },
        });
      },
    };
  });
}

export type ImageViewStore = ReturnType<typeof createImageViewStore>;
