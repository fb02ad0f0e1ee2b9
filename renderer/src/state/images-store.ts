import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { ImageDetails, ImageSummary } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import type { UpdateCheck } from '../../../src/shared/image-content';
import { toErrorShape } from '../../../src/shared/errors';
import type { SortKey, SortOrder } from './images-view';
import { nextSort } from './images-view';

export interface SelectedImage {
  id: string;
  details: ImageDetails | undefined;
  loading: boolean;
  error: ErrorShape | undefined;
}

export interface PendingRemoval {
  id: string;
  busy: boolean;
  error: ErrorShape | undefined;
}

export interface ImagesState {
  /** undefined until the first list arrives. */
  images: ImageSummary[] | undefined;
  loading: boolean;
  error: ErrorShape | undefined;
  filter: string;
  sort: SortOrder;
  selected: SelectedImage | undefined;
  /** The remove confirmation, while it is open. */
  removal: PendingRemoval | undefined;
  /** Update checks by tag (canonical), kept until the next check of that tag. */
  updates: Record<string, UpdateCheck>;
  checkingUpdates: boolean;
  updatesError: ErrorShape | undefined;
  load(): Promise<void>;
  /**
   * The engine's images changed (a pull or a run's pull or build ended): reload a list already
   * shown, once per burst. A list never shown loads when its screen opens.
   */
  imagesChanged(): void;
  setFilter(filter: string): void;
  toggleSort(key: SortKey): void;
  select(id: string | undefined): Promise<void>;
  askRemove(): void;
  cancelRemove(): void;
  confirmRemove(): Promise<void>;
  /** One HEAD per tag (nothing is pulled): every tagged image, or the tags given. */
  checkUpdates(references?: string[]): Promise<void>;
}

/** Every tag of the listed images, once (untagged images have nothing to compare). */
export function taggedReferences(images: readonly ImageSummary[]): string[] {
  const tags = images.flatMap((image) => image.repoTags).filter((t) => !t.startsWith('<none>'));
  return [...new Set(tags)];
}

export type ImagesStore = ReturnType<typeof createImagesStore>;

/** Changes this close together (five pulls ending at once) cost one reload. */
export const IMAGES_RELOAD_COALESCE_MS = 250;

export function createImagesStore(client: BerthClient, coalesceMs = IMAGES_RELOAD_COALESCE_MS) {
  // Only the latest request of each kind may write its answer.
  let listRequest = 0;
  let detailsRequest = 0;
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;

  return createStore<ImagesState>()((set, get) => ({
    images: undefined,
    loading: false,
    error: undefined,
    filter: '',
    sort: { key: 'created', direction: 'desc' },
    selected: undefined,
    removal: undefined,
    updates: {},
    checkingUpdates: false,
    updatesError: undefined,

    async load() {
      const request = ++listRequest;
      set({ loading: true });
      try {
        const images = await client.invoke('images.list', {});
        if (request !== listRequest) return;
        const selected = get().selected;
        const stillThere = selected && images.some((image) => image.id === selected.id);
        set({
          images,
          loading: false,
          error: undefined,
          ...(stillThere ? {} : { selected: undefined }),
        });
      } catch (error) {
        if (request !== listRequest) return;
        set({ loading: false, error: toErrorShape(error) });
      }
    },

    imagesChanged() {
      const { images, loading } = get();
      if ((images === undefined && !loading) || reloadTimer) return;
      reloadTimer = setTimeout(() => {
        reloadTimer = undefined;
        // A load already under way may have read the list before the change: this one wins.
        void get().load();
      }, coalesceMs);
    },

    setFilter(filter) {
      set({ filter });
    },

    toggleSort(key) {
      set({ sort: nextSort(get().sort, key) });
    },

    async select(id) {
      const request = ++detailsRequest;
      if (id === undefined) {
        set({ selected: undefined, removal: undefined });
        return;
      }
      set({
        selected: { id, details: undefined, loading: true, error: undefined },
        removal: undefined,
      });
      try {
        const details = await client.invoke('images.inspect', { id });
        if (request !== detailsRequest) return;
        set({ selected: { id, details, loading: false, error: undefined } });
      } catch (error) {
        if (request !== detailsRequest) return;
        set({ selected: { id, details: undefined, loading: false, error: toErrorShape(error) } });
      }
    },

    askRemove() {
      const selected = get().selected;
      if (selected) set({ removal: { id: selected.id, busy: false, error: undefined } });
    },

    cancelRemove() {
      if (!get().removal?.busy) set({ removal: undefined });
    },

    async confirmRemove() {
      const removal = get().removal;
      if (!removal || removal.busy) return;
      set({ removal: { ...removal, busy: true, error: undefined } });
      try {
        // Never force: an image in use stays, and the dialog says which container holds it.
        await client.invoke('images.remove', { id: removal.id, force: false });
      } catch (error) {
        set({ removal: { ...removal, busy: false, error: toErrorShape(error) } });
        return;
      }
      detailsRequest += 1;
      set({ removal: undefined, selected: undefined });
      await get().load();
    },

    async checkUpdates(references) {
      const wanted = references ?? taggedReferences(get().images ?? []);
      if (wanted.length === 0) return;
      set({ checkingUpdates: true, updatesError: undefined });
      try {
        const { checks } = await client.invoke('images.checkUpdates', {
          references: wanted.slice(0, 500),
        });
        const updates = { ...get().updates };
        // Keyed by what the user sees (the engine's tag) and by the canonical reference.
        checks.forEach((check, i) => {
          updates[check.reference] = check;
          const asked = wanted[i];
          if (asked) updates[asked] = check;
        });
        set({ updates, checkingUpdates: false });
      } catch (error) {
        set({ checkingUpdates: false, updatesError: toErrorShape(error) });
      }
    },
  }));
}

/**
 * What changes the engine's images, as the renderer hears it: a pull that succeeded (the
 * Pulls screen, the palette, a refresh of a stale tag, a Doctor retry), a run that pulled
 * or built its image once it moves past that phase, and the engine's own image events
 * (`images.changed`: a `docker pull`, `rmi`, `tag`, `load` or build in a terminal). A tag's
 * update badge is checked again when a pull or an event names it. Returns the function that
 * stops listening.
 */
export function watchImageChanges(client: BerthClient, images: ImagesStore): () => void {
  // Runs seen pulling or building, until their next phase says the image is in place.
  const making = new Set<string>();
  const changed = (references: readonly string[]) => {
    const shown = images.getState();
    shown.imagesChanged();
    // Only badges already shown: an event never starts registry requests of its own.
    const badged = references.filter((reference) => shown.updates[reference]);
    if (badged.length > 0) void shown.checkUpdates(badged);
  };
  const stops = [
    client.on('pull.done', (event) => {
      if (event.result === 'success') changed([event.reference]);
    }),
    client.on('images.changed', (event) => changed(event.references)),
    client.on('run.status', (run) => {
      if (run.phase === 'pulling' || run.phase === 'building') making.add(run.runId);
      else if (making.delete(run.runId)) images.getState().imagesChanged();
    }),
    client.on('run.done', (done) => {
      if (making.delete(done.runId)) images.getState().imagesChanged();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
