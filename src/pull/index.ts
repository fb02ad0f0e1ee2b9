/** Pulling images with progress, a log and a ledger entry: one public entry. */
export {
  ANSWER_TIMEOUT_MS,
  PullService,
  byErrorCode,
  pullReference,
  repoDigestFor,
} from './pull-service';
export type {
  LogLevel,
  PullFailure,
  PullOptions,
  PullOutcome,
  PullServiceDeps,
  PullVerdict,
} from './pull-service';
export { PullProgressTracker, Coalescer, PROGRESS_INTERVAL_MS } from './progress';
export type { CoalescerClock } from './progress';
export { PLAINTEXT_AUTH_ENV } from './plaintext-engine';
export { engineAuthOf, resolveEngineAuth, serverAddress } from './engine-auth';
export type { EngineAuth, EngineAuthOptions } from './engine-auth';
