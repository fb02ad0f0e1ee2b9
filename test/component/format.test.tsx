import { describe, expect, it } from 'vitest';
import {
  causeOf,
  countLabel,
  digestPart,
  endpointSourceLabel,
  engineLabel,
  execForm,
  filterImages,
  formatBytes,
  formatExactTime,
  formatPlatform,
  formatRelativeTime,
  nextSort,
  shortDigest,
  shortId,
  sortImages,
  splitEnv,
  tagSummary,
} from '../../renderer/src';
import { threeImages } from './fixtures';

const alpine = threeImages[1];
if (!alpine) throw new Error('fixture missing');
const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('format', () => {
  it('sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(190 * 1024 * 1024)).toBe('190 MiB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3 GiB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('shortens IDs and digests, keeping the algorithm of a digest', () => {
    expect(shortId(digest)).toBe('0123456789ab');
    expect(digestPart(`ghcr.io/acme/app@${digest}`)).toBe(digest);
    expect(shortDigest(`ghcr.io/acme/app@${digest}`)).toBe('sha256:0123456789ab…');
    expect(shortDigest('sha256:abc')).toBe('sha256:abc');
  });

  it('summarises tags as the first plus how many more, and names untagged images', () => {
    expect(tagSummary(['a:1', 'a:2', 'b:1'])).toEqual({ label: 'a:1', more: 2 });
    expect(tagSummary([])).toEqual({ label: '<none>', more: 0 });
  });

  it('says times relative in lists and exact on hover', () => {
    const now = new Date('2025-06-01T12:00:00Z');
    expect(formatRelativeTime('2025-06-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2025-05-30T12:00:00Z', now)).toBe('2 days ago');
    expect(formatExactTime('2025-06-01T09:00:00.000Z')).toContain('(2025-06-01T09:00:00.000Z)');
    expect(formatExactTime('not a date')).toBe('unknown');
  });

  it('writes entrypoint and cmd in the exec form, so quoting is never ambiguous', () => {
    expect(execForm(['nginx', '-g', 'daemon off;'])).toBe('["nginx", "-g", "daemon off;"]');
    expect(execForm(['sh', '-c', 'echo "hi"'])).toBe('["sh", "-c", "echo \\"hi\\""]');
    expect(execForm([])).toBe('—');
  });

  it('formats platforms and splits env entries at the first "="', () => {
    expect(formatPlatform('linux', 'arm64', 'v8')).toBe('linux/arm64/v8');
    expect(formatPlatform('linux', 'amd64')).toBe('linux/amd64');
    expect(splitEnv('OPTS=a=b')).toEqual(['OPTS', 'a=b']);
    expect(splitEnv('EMPTY')).toEqual(['EMPTY', '']);
  });

  it('counts images with and without a filter', () => {
    expect(countLabel(3, 12, 'image', true)).toBe('3 of 12 images');
    expect(countLabel(12, 12, 'image', false)).toBe('12 images');
    expect(countLabel(1, 1, 'image', false)).toBe('1 image');
  });

  it('names the engine and where its endpoint came from', () => {
    expect(engineLabel({ product: 'Docker Engine - Community', serverVersion: '28.2.2' })).toBe(
      'Docker Engine 28.2.2',
    );
    expect(engineLabel({ product: 'Podman Engine', serverVersion: '5.4.0' })).toBe(
      'Podman Engine 5.4.0',
    );
    expect(endpointSourceLabel({ source: 'context', context: 'colima' })).toBe(
      'docker context "colima"',
    );
    expect(endpointSourceLabel({ source: 'DOCKER_HOST' })).toBe('DOCKER_HOST environment variable');
    expect(endpointSourceLabel({ source: 'default' })).toBe('default socket');
  });

  it('titles every engine error code the engine layer produces, and unknown ones generically', () => {
    expect(causeOf('engine.timeout').title).toBe('The engine did not answer in time');
    expect(causeOf('engine.bad_host').short).toBe('bad address');
    expect(causeOf('engine.unreachable').title).toBe('Cannot reach the engine host');
    expect(causeOf('engine.something_new').title).toBe('The engine is not reachable');
  });
});

describe('images view', () => {
  it('filters over tags, IDs and digests and finds untagged images by "<none>"', () => {
    expect(filterImages(threeImages, '  LATEST ').map((i) => i.repoTags[0])).toEqual([
      'nginx:1.27',
    ]);
    expect(filterImages(threeImages, '<none>').map((i) => i.id)).toEqual([threeImages[2]?.id]);
    expect(filterImages(threeImages, '')).toHaveLength(3);
  });

  it('sorts tags numerically, so 1.10 comes after 1.9', () => {
    const tagged = ['app:1.10', 'app:1.9', 'app:1.2'].map((tag, i) => ({
      ...alpine,
      id: `id-${i}`,
      repoTags: [tag],
    }));
    expect(sortImages(tagged, { key: 'tag', direction: 'asc' }).map((i) => i.repoTags[0])).toEqual([
      'app:1.2',
      'app:1.9',
      'app:1.10',
    ]);
  });

  it('starts a new column ascending and flips the same column', () => {
    expect(nextSort({ key: 'created', direction: 'desc' }, 'size')).toEqual({
      key: 'size',
      direction: 'asc',
    });
    expect(nextSort({ key: 'size', direction: 'asc' }, 'size')).toEqual({
      key: 'size',
      direction: 'desc',
    });
  });
});
