/** Small pure formatting for the screens; sizes, IDs and relative times come from src/shared. */
export {
  formatBytes,
  formatDuration,
  formatRelativeTime,
  shortId,
} from '../../../src/shared/format';
export { execForm, formatPlatform, splitEnv } from './image-fields';
export { digestPart, formatExactTime, shortDigest, tagSummary, UNTAGGED } from './references';
export { countLabel } from './count-label';
export { engineLabel, endpointSourceLabel } from './engine-labels';
