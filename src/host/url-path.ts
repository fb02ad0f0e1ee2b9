/**
 * A URL path decoded once, or undefined when its percent-encoding is malformed (a `%` not
 * followed by two hex digits, or bytes that are not UTF-8): `decodeURIComponent` throws a
 * URIError there, which must become a 400 for the caller, never a 500 or an unhandled throw.
 */
export function decodeUrlPath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

export const BAD_URL_MESSAGE = 'The address has a malformed percent-encoding.';
