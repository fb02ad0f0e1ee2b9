/**
 * Image references, exactly as Docker parses them (github.com/distribution/reference).
 * Browser-safe: the renderer validates input with the same code as the core.
 */
export type { Reference } from './reference';
export {
  parse,
  withName,
  withTag,
  withDigest,
  trimNamed,
  nameOf,
  referenceString,
  isNamed,
  validateDigest,
} from './reference';
export {
  DEFAULT_DOMAIN,
  splitDockerDomain,
  parseNormalizedNamed,
  parseNamed,
  parseAnyReference,
  parseDockerRef,
  familiarName,
  familiarString,
} from './normalize';
export { match, familiarMatch, pathMatch } from './match';
export { describeReference, registryApiHost } from './describe';
export type { ReferenceDescription } from './describe';
export { ReferenceError, referenceErrors } from './errors';
export type { ReferenceErrorName } from './errors';
export {
  referenceRegexp,
  anchoredNameRegexp,
  anchoredDomainRegexp,
  anchoredIdentifierRegexp,
  anchoredTagRegexp,
  anchoredDigestRegexp,
} from './grammar';
export { repositoryDigests } from './repo-digests';
