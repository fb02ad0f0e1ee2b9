import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { ImageDetails, ImageSummary } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
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
  load(): Promise<void>;
  setFilter(filter: string): void;
  toggleSort(key: SortKey): void;
  select(id: string | undefined): Promise<void>;
  askRemove(): void;
  cancelRemove(): void;
  confirmRemove(): Promise<void>;
}

export type ImagesStore = ReturnType<typeof createImagesStore>;

export function createImagesStore(client: BerthClient) {
  // Only the latest request of each kind may write its answer.
  let listRequest = 0;
  let detailsRequest = 0;

  return createStore<ImagesState>()((set, get) => ({
    images: undefined,
    loading: false,
    error: undefined,
    filter: '',
    sort: { key: 'created', direction: 'desc' },
    selected: undefined,
    removal: undefined,

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
  }));
}
