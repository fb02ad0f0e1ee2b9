/**
 * The reference grammar of distribution/reference (regexp.go), the Go library the docker CLI
 * and the engine use. Go's RE2 and JavaScript agree on these patterns (leftmost-first).
 * https://github.com/distribution/reference/blob/main/regexp.go
 */

const alphanumeric = '[a-z0-9]+';
/** `.`, `_`, `__` or one or more `-` between alphanumerics. */
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
export const tagPattern = '[\\w][\\w.-]{0,127}';
export const digestPattern =
  '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|${ipv6address})`;
export const domainAndPortPattern = `${host}${optionalPort}`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePattern = `(?:${domainAndPortPattern}/)?${remoteName}`;

/** name [":" tag] ["@" digest], capturing all three. */
export const referenceRegexp = new RegExp(
  `^(${namePattern})(?::(${tagPattern}))?(?:@(${digestPattern}))?$`,
);
/** [domain "/"] remote-name, capturing both. */
export const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPortPattern})/)?(${remoteName})$`);
export const anchoredDomainRegexp = new RegExp(`^${domainAndPortPattern}$`);
export const anchoredTagRegexp = new RegExp(`^${tagPattern}$`);
export const anchoredDigestRegexp = new RegExp(`^${digestPattern}$`);
/** A bare 64-hex image ID, which is never a repository name. */
export const anchoredIdentifierRegexp = /^[a-f0-9]{64}$/;

/** The limit applies to the path only since distribution/reference v0.6.0 (aaca75ef). */
export const NAME_TOTAL_LENGTH_MAX = 255;
