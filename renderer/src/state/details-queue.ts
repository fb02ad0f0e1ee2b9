/**
 * Fetches tag details with at most `limit` requests in flight. Wanted tags are replaced as
 * the visible rows change, so rows scrolled past never reach the network.
 */
export class DetailsQueue {
  private wanted: string[] = [];
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly fetchOne: (tag: string) => Promise<void>,
    private readonly isKnown: (tag: string) => boolean,
  ) {}

  /** The tags now on screen, in priority order. */
  want(tags: readonly string[]): void {
    this.wanted = tags.filter((t) => !this.isKnown(t) && !this.inFlight.has(t));
    this.pump();
  }

  clear(): void {
    this.wanted = [];
  }

  get active(): number {
    return this.inFlight.size;
  }

  private pump(): void {
    while (this.inFlight.size < this.limit && this.wanted.length > 0) {
      const tag = this.wanted.shift();
      if (tag === undefined || this.isKnown(tag) || this.inFlight.has(tag)) continue;
      this.inFlight.add(tag);
      void this.fetchOne(tag).finally(() => {
        this.inFlight.delete(tag);
        this.pump();
      });
    }
  }
}
