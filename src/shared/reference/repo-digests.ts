/**
 * The digests an engine recorded for one repository: RepoDigests (`name@sha256:…`, in any
 * spelling docker prints) whose normalised name is the reference's. Unparsable entries are
 * skipped.
 */
import { parseNormalizedNamed } from './normalize';
import { nameOf } from './reference';
import type { Reference } from './reference';

export function repositoryDigests(repoDigests: readonly string[], ref: Reference): string[] {
  const name = nameOf(ref);
  return repoDigests.flatMap((value) => {
    try {
      const parsed = parseNormalizedNamed(value);
      return nameOf(parsed) === name && parsed.digest ? [parsed.digest] : [];
    } catch {
      return [];
    }
  });
}
