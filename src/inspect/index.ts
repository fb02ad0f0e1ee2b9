/** Images seen from their registry without pulling: one public entry. */
export { resolveImage, resolveManifest, repoOf } from './remote-image';
export type { ResolvedImage, ResolvedManifest, ResolveOptions } from './remote-image';
export { listFiles } from './list-files';
export type { FilesProgress, ListFilesOptions } from './list-files';
export { extractFile } from './extract-file';
export { diffImages, diffConfig, diffFiles } from './image-diff';
export { listReferrers, isFallbackTag, fallbackTag } from './referrers';
export { summarizeProvenance, statementOf } from './provenance';
export { FileTreeBuilder, normalizePath } from './file-tree';
export {
  parsePlatform,
  platformText,
  pickPlatform,
  isAttestation,
  samePlatform,
} from './platform-match';
export { compressionOf } from './layer-stream';
export { checkUpdate, tagReference } from './update-check';
