/** An image config's fields as people write them in a Dockerfile. */

/** `["nginx","-g","daemon off;"]`, the exec form, so quoting is never ambiguous. */
export function execForm(args: readonly string[]): string {
  if (args.length === 0) return '—';
  return `[${args.map((arg) => JSON.stringify(arg)).join(', ')}]`;
}

/** `linux/arm64/v8`; the variant only when the image names one. */
export function formatPlatform(os: string, architecture: string, variant?: string): string {
  const parts = [os || '?', architecture || '?'];
  if (variant) parts.push(variant);
  return parts.join('/');
}

/** `KEY=VALUE` → [KEY, VALUE]; only the first `=` separates, values may contain more. */
export function splitEnv(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  return eq === -1 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
}
