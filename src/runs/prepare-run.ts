/**
 * Everything a run needs, checked before anything runs: the flow (by id or by name), its
 * parameters coerced to their types, the image reference, the engine, and the container
 * spec (which refuses a volume outside the project). Every failure here is the user's input,
 * so the CLI answers it with exit status 2.
 */
import { uniqueId } from '../shared/unique-id';
import { mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, posix, resolve } from 'node:path';
import type { EndpointEnv, EnginePort } from '../engine';
import { planBuild } from '../build';
import type { BuildPlan } from '../build';
import { discoverFlows, parseBytes, validateRunInputs, valohaiCommand } from '../flows';
import { pullReference } from '../pull';
import { BerthError } from '../shared/errors';
import { formatProblem } from '../shared/flows';
import type { DiscoveryResult, FlowDefinition, FlowProblem, PullPolicy } from '../shared/flows';
import { referenceString } from '../shared/reference';
import { GPUS_PATTERN } from '../shared/runs';
import type { RunStartInput } from '../shared/runs';
import { engineForContext, engineLabel } from './engine-choice';
import { containerSpec } from './run-spec';
import type { ContainerSpec, RunOptions, RunRequest } from './run-spec';

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
  /** The image build before the run (src/build); null when the run builds nothing. */
  build: BuildPlan | null;
  /** Re-run exactly: the past build's image ID, run as is (no build, no pull). */
  imageId: string | null;
  /** Where a Valohai step's /valohai/outputs lands on this machine; null for other flows. */
  outputsDir: string | null;
  /** False where the flow's stream_output is false: the output goes to the log only. */
  streamOutput: boolean;
  /** A Valohai step's input files by input name (absolute host paths). */
  inputs: Record<string, string[]>;
}

export interface PrepareDeps {
  env: EndpointEnv & Record<string, string | undefined>;
  /** The current engine, for runs that pick none. */
  engine: EnginePort;
  /** Berth's data dir: a Valohai run's outputs go under <dataDir>/runs/<id>/outputs. */
  dataDir?: string;
}

/** Valohai's folders inside an execution (docs.valohai.com, "Environment variables"). */
export const VALOHAI_DIRS = {
  repository: '/valohai/repository',
  inputs: '/valohai/inputs',
  outputs: '/valohai/outputs',
  config: '/valohai/config',
} as const;

/** The VH_* variables Valohai sets in every execution that a local run can honour. */
export function valohaiEnv(runId: string): Record<string, string> {
  return {
    VH_REPOSITORY_DIR: VALOHAI_DIRS.repository,
    VH_INPUTS_DIR: VALOHAI_DIRS.inputs,
    VH_OUTPUTS_DIR: VALOHAI_DIRS.outputs,
    VH_CONFIG_DIR: VALOHAI_DIRS.config,
    VH_JOB_ID: runId,
  };
}

/** Each picked file of each input as a read-only mount at /valohai/inputs/<name>/<file>. */
function inputBinds(
  flow: FlowDefinition,
  picked: Record<string, string[]>,
  root: string,
): { host: string; container: string; readOnly: boolean }[] {
  const byName = new Map((flow.inputs ?? []).map((input) => [input.name, input]));
  return Object.entries(picked).flatMap(([name, files]) => {
    const input = byName.get(name);
    if (!input) {
      throw new BerthError(
        'run.unknown_input',
        `${flow.name} has no input ${name}.`,
        byName.size > 0
          ? `Its inputs are: ${[...byName.keys()].join(', ')}.`
          : 'It takes no inputs.',
        { flow: flow.id, input: name },
      );
    }
    return files.map((file) => {
      const host = isAbsolute(file) ? file : resolve(root, file);
      const info = statSync(host, { throwIfNoEntry: false });
      if (!info?.isFile()) {
        throw new BerthError(
          'run.input_missing',
          `The file ${file} for input ${name} does not exist or is not a file.`,
          'Pick an existing file on this machine.',
          { flow: flow.id, input: name, file },
        );
      }
      const fileName = files.length === 1 && input.filename ? input.filename : basename(host);
      return {
        host,
        container: posix.join(VALOHAI_DIRS.inputs, name, fileName),
        readOnly: true,
      };
    });
  });
}

/** Env the file leaves to the worker and the run did not give: asked for, never passed as {{ }}. */
export function missingEnv(flow: FlowDefinition, given: Record<string, string>): string[] {
  const prefix = 'work_pool.job_variables.env.';
  return [
    ...new Set(
      flow.unresolved
        .filter((u) => u.where.startsWith(prefix))
        .map((u) => u.where.slice(prefix.length))
        .filter((name) => !(name in given) && !(name in flow.env)),
    ),
  ];
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
  const build = planBuild(found, root, input);
  const chosen = input.image ?? build?.reference;
  const flow = chosen ? { ...found, image: chosen } : found;
  const parameters = validateRunInputs(flow, {
    params: asParamStrings(input.parameters ?? {}),
    root,
  });
  const image = flow.image ?? '';
  // An image ID (a re-run of what ran) names one image on the engine: never pulled.
  const byId = /^sha256:[0-9a-f]{64}$/.test(image);
  let reference: string;
  try {
    reference = byId ? image : referenceString(pullReference(image));
  } catch (error) {
    throw badImage(flow.image ?? '', error);
  }
  const givenEnv = input.env ?? {};
  const missing = missingEnv(flow, givenEnv);
  if (missing.length > 0) {
    const first = flow.unresolved.find((u) => u.where.endsWith(`.env.${missing[0] ?? ''}`));
    throw new BerthError(
      'run.env_unresolved',
      `${flow.name} needs a value for ${missing.join(', ')}: ${flow.file} leaves ${missing.length > 1 ? 'them' : 'it'} to the worker (${first ? `${first.template}: ${first.why}` : 'a template'}).`,
      `Give ${missing.length > 1 ? 'them' : 'it'} for this run, e.g. --env ${missing[0] ?? 'NAME'}=<value>.`,
      { flow: flow.id, env: missing },
    );
  }
  const engine = input.engine ? engineForContext(deps.env, input.engine) : deps.engine;
  const runId = uniqueId();
  const command = commandOf(flow, parameters);
  const valohai = flow.kind === 'valohai-step';
  let outputsDir: string | null = null;
  const extraBinds = valohai ? inputBinds(flow, input.inputs ?? {}, root) : [];
  if (valohai) {
    outputsDir = join(deps.dataDir ?? join(tmpdir(), 'berth'), 'runs', runId, 'outputs');
    mkdirSync(outputsDir, { recursive: true, mode: 0o700 });
    extraBinds.push({ host: outputsDir, container: VALOHAI_DIRS.outputs, readOnly: false });
  }
  // A Prefect set_working_directory names where the worker finds the code: mount it there.
  const prefectDir =
    flow.kind === 'prefect-deployment' && flow.workingDir && posix.isAbsolute(flow.workingDir)
      ? flow.workingDir
      : null;
  // A prefect.yaml deployed from its own subfolder: that folder is what the working dir holds,
  // and the entrypoint is found from it.
  const codeDir = prefectDir && flow.codeDir ? flow.codeDir : null;
  const entrypoint =
    command.entrypoint && codeDir
      ? {
          ...command.entrypoint,
          path: posix.relative(codeDir, command.entrypoint.path),
          ...(command.entrypoint.importRoot !== undefined
            ? { importRoot: posix.relative(codeDir, command.entrypoint.importRoot) }
            : {}),
        }
      : command.entrypoint;
  const spec = containerSpec({
    runId,
    image: input.imageId ?? reference,
    projectDir: root,
    ...(codeDir ? { mountDir: join(root, codeDir) } : {}),
    ...(entrypoint ? { entrypoint } : {}),
    ...(command.command ? { command: command.command } : {}),
    env: { ...(valohai ? valohaiEnv(runId) : {}), ...flow.env, ...command.env, ...givenEnv },
    volumes: flow.volumes,
    workingDir: valohai ? VALOHAI_DIRS.repository : flow.workingDir,
    ...(valohai ? { projectMount: VALOHAI_DIRS.repository } : {}),
    ...(prefectDir ? { projectMount: prefectDir } : {}),
    extraBinds,
    autoRemove: flow.autoRemove,
    networkMode: flow.networkMode,
    platform: process.platform,
    container: flow.container,
    workerLabels: flow.workerLabels,
    options: runOptions(input),
  });
  return {
    runId,
    flow: found,
    projectDir: root,
    parameters,
    reference,
    pullPolicy: byId || input.imageId ? 'NEVER' : (input.pullPolicy ?? flow.pullPolicy),
    engine,
    engineName: engineLabel(engine, input.engine),
    engineContext: input.engine ?? null,
    spec,
    build,
    imageId: input.imageId ?? null,
    outputsDir,
    streamOutput: flow.container?.streamOutput ?? true,
    inputs: Object.fromEntries(
      Object.entries(input.inputs ?? {}).map(([name, files]) => [
        name,
        files.map((file) => resolve(root, file)),
      ]),
    ),
  };
}

/** The run's own GPUs, memory, network and init, checked (the contract already shaped them). */
function runOptions(input: RunStartInput): RunOptions {
  let memory: number | undefined;
  if (input.memory !== undefined) {
    const bytes = parseBytes(input.memory);
    // The engine refuses less than 6 MiB (moby daemon/daemon_unix.go linuxMinMemory).
    if (bytes === null || bytes < 6 * 1024 * 1024) {
      throw new BerthError(
        'run.invalid_memory',
        `Not a memory limit the engine accepts: ${input.memory}`,
        'Give at least 6m, as a number with b, k, m or g, e.g. 512m or 2g.',
        { memory: input.memory },
      );
    }
    memory = bytes;
  }
  if (input.gpus !== undefined && !GPUS_PATTERN.test(input.gpus)) {
    throw new BerthError(
      'run.invalid_gpus',
      `Not a GPU request: ${input.gpus}`,
      'Write it as docker run --gpus takes it: all, a count (2), or device=0,1.',
      { gpus: input.gpus },
    );
  }
  return {
    ...(input.gpus !== undefined ? { gpus: input.gpus } : {}),
    ...(memory !== undefined ? { memory } : {}),
    ...(input.network !== undefined ? { network: input.network } : {}),
    ...(input.init ? { init: true } : {}),
  };
}
