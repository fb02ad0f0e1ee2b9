/** RFC 8288 Link headers: the rel="next" target of a tags page. */

export function nextLink(header: string | null | undefined): string | null {
  if (!header) return null;
  // Links are comma-separated, but a URL may itself contain commas: split on "," before "<".
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const params = match[2] ?? '';
    if (/;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(params))
      return match[1] ?? null;
  }
  return null;
}
