/**
 * The tag browser's state: one listing at a time, streamed page by page (tags.next), and
 * details fetched lazily for the rows on screen, at most 8 at once, cached per tag.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { RateLimit, ReferenceInfo, TagDetails } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import { DetailsQueue } from './details-queue';
import type { TagSort } from './tag-order';
import { loadRecent, rememberRecent } from './recent-repositories';

export const DETAILS_IN_FLIGHT = 8;
/**
 * Answers that land within this window are drawn together: eight in flight would otherwise redraw
 * the table eight times, and a keystroke in the filter would wait behind those redraws.
 */
const DETAILS_FLUSH_MS = 40;

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
  let generation = 0;
  let listingId: string | undefined;

  const store = createStore<TagsState>()((set, get) => {
    let arrived = new Map<string, TagDetails>();
    let failed = new Map<string, ErrorShape>();
    let arrivedRateLimit: RateLimit | undefined;
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      flushTimer = undefined;
      const details = arrived.size ? new Map([...get().details, ...arrived]) : get().details;
      const detailErrors = failed.size
        ? new Map([...get().detailErrors, ...failed])
        : get().detailErrors;
      set({ details, detailErrors, ...(arrivedRateLimit ? { rateLimit: arrivedRateLimit } : {}) });
      forgetArrived();
    };
    const forgetArrived = () => {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      arrived = new Map();
      failed = new Map();
      arrivedRateLimit = undefined;
    };
    const scheduleFlush = () => {
      flushTimer ??= setTimeout(flush, DETAILS_FLUSH_MS);
    };

    const queue = new DetailsQueue(
      DETAILS_IN_FLIGHT,
      async (tag) => {
        const repository = get().repository;
        if (!repository) return;
        const mine = generation;
        const name = `${repository.domain}/${repository.path}`;
        try {
          const details = await client.invoke('tags.details', { repository: name, tag });
          if (mine !== generation) return;
          arrived.set(tag, details);
          if (details.rateLimit) arrivedRateLimit = details.rateLimit;
        } catch (error) {
          if (mine !== generation) return;
          failed.set(tag, toErrorShape(error));
        }
        scheduleFlush();
      },
      (tag) =>
        get().details.has(tag) ||
        get().detailErrors.has(tag) ||
        arrived.has(tag) ||
        failed.has(tag),
    );

    const closeListing = async () => {
      const id = listingId;
      listingId = undefined;
      if (id) await client.invoke('tags.close', { listingId: id }).catch(() => undefined);
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
        const mine = ++generation;
        queue.clear();
        forgetArrived();
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
        let opened;
        try {
          opened = await client.invoke('tags.open', { repository: input });
        } catch (error) {
          if (mine !== generation) return;
          const shape = toErrorShape(error);
          const isInput = shape.code.startsWith('reference.') || shape.code === 'request.invalid';
          set({
            listing: isInput ? 'idle' : 'failed',
            ...(isInput ? { inputError: shape } : { error: shape }),
          });
          return;
        }
        if (mine !== generation) return;
        listingId = opened.listingId;
        set({ repository: opened.repository, listing: 'streaming', recent: rememberRecent(input) });
        try {
          for (;;) {
            const page = await client.invoke('tags.next', { listingId: opened.listingId });
            if (mine !== generation) return;
            if (page.tags.length) set({ tags: get().tags.concat(page.tags) });
            if (page.done) break;
          }
          listingId = undefined;
          set({ listing: 'done' });
        } catch (error) {
          if (mine !== generation) return;
          listingId = undefined;
          set({ listing: 'failed', error: toErrorShape(error) });
        }
      },

      async stop() {
        generation++;
        queue.clear();
        await closeListing();
        if (get().listing === 'streaming' || get().listing === 'opening')
          set({ listing: 'stopped' });
      },

      setFilter: (filter) => set({ filter }),
      setRegex: (regex) => set({ regex }),
      setShowArtifacts: (showArtifacts) => set({ showArtifacts }),
      setSort: (sort) => set({ sort }),
      select: (selected) => set({ selected }),
      showing: (tags) => queue.want(tags),
    };
  });
  return store;
}

export type TagsStore = ReturnType<typeof createTagsStore>;
