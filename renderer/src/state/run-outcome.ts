/**
 * How a run reads on screen: its phase, how it ended, and whether a failed pull is worth a
 * diagnosis. Pure, shared by the run panel and the history.
 */
import type { EventPayload } from '../../../src/shared/contract';
import type { ErrorShape } from '../../../src/shared/errors';
import type { FlowKind } from '../../../src/shared/flows';
import type { RunResult } from '../../../src/shared/ledger';
import type { RunPhase } from '../../../src/shared/runs';
import type { Health } from '../common/StatusDot';

export type RunDone = EventPayload<'run.done'>;

export const PHASES: readonly { phase: RunPhase; label: string }[] = [
  { phase: 'building', label: 'Building' },
  { phase: 'pulling', label: 'Pulling' },
  { phase: 'creating', label: 'Creating' },
  { phase: 'running', label: 'Running' },
  { phase: 'stopping', label: 'Stopping' },
];

export const KIND_LABELS: Record<FlowKind, string> = {
  'prefect-deployment': 'Prefect deployment',
  'valohai-step': 'Valohai step',
  berth: 'berth.yaml',
  'prefect-flow': 'Prefect flow',
};

export function resultHealth(result: RunResult): Health {
  return result === 'success' ? 'up' : result === 'failed' ? 'down' : 'warn';
}

/** "Succeeded", "Failed with exit code 3", "Cancelled", "Failed before the flow ran". */
export function resultWords(result: RunResult, exitCode: number | null): string {
  if (result === 'success') return exitCode === null ? 'Succeeded' : 'Succeeded (exit code 0)';
  if (result === 'cancelled') return 'Cancelled';
  return exitCode === null ? 'Failed before the flow ran' : `Failed with exit code ${exitCode}`;
}

/**
 * The image reference of a run that ended because its pull failed, for a diagnosis; undefined
 * when the pull was not the problem (or was cancelled).
 */
export function failedPullReference(
  error: ErrorShape | undefined,
  lastPhase: RunPhase | undefined,
  reference: string | undefined,
): string | undefined {
  if (!error || error.code === 'job.cancelled') return undefined;
  // A build's base image that could not be pulled is diagnosed like a pull of it.
  const base = error.details?.['image'];
  if (error.code === 'build.base_image_missing' && typeof base === 'string' && base !== '') {
    return base;
  }
  const fromPull = error.code.startsWith('pull.') || lastPhase === 'pulling';
  if (!fromPull) return undefined;
  const named = error.details?.['reference'];
  return typeof named === 'string' && named !== '' ? named : reference;
}
