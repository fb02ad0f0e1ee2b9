/** How references, digests and times read in lists: short in the cell, full on hover and copy. */

/** What the engine means by `<none>:<none>`; the mapping drops those, the UI says it again. */
export const UNTAGGED = '<none>';

/** The first tag and how many more there are: `app:1.2` and 2 for "app:1.2 +2". */
export function tagSummary(tags: readonly string[]): { label: string; more: number } {
  const [first] = tags;
  if (first === undefined) return { label: UNTAGGED, more: 0 };
  return { label: first, more: tags.length - 1 };
}

/** `repo@sha256:…` → `sha256:…`; a bare digest stays as it is. */
export function digestPart(reference: string): string {
  const at = reference.lastIndexOf('@');
  return at === -1 ? reference : reference.slice(at + 1);
}

/** `repo@sha256:0123456789abcdef…` → `sha256:0123456789ab…`, enough to tell digests apart. */
export function shortDigest(reference: string, hexDigits = 12): string {
  const digest = digestPart(reference);
  const colon = digest.indexOf(':');
  const algorithm = colon === -1 ? '' : digest.slice(0, colon + 1);
  const hex = colon === -1 ? digest : digest.slice(colon + 1);
  return hex.length > hexDigits ? `${algorithm}${hex.slice(0, hexDigits)}…` : digest;
}

/** The exact time for a hover: local time first, then the ISO string that logs use. */
export function formatExactTime(iso: string): string {
  const date = new Date(iso);
  if (!Number.isFinite(date.getTime()) || date.getTime() <= 0) return 'unknown';
  return `${date.toLocaleString()} (${date.toISOString()})`;
}
