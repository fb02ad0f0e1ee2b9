/**
 * Which tags exist locally, and with which digests, keyed by canonical `domain/path:tag`, so
 * the tag browser can say "newer image available" when the registry's digest differs.
 */
import type { ImageSummary } from '../../../src/shared/contract';
import { nameOf, parseNormalizedNamed } from '../../../src/shared/reference';

export interface LocalTag {
  imageId: string;
  /** Digests the local image was pulled or pushed as, for this repository. */
  digests: string[];
}

function canonicalName(reference: string): { name: string; tag: string; digest: string } | null {
  try {
    const ref = parseNormalizedNamed(reference);
    return { name: nameOf(ref), tag: ref.tag, digest: ref.digest };
  } catch {
    return null;
  }
}

export function localTagIndex(images: readonly ImageSummary[]): Map<string, LocalTag> {
  const index = new Map<string, LocalTag>();
  for (const image of images) {
    const digestsByName = new Map<string, string[]>();
    for (const entry of image.repoDigests) {
      const parsed = canonicalName(entry);
      if (parsed?.digest)
        digestsByName.set(parsed.name, [...(digestsByName.get(parsed.name) ?? []), parsed.digest]);
    }
    for (const tagged of image.repoTags) {
      const parsed = canonicalName(tagged);
      if (!parsed?.tag) continue;
      index.set(`${parsed.name}:${parsed.tag}`, {
        imageId: image.id,
        digests: digestsByName.get(parsed.name) ?? [],
      });
    }
  }
  return index;
}

export type LocalComparison =
  { kind: 'none' } | { kind: 'same' } | { kind: 'newer'; local: string[] };

// One object per answer, so a memoised row whose comparison did not change is not drawn again.
const NONE: LocalComparison = { kind: 'none' };
const SAME: LocalComparison = { kind: 'same' };
const newerThan = new WeakMap<LocalTag, LocalComparison>();

export function compareWithLocal(
  local: LocalTag | undefined,
  remoteDigest: string | undefined,
): LocalComparison {
  if (!local || !remoteDigest) return NONE;
  if (local.digests.includes(remoteDigest)) return SAME;
  let newer = newerThan.get(local);
  if (!newer) {
    newer = { kind: 'newer', local: local.digests };
    newerThan.set(local, newer);
  }
  return newer;
}
