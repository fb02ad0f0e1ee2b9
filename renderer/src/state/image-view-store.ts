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
import { filesListing, noFiles } from './image-view/files-listing';
import type { ShownGeneration } from './image-view/files-listing';

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

/** The file listing and its events are image-view/files-listing.ts; the rest is here. */
export function createImageViewStore(client: BerthClient) {
  // Answers for an image no longer shown are dropped.
  const shown: ShownGeneration = { current: 0 };

  return createStore<ImageViewState>()((set, get, api) => {
    const load = async <T>(
      key: 'remote' | 'referrers' | 'diff',
      ask: () => Promise<T>,
    ): Promise<void> => {
      const mine = shown.current;
      set({ [key]: loading } as Partial<ImageViewState>);
      try {
        const value = await ask();
        if (mine === shown.current)
          set({ [key]: { state: 'done', value } } as Partial<ImageViewState>);
      } catch (error) {
        if (mine === shown.current)
          set({
            [key]: { state: 'failed', error: toErrorShape(error) },
          } as Partial<ImageViewState>);
      }
    };
    const files = filesListing(client, api, shown);

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
        shown.current += 1;
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
        shown.current += 1;
        set({ reference: undefined });
      },

      setTab(tab) {
        set({ tab });
        const { reference, files: listing, referrers } = get();
        if (!reference) return;
        if (tab === 'files' && listing.result.state === 'idle') void files.start(reference);
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

      ...files.actions,
    };
  });
}

export type ImageViewStore = ReturnType<typeof createImageViewStore>;
