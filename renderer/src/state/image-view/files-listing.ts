/**
 * The image view's file listing: a job whose progress, first rows and merged tree arrive as
 * events. Its events can come before images.files has answered with the job id (a quick
 * listing can even end first): they wait, then go through the handlers, which keep only its own.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { EventPayload } from '../../../../src/shared/contract';
import { toErrorShape } from '../../../../src/shared/errors';
import type { FilesState, ImageViewState } from '../image-view-store';

/** Which image the view shows: answers for one no longer shown are dropped. */
export interface ShownGeneration {
  current: number;
}

/** A listing's events, as they may arrive before images.files has answered with its job id. */
type FilesEvent =
  | { kind: 'progress'; event: EventPayload<'images.files.progress'> }
  | { kind: 'rows'; event: EventPayload<'images.files.rows'> }
  | { kind: 'done'; event: EventPayload<'images.files.done'> };

export type FilesActions = Pick<
  ImageViewState,
  'cancelFiles' | 'onFilesProgress' | 'onFilesRows' | 'onFilesDone'
>;

export interface FilesListing {
  /** Starts listing `reference`'s files (the Files tab opened). */
  start(reference: string): Promise<void>;
  actions: FilesActions;
}

export const noFiles: FilesState = {
  jobId: undefined,
  progress: undefined,
  firstRows: [],
  result: { state: 'idle' },
};
/** Events kept while a listing's job id is unknown; the host caps its rows, this the rest. */
const EARLY_EVENTS = 1_000;

export function filesListing(
  client: BerthClient,
  { getState: get, setState: set }: StoreApi<ImageViewState>,
  shown: ShownGeneration,
): FilesListing {
  const early: FilesEvent[] = [];

  /** While the job id is unknown, an event waits for it (start replays it). */
  const keptForLater = (waiting: FilesEvent): boolean => {
    const { files } = get();
    if (files.jobId !== undefined || files.result.state !== 'loading') return false;
    if (early.length < EARLY_EVENTS || waiting.kind === 'done') early.push(waiting);
    return true;
  };

  const start = async (reference: string) => {
    const mine = shown.current;
    early.length = 0;
    set({ files: { ...noFiles, result: { state: 'loading' } } });
    try {
      const { jobId } = await client.invoke('images.files', { reference });
      if (mine !== shown.current) return;
      set({ files: { ...get().files, jobId } });
      const { onFilesProgress, onFilesRows, onFilesDone } = get();
      for (const waiting of early.splice(0)) {
        if (waiting.kind === 'progress') onFilesProgress(waiting.event);
        else if (waiting.kind === 'rows') onFilesRows(waiting.event);
        else onFilesDone(waiting.event);
      }
    } catch (error) {
      if (mine === shown.current)
        set({ files: { ...noFiles, result: { state: 'failed', error: toErrorShape(error) } } });
    }
  };

  return { start, actions: filesActions(client, get, set, keptForLater) };
}

/** Cancel, and the listing's events: each kept only while it is this listing's. */
function filesActions(
  client: BerthClient,
  get: StoreApi<ImageViewState>['getState'],
  set: StoreApi<ImageViewState>['setState'],
  keptForLater: (waiting: FilesEvent) => boolean,
): FilesActions {
  return {
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
}
