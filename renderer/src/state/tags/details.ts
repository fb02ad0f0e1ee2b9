/**
 * Tag details, fetched lazily for the rows on screen (at most DETAILS_IN_FLIGHT at once) and
 * drawn in batches: answers that land within DETAILS_FLUSH_MS go into one set(), so eight in
 * flight redraw the table once, and a filter keystroke does not wait behind eight redraws.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { RateLimit, TagDetails } from '../../../../src/shared/contract';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import { DetailsQueue } from '../details-queue';
import type { TagsState } from '../tags-store';

export const DETAILS_IN_FLIGHT = 8;
const DETAILS_FLUSH_MS = 40;

/** Which listing is current: answers for an older one are dropped. */
export interface ListingGeneration {
  current: number;
}

export interface TagDetailsLoader {
  /** The rows now on screen: fetch what is missing for them. */
  want(tags: readonly string[]): void;
  /** A new listing (or Stop): nothing queued or arrived for the old one is kept. */
  reset(): void;
}

export function tagDetailsLoader(
  client: BerthClient,
  { getState: get, setState: set }: StoreApi<TagsState>,
  generation: ListingGeneration,
): TagDetailsLoader {
  let arrived = new Map<string, TagDetails>();
  let failed = new Map<string, ErrorShape>();
  let arrivedRateLimit: RateLimit | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const forgetArrived = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    arrived = new Map();
    failed = new Map();
    arrivedRateLimit = undefined;
  };
  const flush = () => {
    flushTimer = undefined;
    const details = arrived.size ? new Map([...get().details, ...arrived]) : get().details;
    const detailErrors = failed.size
      ? new Map([...get().detailErrors, ...failed])
      : get().detailErrors;
    set({ details, detailErrors, ...(arrivedRateLimit ? { rateLimit: arrivedRateLimit } : {}) });
    forgetArrived();
  };
  const scheduleFlush = () => {
    flushTimer ??= setTimeout(flush, DETAILS_FLUSH_MS);
  };

  const fetchDetails = async (tag: string) => {
    const repository = get().repository;
    if (!repository) return;
    const mine = generation.current;
    const name = `${repository.domain}/${repository.path}`;
    try {
      const details = await client.invoke('tags.details', { repository: name, tag });
      if (mine !== generation.current) return;
      arrived.set(tag, details);
      if (details.rateLimit) arrivedRateLimit = details.rateLimit;
    } catch (error) {
      if (mine !== generation.current) return;
      failed.set(tag, toErrorShape(error));
    }
    scheduleFlush();
  };

  const queue = new DetailsQueue(
    DETAILS_IN_FLIGHT,
    fetchDetails,
    (tag) =>
      get().details.has(tag) || get().detailErrors.has(tag) || arrived.has(tag) || failed.has(tag),
  );

  return {
    want: (tags) => queue.want(tags),
    reset() {
      queue.clear();
      forgetArrived();
    },
  };
}
