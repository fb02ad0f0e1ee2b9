/**
 * Each pull cause (src/shared/pull-causes.ts) in the user's words: a verdict title that says
 * what is wrong, and the kind of problem it is, which picks the badge's colour and mark.
 */
import type { Diagnosis, ProbeStep } from '../../../src/shared/diagnosis';
import type { PullCause } from '../../../src/shared/pull-causes';

export type CauseKind = 'credentials' | 'not-found' | 'network' | 'limit' | 'engine' | 'unknown';

export interface CauseWords {
  title: string;
  kind: CauseKind;
}

export const CAUSE_WORDS: Record<PullCause, CauseWords> = {
  no_credentials: { title: 'No credentials for this image', kind: 'credentials' },
  bad_credentials: { title: 'The registry refused the credential', kind: 'credentials' },
  expired_credentials: { title: 'The credential has expired', kind: 'credentials' },
  insufficient_scope: { title: 'The credential may not pull this repository', kind: 'credentials' },
  credential_helper: { title: 'The credential helper is missing or failing', kind: 'credentials' },
  repo_not_found: { title: 'The repository does not exist', kind: 'not-found' },
  tag_not_found: { title: 'The tag does not exist', kind: 'not-found' },
  platform_mismatch: { title: 'No image for this platform', kind: 'not-found' },
  rate_limited: { title: 'The registry is rate-limiting pulls', kind: 'limit' },
  tls: { title: "The registry's TLS certificate is not trusted", kind: 'network' },
  dns: { title: 'The registry name does not resolve', kind: 'network' },
  timeout: { title: 'The registry did not answer in time', kind: 'network' },
  proxy: { title: 'The proxy refused the connection', kind: 'network' },
  unreachable: { title: 'The registry cannot be reached', kind: 'network' },
  daemon_down: { title: 'The container engine is not running', kind: 'engine' },
  keychain_unavailable: { title: 'The OS keychain cannot be used', kind: 'credentials' },
  content_trust: { title: 'Docker Content Trust stopped the pull', kind: 'engine' },
  disk_full: { title: "The engine's disk is full", kind: 'engine' },
  registry_error: { title: 'The registry itself is failing', kind: 'network' },
  insecure_registry: { title: 'Plain HTTP: the engine insists on HTTPS', kind: 'network' },
  invalid_manifest: { title: 'The manifest cannot be used', kind: 'not-found' },
  offline: { title: 'This machine is offline', kind: 'network' },
  unknown: { title: 'No known cause', kind: 'unknown' },
};

export const KIND_LABELS: Record<CauseKind, string> = {
  credentials: 'Credentials',
  'not-found': 'Not found',
  network: 'Network',
  limit: 'Rate limit',
  engine: 'Engine',
  unknown: 'Unclassified',
};

/** A step that passed, or was refused as it should be (an anonymous token, a private repo). */
export const stepFine = (step: ProbeStep) => step.ok || step.expected === true;

export function causeTitle(cause: PullCause): string {
  return CAUSE_WORDS[cause].title;
}

/**
 * The verdict line. A live probe that found nothing wrong also says `unknown`; then every step
 * passed, and "No known cause" would read as a failure of the doctor, so say what it found.
 */
export function verdictOf(diagnosis: Diagnosis): { title: string; allClear: boolean } {
  const allClear =
    diagnosis.healthy === true ||
    (diagnosis.cause === 'unknown' &&
      diagnosis.mode === 'live' &&
      diagnosis.steps.length > 0 &&
      diagnosis.steps.every(stepFine));
  return {
    title: allClear ? 'Healthy: the image pulls' : causeTitle(diagnosis.cause),
    allClear,
  };
}
