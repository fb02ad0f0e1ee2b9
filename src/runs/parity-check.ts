/**
 * The prod-parity check before a run: would this local run be the run the worker makes?
 * - the image on the engine or not (a Pull button where pulling fixes it);
 * - the local copy's digest against the registry's current digest for the tag, by one
 *   manifest HEAD (quota-safe: Docker Hub counts GETs of manifests, not HEADs);
 * - an image for another platform than the engine's (it would run under emulation);
 * - env values the file leaves to the worker that the run does not give;
 * - an entrypoint the worker would not find.
 * Nothing is pulled, built or run.
 */
import { resolve } from 'node:path';
import type { EnginePort } from '../engine';
import type { PullService } from '../pull';
import { pullReference, repoDigestFor } from '../pull';
import { BerthError } from '../shared/errors';
import type { FlowDefinition } from '../shared/flows';
import type { ImageDetails } from '../shared/contract';
import { referenceString } from '../shared/reference';
import type { ParityCheck, ParityReport, RunStartInput } from '../shared/runs';
import { discoverFlows } from '../flows';
import { planBuild } from '../build';
import { engineForContext, engineLabel } from './engine-choice';
import { missingEnv, problemsOf, selectFlow } from './prepare-run';
import type { PrepareDeps } from './prepare-run';

export interface ParityDeps extends PrepareDeps {
  pullerFor(engine: EnginePort): PullService;
  /** The bound on the registry's HEAD. */
  headTimeoutMs?: number;
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

function check(
  id: ParityCheck['id'],
  status: ParityCheck['status'],
  message: string,
  pull: string | null = null,
): ParityCheck {
  return { id, status, message, pull };
}

function platformOf(details: { os: string; architecture: string; variant?: string }): string {
  return [details.os, details.architecture, details.variant].filter(Boolean).join('/');
}

async function localImage(engine: EnginePort, reference: string): Promise<ImageDetails | null> {
  try {
    return await engine.inspectImage(reference);
  } catch (error) {
    const code = BerthError.from(error).code;
    if (code === 'engine.not_found') return null;
    throw error;
  }
}

/** The image checks: on the engine, its digest against the registry's, its platform. */
async function imageChecks(
  flow: FlowDefinition,
  reference: string,
  engine: EnginePort,
  deps: ParityDeps,
): Promise<ParityCheck[]> {
  const checks: ParityCheck[] = [];
  const local = await localImage(engine, reference);
  const policy = flow.pullPolicy;
  if (local) {
    checks.push(check('image', 'ok', `${reference} is on the engine (${short(local.id)}).`));
  } else {
    checks.push(
      check(
        'image',
        policy === 'NEVER' ? 'problem' : 'warning',
        policy === 'NEVER'
          ? `${reference} is not on the engine, and the pull policy is NEVER: the run would fail.`
          : `${reference} is not on the engine: the run pulls it first (pull policy ${policy}).`,
        reference,
      ),
    );
  }
  const ref = /^sha256:[0-9a-f]{64}$/.test(reference) ? null : pullReference(reference);
  if (ref === null) {
    checks.push(check('digest', 'ok', 'Run by image ID (a re-run): exactly the image that ran.'));
  } else if (ref.digest) {
    checks.push(check('digest', 'ok', `Pinned by digest ${short(ref.digest)}: it cannot drift.`));
  } else {
    const bound = AbortSignal.timeout(deps.headTimeoutMs ?? 5_000);
    const current = await deps
      .pullerFor(engine)
      .currentDigest(reference, bound)
      .catch(() => null);
    const mine = local ? repoDigestFor(local, ref, null) : null;
    if (current === null) {
      checks.push(
        check('digest', 'unknown', `The registry did not answer for ${reference}: not compared.`),
      );
    } else if (!local) {
      checks.push(check('digest', 'ok', `The registry has ${short(current)} for the tag.`));
    } else if (mine === current) {
      checks.push(
        check('digest', 'ok', `The local copy is the registry's current ${short(current)}.`),
      );
    } else {
      checks.push(
        check(
          'digest',
          'warning',
          mine
            ? `The local copy (${short(mine)}) is not the registry's current ${short(current)}: the worker would run the newer one.`
            : `The local copy was not pulled from the registry (built or tagged here); the registry has ${short(current)}.`,
          reference,
        ),
      );
    }
  }
  if (local) {
    const info = await engine.info().catch(() => null);
    if (info) {
      const engineArch = `${info.os}/${info.arch === 'x86_64' ? 'amd64' : info.arch === 'aarch64' ? 'arm64' : info.arch}`;
      const imagePlatform = platformOf(local);
      checks.push(
        imagePlatform.startsWith(engineArch)
          ? check('platform', 'ok', `${imagePlatform}, the engine's own platform.`)
          : check(
              'platform',
              'warning',
              `The image is for ${imagePlatform}, the engine is ${engineArch}: it would run under emulation (slower, and not what a ${imagePlatform} worker sees).`,
            ),
      );
    }
  }
  return checks;
}

/** Env the file leaves to the worker that the run does not give. */
function envCheck(flow: FlowDefinition, given: Record<string, string>): ParityCheck {
  const missing = missingEnv(flow, given);
  if (missing.length === 0) return check('env', 'ok', 'Every env value is resolved.');
  return check(
    'env',
    'problem',
    `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} left to the worker (${flow.file}): give ${missing.length > 1 ? 'them' : 'it'} for the run.`,
  );
}

/** The flow's own problems (an entrypoint not found), and an entrypoint found only from a subfolder. */
function entrypointCheck(flow: FlowDefinition, problems: string[]): ParityCheck {
  if (problems.length > 0) return check('entrypoint', 'problem', problems.join('; '));
  const subfolder = flow.warnings.find((w) => w.includes('prefect deploy must run in'));
  if (subfolder) return check('entrypoint', 'warning', subfolder);
  if (flow.entrypoint) {
    return check(
      'entrypoint',
      'ok',
      `${flow.entrypoint.path}:${flow.entrypoint.function} is found from the project folder, as the worker finds it.`,
    );
  }
  return check('entrypoint', 'ok', 'The command is run as written.');
}

export async function checkParity(input: RunStartInput, deps: ParityDeps): Promise<ParityReport> {
  const root = resolve(input.dir);
  const discovery = await discoverFlows(root, { env: deps.env });
  const flow = selectFlow(discovery.flows, input.flowId, root);
  const problems = problemsOf(flow, discovery).map((p) => p.message);
  const build = planBuild(flow, root, input);
  const engine = input.engine ? engineForContext(deps.env, input.engine) : deps.engine;
  const checks: ParityCheck[] = [];
  let reference = input.imageId ?? input.image ?? flow.image ?? '';
  if (build && !input.image && !input.imageId) {
    reference = build.reference;
    checks.push(
      check(
        'build',
        'ok',
        `The image is built from the project before the run (${flow.build?.from ?? 'its build step'}), as the deploy would build it.`,
      ),
    );
  } else {
    try {
      reference = /^sha256:[0-9a-f]{64}$/.test(reference)
        ? reference
        : referenceString(pullReference(reference));
      checks.push(
        ...(await imageChecks(
          { ...flow, pullPolicy: input.pullPolicy ?? flow.pullPolicy },
          reference,
          engine,
          deps,
        )),
      );
    } catch (error) {
      checks.push(check('image', 'problem', BerthError.from(error).message));
    }
  }
  checks.push(envCheck(flow, input.env ?? {}), entrypointCheck(flow, problems));
  return {
    flowId: flow.id,
    flowName: flow.name,
    reference,
    engine: engineLabel(engine, input.engine),
    checks,
  };
}
