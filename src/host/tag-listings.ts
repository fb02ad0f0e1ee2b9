/**
 * Open tag listings, one async page iterator each, so the renderer can pull pages one by one
 * (tags.next) and show the first tags after the first round trip. Listings left idle are
 * closed, so an abandoned screen cannot pin a connection or memory. Each open listing is a
 * `tags` job in the one job registry: `jobs.list` shows it, `jobs.cancel` aborts its request
 * in flight, and the next page then fails with `job.cancelled`.
 */
import { uniqueId } from '../shared/unique-id';
import { BerthError } from '../shared/errors';
import { JobRegistry } from './job-registry';
import type { JobHandle } from './job-registry';

export interface TagPageLike {
  tags: string[];
}

export interface Listing {
  pages: AsyncIterator<TagPageLike>;
  fetched: number;
  pageCount: number;
  done: boolean;
  lastUsed: number;
  job: JobHandle;
}

export interface TagListingsOptions {
  idleMs?: number;
  maxOpen?: number;
  now?: () => number;
  /** The core's one registry of long work; a private one when the listings stand alone. */
  jobs?: JobRegistry;
}

export class TagListings {
  private readonly listings = new Map<string, Listing>();
  private readonly idleMs: number;
  private readonly maxOpen: number;
  private readonly now: () => number;
  private readonly jobs: JobRegistry;

  constructor(options: TagListingsOptions = {}) {
    this.jobs = options.jobs ?? new JobRegistry();
    this.idleMs = options.idleMs ?? 5 * 60_000;
    this.maxOpen = options.maxOpen ?? 16;
    this.now = options.now ?? Date.now;
  }

  /** `title` names the repository, for jobs.list. */
  open(start: (signal: AbortSignal) => AsyncIterable<TagPageLike>, title = ''): string {
    this.sweep();
    if (this.listings.size >= this.maxOpen) {
      const oldest = [...this.listings.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
      if (oldest) this.close(oldest[0]);
    }
    const id = uniqueId();
    const job = this.jobs.start('tags', id, title);
    this.listings.set(id, {
      pages: start(job.signal)[Symbol.asyncIterator](),
      fetched: 0,
      pageCount: 0,
      done: false,
      lastUsed: this.now(),
      job,
    });
    return id;
  }

  async next(
    id: string,
  ): Promise<{ tags: string[]; done: boolean; fetched: number; pages: number }> {
    const listing = this.listings.get(id);
    if (!listing) {
      throw new BerthError(
        'tags.listing_closed',
        'This tag listing is no longer open (it was stopped, or idle for too long).',
        'Browse the repository again.',
      );
    }
    listing.lastUsed = this.now();
    if (listing.done)
      return { tags: [], done: true, fetched: listing.fetched, pages: listing.pageCount };
    try {
      const step = await listing.pages.next();
      if (step.done) {
        listing.done = true;
        listing.job.finish();
        this.listings.delete(id);
        return { tags: [], done: true, fetched: listing.fetched, pages: listing.pageCount };
      }
      listing.fetched += step.value.tags.length;
      listing.pageCount += 1;
      return {
        tags: step.value.tags,
        done: false,
        fetched: listing.fetched,
        pages: listing.pageCount,
      };
    } catch (error) {
      this.close(id);
      throw error;
    }
  }

  close(id: string): boolean {
    const listing = this.listings.get(id);
    if (!listing) return false;
    this.jobs.cancel(id);
    listing.job.finish();
    void listing.pages.return?.();
    this.listings.delete(id);
    return true;
  }

  closeAll(): void {
    for (const id of [...this.listings.keys()]) this.close(id);
  }

  private sweep(): void {
    const cutoff = this.now() - this.idleMs;
    for (const [id, listing] of this.listings) if (listing.lastUsed < cutoff) this.close(id);
  }
}
