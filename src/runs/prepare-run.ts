/**
 * Everything a run needs, checked before anything runs: the flow (by id or by name), its
 * parameters coerced to their types, the image reference, the engine, and the container
 * spec (which refuses a volume outside the project). Every failure here is the user's input,
 * so the CLI answers it with exit status 2.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { EndpointEnv, EnginePort } from '../engine';
import { discoverFlows, validateRunInputs, valohaiCommand } from '../flows';
import { pullReference } from '../pull';
import { BerthError } from '../shared/errors';
import { formatProblem } from '../shared/flows';
import type { DiscoveryResult, FlowDefinition, FlowProblem, PullPolicy } from '../shared/flows';
import { referenceString } from '../shared/reference';
import type { RunStartInput } from '../shared/runs';
import { engineForContext, engineLabel } from './engine-choice';
import { containerSpec } from './run-spec';
import type { ContainerSpec, RunRequest } from './run-spec';

export interface PreparedRun {
  runId: string;
  flow: FlowDefinition;
  projectDir: string;
  /** Typed, as the flow receives them. */
  parameters: Record<string, unknown>;
  /** Canonical: docker.io/library/python:3.12. */
  reference: string;
  pullPolicy: PullPolicy;
  engine: EnginePort;
  /** As the ledger names it; a context name re-runs on that context. */
  engineName: string;
  /** The context picked for this run, if any. */
  engineContext: string | null;
  spec: ContainerSpec;
}

export interface PrepareDeps {
  env: EndpointEnv & Record<string, string | undefined>;
  /** The current engine, for runs that pick none. */
  engine: EnginePort;
}

/** The flow by its id, else by its name when only one flow has it. */
export function selectFlow(flows: FlowDefinition[], wanted: string, root: string): FlowDefinition {
  const byId = flows.find((flow) => flow.id === wanted);
  if (byId) return byId;
  const byName = flows.filter((flow) => flow.name === wanted);
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1) {
    throw new BerthError(
      'run.ambiguous_flow',
      `${byName.length} flows are named ${wanted} in ${root}.`,
      `Name one by its id: ${byName.map((flow) => flow.id).join(', ')}.`,
      { flow: wanted },
    );
  }
  const names = flows.map((flow) => flow.name);
  throw new BerthError(
    'run.unknown_flow',
    `No flow named ${wanted} in ${root}.`,
    names.length > 0
      ? `The flows there are: ${[...new Set(names)].join(', ')}.`
      : 'Berth found no flows there: run `berth flows` in that folder to see why.',
    { flow: wanted },
  );
}

/**
 * The problems discovery found inside a flow's definition: in its file, from its line to the
 * next flow's. Discovery drops what it refuses (a volume outside the project) and keeps the
 * flow, so running it anyway would run something other than what the file says.
 */
export function problemsOf(flow: FlowDefinition, discovery: DiscoveryResult): FlowProblem[] {
  const next = discovery.flows
    .filter((other) => other.file === flow.file && other.line > flow.line)
    .reduce((min, other) => Math.min(min, other.line), Number.POSITIVE_INFINITY);
  return discovery.problems.filter(
    (p) => p.file === flow.file && p.line >= flow.line && p.line < next,
  );
}

/** Values from a form or a past run as the strings `--param k=v` gives, for one coercion path. */
function asParamStrings(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

/**
 * What runs: Prefect entrypoints through the launcher; Valohai commands with the values in
 * their placeholders; berth.yaml commands as written, with each value as BERTH_PARAM_<NAME>.
 */
function commandOf(
  flow: FlowDefinition,
  parameters: Record<string, unknown>,
): Pick<RunRequest, 'entrypoint' | 'command'> & { env: Record<string, string> } {
  if (flow.entrypoint) return { entrypoint: { ...flow.entrypoint, parameters }, env: {} };
  if (flow.kind === 'valohai-step') return { command: valohaiCommand(flow, parameters), env: {} };
  const env = Object.fromEntries(
    Object.entries(parameters).map(([name, value]) => [
      `BERTH_PARAM_${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
  return { command: flow.command ?? [], env };
}

function badImage(image: string, error: unknown): BerthError {
  const message = error instanceof Error ? error.message : String(error);
  return new BerthError(
    'run.invalid_image',
    `Not an image reference: ${image} (${message})`,
    'Write it as docker does, e.g. python:3.12-slim or ghcr.io/org/app:v2.',
    { image },
  );
}

export async function prepareRun(input: RunStartInput, deps: PrepareDeps): Promise<PreparedRun> {
  const root = resolve(input.dir);
  const discovery = await discoverFlows(root, { env: deps.env });
  const found = selectFlow(discovery.flows, input.flowId, root);
  const problems = problemsOf(found, discovery);
  if (problems.length > 0) {
    throw new BerthError(
      'run.flow_has_problems',
      `${found.name} cannot run as written: ${problems.map(formatProblem).join('; ')}`,
      problems[0]?.hint ?? `Fix ${found.file}, then run again.`,
      { flow: found.id },
    );
  }
  const flow = input.image ? { ...found, image: input.image } : found;
  const parameters = validateRunInputs(flow, {
    params: asParamStrings(input.parameters ?? {}),
    root,
  });
  const image = flow.image ?? '';
  let reference: string;
  try {
    reference = referenceString(pullReference(image));
  } catch (error) {
    throw badImage(image, error);
  }
  const engine = input.engine ? engineForContext(deps.env, input.engine) : deps.engine;
  const runId = randomUUID();
  const command = commandOf(flow, parameters);
  const spec = containerSpec({
    runId,
    image: reference,
    projectDir: root,
    ...(command.entrypoint ? { entrypoint: command.entrypoint } : {}),
    ...(command.command ? { command: command.command } : {}),
    env: { ...flow.env, ...command.env },
    volumes: flow.volumes,
    workingDir: flow.workingDir,
    autoRemove: flow.autoRemove,
    networkMode: flow.networkMode,
    platform: process.platform,
  });
  return {
    runId,
    flow: found,
    projectDir: root,
    parameters,
    reference,
    pullPolicy: input.pullPolicy ?? flow.pullPolicy,
    engine,
    engineName: engineLabel(engine, input.engine),
    engineContext: input.engine ?? null,
    spec,
  };
}
