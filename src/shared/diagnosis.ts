/**
 * A diagnosis of a failed (or failing) pull, as `berth doctor --json` prints it and the UI
 * shows it: one cause, alternatives when the evidence is genuinely ambiguous, a one-line
 * summary, fix steps for this registry, and every probe step with its timing and evidence.
 */
import { z } from 'zod';
import { PullCause } from './pull-causes';

export const ProbeStep = z.object({
  name: z.string(),
  ok: z.boolean(),
  ms: z.number(),
  detail: z.string(),
});
export type ProbeStep = z.infer<typeof ProbeStep>;

export const Diagnosis = z.object({
  image: z.string(),
  cause: PullCause,
  alternatives: z.array(PullCause),
  summary: z.string(),
  fix: z.array(z.string()),
  steps: z.array(ProbeStep),
  /** Documentation for the fix, https only. */
  docs: z.array(z.string()),
  /** offline: from an error message alone; live: from the probe. */
  mode: z.enum(['offline', 'live']),
});
export type Diagnosis = z.infer<typeof Diagnosis>;
