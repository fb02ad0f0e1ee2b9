/** The OCI distribution client: one public entry. */
export { RegistryClient } from './client';
export type { Repo, RegistryClientOptions, RequestOptions } from './client';
export type { Fetch, Exchange, OpenExchange, StreamFetch, StreamResponse } from './http';
export { dropBody, exchange, openExchange } from './http';
export { parseChallenges } from './challenge';
export type { Challenge } from './challenge';
export { nextLink } from './link';
export { listTags } from './tags';
export type { TagPage, TagListOptions } from './tags';
export {
  headManifest,
  getManifest,
  getConfigBlob,
  sha256Digest,
  MANIFEST_ACCEPT,
  MEDIA_TYPES,
} from './manifests';
export type { Manifest, ManifestHead } from './manifests';
export { describeTag } from './describe-tag';
export { parseRateLimit } from './rate-limit';
export { TokenCache, MIN_TOKEN_LIFETIME_S } from './token-cache';
export type { Credential } from './token-service';
export { createUndiciFetch } from './undici-fetch';
export { registryBaseUrl, isLoopbackHost } from './scheme';
export { refusal } from './errors';
export { basicAuthorization, fetchToken } from './token-service';
export { describeTransport, registryConnection } from './describe-transport';
export type { RegistryConnection } from './describe-transport';
export { systemTrustFrom, proxyFromPacResult, systemStoreCertificates } from './system-trust';
export type { SystemTrustPort } from './system-trust';
