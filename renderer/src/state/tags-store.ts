/**
 * The tag browser's state: one listing at a time, streamed page by page (tags.next), and
 * details fetched lazily for the rows on screen, at most 8 at once, cached per tag
 * (tags/details.ts).
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { RateLimit, ReferenceInfo, TagDetails } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import type { TagSort } from './tag-order';
import { loadRecent, rememberRecent } from './recent-repositories';
import { tagDetailsLoader } from './tags/details';
import type { ListingGeneration } from './tags/details';

export { DETAILS_IN_FLIGHT } from './tags/details';

export type ListingState = 'idle' | 'opening' | 'streaming' | 'done' | 'stopped' | 'failed';

export interface TagsState {
  input: string;
  /** An error in what was typed (a malformed reference), shown under the input. */
  inputError: ErrorShape | undefined;
  repository: ReferenceInfo | undefined;
  tags: string[];
  listing: ListingState;
  /** A failure while listing; the tags already read stay. */
  error: ErrorShape | undefined;
  details: Map<string, TagDetails>;
  detailErrors: Map<string, ErrorShape>;
  filter: string;
  regex: boolean;
  /** Show cosign / referrers fallback tags (sha256-….sig/.att/.sbom), hidden by default. */
  showArtifacts: boolean;
  sort: TagSort;
  selected: string | undefined;
  rateLimit: RateLimit | undefined;
  recent: string[];
  setInput(input: string): void;
  browse(input?: string): Promise<void>;
  stop(): Promise<void>;
  setFilter(filter: string): void;
  setRegex(regex: boolean): void;
  setShowArtifacts(show: boolean): void;
  setSort(sort: TagSort): void;
  select(tag: string | undefined): void;
  /** The rows now on screen: fetch what is missing for them. */
  showing(tags: readonly string[]): void;
}

export function createTagsStore(client: BerthClient) {
  const generation: ListingGeneration = { current: 0 };
  let listingId: string | undefined;

  const store = createStore<TagsState>()((set, get, api) => {
    const details = tagDetailsLoader(client, api, generation);

    const closeListing = async () => {
      const id = listingId;
      listingId = undefined;
      if (id) await client.invoke('tags.close', { listingId: id }).catch(() => undefined);
    };

    /** tags.open; undefined when it failed (said under the input or as the listing's error). */
    const openListing = async (input: string, mine: number) => {
      try {
        return await client.invoke('tags.open', { repository: input });
      } catch (error) {
        if (mine !== generation.current) return undefined;
        const shape = toErrorShape(error);
        const isInput = shape.code.startsWith('reference.') || shape.code === 'request.invalid';
        set({
          listing: isInput ? 'idle' : 'failed',
          ...(isInput ? { inputError: shape } : { error: shape }),
        });
        return undefined;
      }
    };

    /** tags.next until the last page, each page drawn as it comes. */
    const streamPages = async (id: string, mine: number) => {
      try {
        for (;;) {
          const page = await client.invoke('tags.next', { listingId: id });
          if (mine !== generation.current) return;
          if (page.tags.length) set({ tags: get().tags.concat(page.tags) });
          if (page.done) break;
        }
        listingId = undefined;
        set({ listing: 'done' });
      } catch (error) {
        if (mine !== generation.current) return;
        listingId = undefined;
        set({ listing: 'failed', error: toErrorShape(error) });
      }
    };

    return {
      input: '',
      inputError: undefined,
      repository: undefined,
      tags: [],
      listing: 'idle',
      error: undefined,
      details: new Map(),
      detailErrors: new Map(),
      filter: '',
      regex: false,
      showArtifacts: false,
      sort: 'lexical',
      selected: undefined,
      rateLimit: undefined,
      recent: loadRecent(),

      setInput: (input) => set({ input, inputError: undefined }),

      async browse(typed) {
        const input = (typed ?? get().input).trim();
        if (!input) return;
        const mine = ++generation.current;
        details.reset();
        await closeListing();
        set({
          input,
          inputError: undefined,
          listing: 'opening',
          error: undefined,
          tags: [],
          details: new Map(),
          detailErrors: new Map(),
          selected: undefined,
        });
        const opened = await openListing(input, mine);
        if (!opened || mine !== generation.current) return;
        listingId = opened.listingId;
        set({ repository: opened.repository, listing: 'streaming', recent: rememberRecent(input) });
        await streamPages(opened.listingId, mine);
      },

      async stop() {
        generation.current++;
        details.reset();
        await closeListing();
        if (get().listing === 'streaming' || get().listing === 'opening')
          set({ listing: 'stopped' });
      },

      setFilter: (filter) => set({ filter }),
      setRegex: (regex) => set({ regex }),
      setShowArtifacts: (showArtifacts) => set({ showArtifacts }),
      setSort: (sort) => set({ sort }),
      select: (selected) => set({ selected }),
      showing: (tags) => details.want(tags),
    };
  });
  return store;
}

export type TagsStore = ReturnType<typeof createTagsStore>;
