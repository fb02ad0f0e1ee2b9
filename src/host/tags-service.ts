/** Tag browsing for the contract: open a listing, pull its pages, describe single tags. */
import { BerthError } from '../shared/errors';
import type { ReferenceInfo, TagDetails } from '../shared/contract';
import { describeReference, parseNormalizedNamed } from '../shared/reference';
import { describeTag, listTags } from '../registry';
import type { RegistryClient } from '../registry';
import type { EngineMonitor } from '../engine';
import { TagListings } from './tag-listings';
import type { JobRegistry } from './job-registry';

export function referenceInfo(input: string): ReferenceInfo {
  const { pullable: _pullable, ...info } = describeReference(input);
  return info;
}

export class TagsService {
  readonly listings: TagListings;

  constructor(
    private readonly registry: RegistryClient,
    private readonly monitor: EngineMonitor,
    jobs?: JobRegistry,
  ) {
    this.listings = new TagListings(jobs ? { jobs } : {});
  }

  open(input: string, pageSize?: number): { listingId: string; repository: ReferenceInfo } {
    const repository = referenceInfo(input);
    const repo = { registry: repository.domain, repository: repository.path };
    const listingId = this.listings.open(
      (signal) => listTags(this.registry, repo, { signal, ...(pageSize ? { pageSize } : {}) }),
      `${repository.domain}/${repository.path}`,
    );
    return { listingId, repository };
  }

  async details(repository: string, tag: string): Promise<TagDetails> {
    const ref = parseNormalizedNamed(repository);
    if (ref.tag || ref.digest) {
      throw new BerthError(
        'request.invalid',
        `Give the repository without a tag or digest (got ${repository}).`,
      );
    }
    const status = this.monitor.current();
    const platform =
      status?.state === 'up' ? { os: status.info.os, architecture: status.info.arch } : undefined;
    return describeTag(
      this.registry,
      { registry: ref.domain, repository: ref.path },
      tag,
      platform ? { platform } : {},
    );
  }
}
