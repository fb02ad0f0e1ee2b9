/** The images list as the table shows it: filtered, then sorted. Pure, so it is cheap to test. */
import type { ImageSummary } from '../../../src/shared/contract';
import { digestPart, UNTAGGED } from '../format';

export type SortKey = 'tag' | 'id' | 'digest' | 'size' | 'created';
export type SortDirection = 'asc' | 'desc';
export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

/** Case-insensitive substring over tags, ID and digests; "<none>" finds untagged images. */
export function filterImages(images: readonly ImageSummary[], filter: string): ImageSummary[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return [...images];
  const has = (text: string) => text.toLowerCase().includes(needle);
  return images.filter(
    (image) =>
      has(image.id) ||
      image.repoTags.some(has) ||
      image.repoDigests.some(has) ||
      (image.repoTags.length === 0 && has(UNTAGGED)),
  );
}

// Numeric, so app:1.10 sorts after app:1.9.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const compareBy: Record<SortKey, (a: ImageSummary, b: ImageSummary) => number> = {
  tag: (a, b) => collator.compare(a.repoTags[0] ?? '', b.repoTags[0] ?? ''),
  id: (a, b) => collator.compare(a.id, b.id),
  digest: (a, b) =>
    collator.compare(digestPart(a.repoDigests[0] ?? ''), digestPart(b.repoDigests[0] ?? '')),
  size: (a, b) => a.size - b.size,
  created: (a, b) => Date.parse(a.created) - Date.parse(b.created),
};

const BLANK: Partial<Record<SortKey, (image: ImageSummary) => boolean>> = {
  tag: (image) => image.repoTags.length === 0,
  digest: (image) => image.repoDigests.length === 0,
};

export function sortImages(images: readonly ImageSummary[], order: SortOrder): ImageSummary[] {
  const sign = order.direction === 'asc' ? 1 : -1;
  const compare = compareBy[order.key];
  return [...images].sort((a, b) => {
    // Untagged (or never pushed) images are leftovers: they stay at the bottom either way.
    const blank = BLANK[order.key];
    if (blank) {
      const last = Number(blank(a)) - Number(blank(b));
      if (last !== 0) return last;
    }
    return sign * compare(a, b) || a.id.localeCompare(b.id);
  });
}

/** A new column sorts ascending; the same column again flips the direction. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key !== key) return { key, direction: 'asc' };
  return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
}
