/**
 * GET /v2/<name>/tags/list, page by page, following Link rel="next" (distribution-spec
 * "Listing Tags"): a short page does not mean the end, `n` may change between pages, and a
 * Link must stay on the registry and never point back to a page already read.
 */
import { BerthError } from '../shared/errors';
import type { Repo, RegistryClient } from './client';
import { badResponse } from './errors';
import { nextLink } from './link';

export interface TagPage {
  tags: string[];
  /** 1-based. */
  page: number;
}

export interface TagListOptions {
  pageSize?: number;
  signal?: AbortSignal;
  maxPages?: number;
  maxTags?: number;
}

const PAGE_MAX_BYTES = 32 * 1024 * 1024;

export async function* listTags(
  client: RegistryClient,
  repo: Repo,
  options: TagListOptions = {},
): AsyncGenerator<TagPage> {
  const base = client.baseUrl(repo.registry);
  const origin = new URL(base).origin;
  let url = `${base}/v2/${repo.repository}/tags/list${options.pageSize ? `?n=${options.pageSize}` : ''}`;
  const seen = new Set<string>();
  const maxPages = options.maxPages ?? 1000;
  const maxTags = options.maxTags ?? 1_000_000;
  let total = 0;
  const ctx = {
    host: repo.registry,
    repository: repo.repository,
    what: 'the tag list',
    hadCredential: false,
  };

  for (let page = 1; ; page++) {
    if (seen.has(url)) {
      throw new BerthError(
        'registry.pagination_loop',
        `${repo.registry} sent a "next page" link back to a page already read (${new URL(url).search || url}).`,
        'The registry (or a proxy in front of it) paginates wrongly; the tags read so far are kept.',
        { host: repo.registry, page },
      );
    }
    if (page > maxPages || total > maxTags) {
      throw new BerthError(
        'registry.too_many_tags',
        `${repo.repository} has more than ${Math.min(total, maxTags).toLocaleString('en')} tags in ${page - 1} pages; Berth stopped there.`,
        'Filter by a prefix on the registry side, or browse a narrower repository.',
        { host: repo.registry, pages: page - 1 },
      );
    }
    seen.add(url);
    const answer = await client.request(repo, url, {
      maxBytes: PAGE_MAX_BYTES,
      what: 'the tag list',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let body: { tags?: unknown };
    try {
      body = JSON.parse(new TextDecoder().decode(answer.body)) as { tags?: unknown };
    } catch {
      throw badResponse(ctx, 'the tag list is not JSON');
    }
    if (
      body === null ||
      typeof body !== 'object' ||
      (body.tags !== null && body.tags !== undefined && !Array.isArray(body.tags))
    ) {
      throw badResponse(ctx, 'the tag list has no "tags" array');
    }
    const tags = (body.tags ?? []).filter((t: unknown): t is string => typeof t === 'string');
    total += tags.length;
    yield { tags, page };

    const link = nextLink(answer.headers.get('link'));
    if (!link) return;
    const next = new URL(link, answer.url);
    if (next.origin !== origin) {
      throw new BerthError(
        'registry.bad_response',
        `${repo.registry} pointed the next page of tags at another host (${next.host}); Berth did not follow it.`,
        'A registry pages on its own host: this looks like a misconfigured proxy.',
        { host: repo.registry, next: next.host },
      );
    }
    url = next.href;
  }
}
