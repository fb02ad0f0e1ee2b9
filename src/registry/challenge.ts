/**
 * WWW-Authenticate parsing (RFC 7235): several challenges in one header, quoted values that
 * contain commas or escaped quotes, bare tokens, and case-insensitive schemes and keys.
 * https://distribution.github.io/distribution/spec/auth/token/
 */

export interface Challenge {
  /** Lowercased: "bearer", "basic". */
  scheme: string;
  /** Keys lowercased: realm, service, scope, error. */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;

export function parseChallenges(header: string | null | undefined): Challenge[] {
  if (!header) return [];
  const challenges: Challenge[] = [];
  let i = 0;
  const s = header;
  const skipSpace = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const readToken = (): string | null => {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(s);
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  /** Unquoted values should be tokens, but registries send bare URLs too: read to , or space. */
  const readBare = (): string => {
    const start = i;
    while (i < s.length && s[i] !== ',' && s[i] !== ' ' && s[i] !== '\t') i++;
    return s.slice(start, i);
  };
  const readQuoted = (): string => {
    i++; // opening quote
    let value = '';
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      value += s[i];
      i++;
    }
    i++; // closing quote
    return value;
  };

  while (i < s.length) {
    skipSpace();
    while (s[i] === ',') {
      i++;
      skipSpace();
    }
    const scheme = readToken();
    if (!scheme) break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    // auth-params: key=value pairs separated by commas, until a token not followed by "=".
    for (;;) {
      skipSpace();
      const start = i;
      const key = readToken();
      if (!key) break;
      skipSpace();
      if (s[i] !== '=') {
        // The next challenge's scheme (or a token68): rewind and let the outer loop take it.
        i = start;
        break;
      }
      i++;
      skipSpace();
      const value = s[i] === '"' ? readQuoted() : readBare();
      challenge.params[key.toLowerCase()] = value;
      skipSpace();
      if (s[i] === ',') {
        i++;
        continue;
      }
      break;
    }
  }
  return challenges;
}
