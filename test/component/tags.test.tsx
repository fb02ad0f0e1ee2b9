import { describe, expect, it } from 'vitest';
import { compareSemver, orderTags, tagFilter } from '../../renderer/src/state/tag-order';
import { DetailsQueue } from '../../renderer/src/state/details-queue';
import { compareWithLocal, localTagIndex } from '../../renderer/src/tags/local-images';
import { createTagsStore } from '../../renderer/src/state/tags-store';
import type { TagDetails } from '../../src/shared/contract';
import { BerthError } from '../../src/shared/errors';
import { createFakeClient } from './fake-client';

const details = (
  tag: string,
  created: string | null,
  digest = `sha256:${'a'.repeat(64)}`,
): TagDetails => ({
  tag,
  digest,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  kind: 'manifest',
  platforms: [],
  compressedSize: 1,
  created,
  rateLimit: null,
});

describe('tag ordering', () => {
  it('orders versions numerically, releases above their prereleases, non-versions last', () => {
    const tags = [
      'latest',
      '1.2.9',
      'v1.2.10',
      '1.2.10-rc.1',
      '1.10',
      '2',
      'alpine',
      '1.2.10-rc.2',
      '1.2.10-beta',
    ];
    expect([...tags].sort(compareSemver)).toEqual([
      '1.2.9',
      '1.2.10-beta',
      '1.2.10-rc.1',
      '1.2.10-rc.2',
      'v1.2.10',
      '1.10',
      '2',
      'alpine',
      'latest',
    ]);
  });

  it('sorts semver newest first, lexically A to Z, and by created date with unknown dates last', () => {
    expect(orderTags(['1.0', '1.10', '1.9'], 'semver', new Map())).toEqual(['1.10', '1.9', '1.0']);
    expect(orderTags(['b', 'a', 'c'], 'lexical', new Map())).toEqual(['a', 'b', 'c']);
    const d = new Map([
      ['old', details('old', '2024-01-01T00:00:00Z')],
      ['new', details('new', '2026-01-01T00:00:00Z')],
    ]);
    expect(orderTags(['unknown', 'old', 'new'], 'newest', d)).toEqual(['new', 'old', 'unknown']);
  });

  it('filters by substring (case-insensitive) or by regex, and reports a broken regex', () => {
    const sub = tagFilter('RC', false);
    expect(sub.ok && ['1.0-rc1', '1.0'].filter(sub.match)).toEqual(['1.0-rc1']);
    const re = tagFilter('^3\\.\\d+$', true);
    expect(re.ok && ['3.12', '3.12-slim', '13.1'].filter(re.match)).toEqual(['3.12']);
    expect(tagFilter('(', true)).toMatchObject({ ok: false });
  });
});

describe('details queue', () => {
  it('never has more than 8 requests in flight, and skips rows scrolled away', async () => {
    let active = 0;
    let peak = 0;
    const fetched: string[] = [];
    const release: (() => void)[] = [];
    const queue = new DetailsQueue(
      8,
      (tag) =>
        new Promise<void>((resolve) => {
          active++;
          peak = Math.max(peak, active);
          fetched.push(tag);
          release.push(() => {
            active--;
            resolve();
          });
        }),
      () => false,
    );
    queue.want(Array.from({ length: 30 }, (_, i) => `a${i}`));
    expect(active).toBe(8);
    // The user scrolls: the rest of the first screen is no longer wanted.
    queue.want(Array.from({ length: 5 }, (_, i) => `b${i}`));
    while (release.length) {
      release.shift()?.();
      await Promise.resolve();
      await Promise.resolve();
    }
    expect(peak).toBe(8);
    expect(fetched.filter((t) => t.startsWith('a'))).toHaveLength(8);
    expect(fetched.filter((t) => t.startsWith('b'))).toHaveLength(5);
  });
});

describe('local versus remote', () => {
  const images = [
    {
      id: 'sha256:1',
      repoTags: ['127.0.0.1:5000/team/flows:1', 'nginx:1.27'],
      repoDigests: [
        `127.0.0.1:5000/team/flows@sha256:${'1'.repeat(64)}`,
        `nginx@sha256:${'2'.repeat(64)}`,
      ],
      size: 1,
      created: '2026-01-01T00:00:00Z',
      containers: 0,
    },
  ];
  const index = localTagIndex(images);

  it('indexes local tags by canonical name, Docker Hub ones included', () => {
    expect(index.get('docker.io/library/nginx:1.27')?.digests).toEqual([
      `sha256:${'2'.repeat(64)}`,
    ]);
    expect(index.has('127.0.0.1:5000/team/flows:1')).toBe(true);
  });

  it('says "newer" only when the registry digest is not one the local image has', () => {
    const local = index.get('127.0.0.1:5000/team/flows:1');
    expect(compareWithLocal(local, `sha256:${'1'.repeat(64)}`)).toEqual({ kind: 'same' });
    expect(compareWithLocal(local, `sha256:${'9'.repeat(64)}`).kind).toBe('newer');
    expect(compareWithLocal(undefined, `sha256:${'9'.repeat(64)}`).kind).toBe('none');
  });
});

describe('tags store', () => {
  it('streams pages into the list as they arrive and remembers the repository', async () => {
    let page = 0;
    const fake = createFakeClient({
      'tags.open': () => ({
        listingId: 'L',
        repository: {
          input: 'team/app',
          domain: 'docker.io',
          path: 'team/app',
          tag: null,
          digest: null,
          familiar: 'team/app',
          canonical: 'docker.io/team/app',
        },
      }),
      'tags.next': () => {
        page++;
        return page <= 2
          ? { tags: [`p${page}a`, `p${page}b`], done: false, fetched: page * 2, pages: page }
          : { tags: [], done: true, fetched: 4, pages: 2 };
      },
    });
    const store = createTagsStore(fake.client);
    const seen: number[] = [];
    store.subscribe((s) => seen.push(s.tags.length));
    await store.getState().browse('team/app');
    expect(store.getState().tags).toEqual(['p1a', 'p1b', 'p2a', 'p2b']);
    expect(seen).toContain(2); // the first page was shown before the second arrived
    expect(store.getState().listing).toBe('done');
    expect(store.getState().recent[0]).toBe('team/app');
  });

  it('keeps the tags already read when the listing fails midway', async () => {
    let page = 0;
    const fake = createFakeClient({
      'tags.open': () => ({
        listingId: 'L',
        repository: {
          input: 'x/y',
          domain: 'docker.io',
          path: 'x/y',
          tag: null,
          digest: null,
          familiar: 'x/y',
          canonical: 'docker.io/x/y',
        },
      }),
      'tags.next': () => {
        if (++page === 1) return { tags: ['a'], done: false, fetched: 1, pages: 1 };
        throw new BerthError('registry.rate_limited', 'Rate limited', 'Log in');
      },
    });
    const store = createTagsStore(fake.client);
    await store.getState().browse('x/y');
    expect(store.getState().tags).toEqual(['a']);
    expect(store.getState().error?.code).toBe('registry.rate_limited');
  });

  it('shows a malformed reference as an input error, not a listing failure', async () => {
    const fake = createFakeClient({
      'tags.open': () => {
        throw new BerthError('reference.invalid_format', 'invalid reference format: "a b"');
      },
    });
    const store = createTagsStore(fake.client);
    await store.getState().browse('a b');
    expect(store.getState().inputError?.code).toBe('reference.invalid_format');
    expect(store.getState().error).toBeUndefined();
  });
});
