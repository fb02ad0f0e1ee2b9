/**
 * What the live probe's parts share (probe.ts, probe-network.ts, probe-registry.ts): the
 * facts the verdict reads, and the runner that times a step and records it.
 */
import type { ProbeStep } from '../shared/diagnosis';
import { toErrorShape } from '../shared/errors';
import type { ErrorShape } from '../shared/errors';
import type { PullCause } from '../shared/pull-causes';
import type { LoginReport } from '../shared/credentials';
import type { EngineViewFacts } from './engine-view';

export interface Facts {
  parseError?: ErrorShape;
  engineDown?: boolean;
  helperProblem?: ErrorShape;
  /** offline: the lookup failed and no DNS server this machine asks has a route from here. */
  dns?: 'failed' | 'offline';
  /** offline: no route to the registry's (IPv4) address, named in unrouted. */
  tcp?: 'refused' | 'timeout' | 'offline' | 'failed';
  unrouted?: string;
  tls?: string;
  ping?: PullCause;
  withCredential?: LoginReport;
  anonymous?: LoginReport;
  manifest?: 'tag_not_found' | 'repo_not_found' | 'rate_limited' | 'ok' | 'denied' | 'failed';
  /** Why the manifest could not be read, when it was not a missing tag or repository. */
  manifestError?: ErrorShape;
  /** The OS keychain could not give the stored secret. */
  keychain?: ErrorShape;
  platforms?: string[];
  platformMatch?: boolean;
  rateLimited?: boolean;
  engineView?: EngineViewFacts;
}

export type StepOutcome =
  { ok: boolean; detail: string } | { ok: false; detail: string; error: ErrorShape };

/** Runs a step, timed; a throw is a failed step whose detail is the error's message. */
export type StepRunner = (
  name: string,
  run: () => Promise<{ ok: boolean; detail: string }>,
) => Promise<StepOutcome>;

/** One probe's record: its steps in order, the facts found so far, and its step budget. */
export interface ProbeRecord {
  steps: ProbeStep[];
  facts: Facts;
  step: StepRunner;
  /** Budget of the network steps that can hang (DNS, TCP, TLS). */
  budget: number;
}

export function probeRecord(budget: number): ProbeRecord {
  const steps: ProbeStep[] = [];
  const step: StepRunner = async (name, run) => {
    const started = performance.now();
    try {
      const r = await run();
      steps.push({ name, ok: r.ok, ms: Math.round(performance.now() - started), detail: r.detail });
      return r;
    } catch (error) {
      const shape = toErrorShape(error);
      steps.push({
        name,
        ok: false,
        ms: Math.round(performance.now() - started),
        detail: shape.message,
      });
      return { ok: false, detail: shape.message, error: shape };
    }
  };
  return { steps, facts: {}, step, budget };
}
