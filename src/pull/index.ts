/** Pulling images with progress, a log and a ledger entry: one public entry. */
export { PullService, pullReference, repoDigestFor } from './pull-service';
export type { PullServiceDeps, PullOptions, PullOutcome, LogLevel } from './pull-service';
export { PullProgressTracker, Coalescer, PROGRESS_INTERVAL_MS } from './progress';
export type { CoalescerClock } from './progress';
