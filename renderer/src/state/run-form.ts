/**
 * The form before a run: parameter texts, the image (the flow's own or another), the pull
 * policy and the engine; for a flow whose image is built first, the build mode and its tag. Pure: the store keeps a RunForm, the screen shows formProblems, and
 * runRequest turns a form with no problems into runs.start's request.
 */
import type { BuildMode } from '../../../src/shared/build';
import type { FlowDefinition, PullPolicy } from '../../../src/shared/flows';
import { PREFECT_IMAGE_TAGS } from '../../../src/shared/flows';
import { GPUS_PATTERN } from '../../../src/shared/runs';
import type { RunStart } from '../../../src/shared/runs';
import { referenceProblem } from './doctor-input';
import { defaultText, parameterProblem } from './parameter-input';

export interface RunForm {
  flowId: string;
  /** The text of each parameter field, by name. */
  values: Record<string, string>;
  /** 'flow' runs the flow's image; 'other' runs `image`. */
  imageSource: 'flow' | 'other';
  image: string;
  pullPolicy: PullPolicy;
  /** A docker context name; '' for the current engine. */
  engine: string;
  /** Values for the env the file leaves to the worker (askedEnv), by name. */
  env: Record<string, string>;
  /** A flow whose file names a build: build if the context changed, always, or never. */
  build: BuildMode;
  /** The tag to build with ('' for the file's own): required where the file's is a template. */
  buildTag: string;
  /** A local file path per Valohai input, by input name ('' for none). */
  inputs: Record<string, string>;
  /** Run options: `--gpus`, `--memory`, `--network` ('' for the flow's own) and `--init`. */
  gpus: string;
  memory: string;
  network: string;
  init: boolean;
}

export interface FormProblems {
  /** By parameter name. */
  parameters: Record<string, string>;
  /** By env name. */
  env: Record<string, string>;
  image?: string;
  buildTag?: string;
  gpus?: string;
  memory?: string;
}

export const PREFECT_IMAGES: readonly { reference: string; description: string }[] =
  PREFECT_IMAGE_TAGS.map(({ tag, description }) => ({
    reference: `prefecthq/prefect:${tag}`,
    description,
  }));

export function isPrefect(flow: FlowDefinition): boolean {
  return flow.kind === 'prefect-deployment' || flow.kind === 'prefect-flow';
}

/** The flow's image cannot run as written: none, or a `{{ }}` template Berth did not fill. */
export function imageUnusable(flow: FlowDefinition): boolean {
  if (flow.build) return false; // built before the run, tagged then
  return flow.image === null || flow.image.includes('{{');
}

const ENV_WHERE = 'work_pool.job_variables.env.';

/**
 * Env variables whose value the file leaves to the worker (a `{{ $VAR }}`, a block, a
 * variable): never passed as the template, so the form asks for each, with the reason.
 */
export function askedEnv(flow: FlowDefinition): { name: string; template: string; why: string }[] {
  const seen = new Set<string>();
  return flow.unresolved.flatMap((u) => {
    if (!u.where.startsWith(ENV_WHERE)) return [];
    const name = u.where.slice(ENV_WHERE.length);
    if (seen.has(name) || name in flow.env) return [];
    seen.add(name);
    return [{ name, template: u.template, why: u.why }];
  });
}

export function initialForm(flow: FlowDefinition): RunForm {
  return {
    flowId: flow.id,
    values: Object.fromEntries(flow.parameters.map((p) => [p.name, defaultText(p)])),
    imageSource: imageUnusable(flow) ? 'other' : 'flow',
    image: '',
    pullPolicy: flow.pullPolicy,
    engine: '',
    env: Object.fromEntries(askedEnv(flow).map((e) => [e.name, ''])),
    build: 'auto',
    buildTag: '',
    inputs: Object.fromEntries((flow.inputs ?? []).map((i) => [i.name, ''])),
    gpus: '',
    memory: '',
    network: '',
    init: false,
  };
}

/** The flow's image is built first: it names a build and the form runs the flow's image. */
export function buildsImage(flow: FlowDefinition, form: RunForm): boolean {
  return flow.build !== undefined && form.imageSource === 'flow';
}

/** A docker tag (distribution/reference's tag grammar): [\w][\w.-]{0,127}. */
const TAG = /^[\w][\w.-]{0,127}$/;

function buildTagProblem(flow: FlowDefinition, form: RunForm): string | undefined {
  if (!flow.build || !buildsImage(flow, form)) return undefined;
  const tag = form.buildTag.trim();
  if (tag === '') {
    return flow.build.tagUnresolved
      ? `Give the tag to build ${flow.build.imageName} with: ${flow.build.tagUnresolved}.`
      : undefined;
  }
  return TAG.test(tag)
    ? undefined
    : 'A tag is letters, digits, _ . and -, at most 128, not starting with . or -.';
}

/**
 * The same form after discovery read the flow again (an edit on disk): what was typed for
 * parameters that still exist is kept; new ones start at their defaults.
 */
export function reconcileForm(form: RunForm, flow: FlowDefinition): RunForm {
  const fresh = initialForm(flow);
  const values = Object.fromEntries(
    flow.parameters.map((p) => [p.name, form.values[p.name] ?? defaultText(p)]),
  );
  const imageSource = imageUnusable(flow) ? 'other' : form.imageSource;
  const env = Object.fromEntries(
    Object.keys(fresh.env).map((name) => [name, form.env[name] ?? '']),
  );
  const inputs = Object.fromEntries(
    Object.keys(fresh.inputs).map((name) => [name, form.inputs[name] ?? '']),
  );
  return {
    ...fresh,
    values,
    imageSource,
    image: form.image,
    engine: form.engine,
    env,
    build: form.build,
    buildTag: form.buildTag,
    inputs,
    gpus: form.gpus,
    memory: form.memory,
    network: form.network,
    init: form.init,
  };
}

export function formProblems(flow: FlowDefinition, form: RunForm): FormProblems {
  const parameters: Record<string, string> = {};
  for (const parameter of flow.parameters) {
    const problem = parameterProblem(parameter, form.values[parameter.name] ?? '');
    if (problem) parameters[parameter.name] = problem;
  }
  const env: Record<string, string> = {};
  for (const asked of askedEnv(flow)) {
    if ((form.env[asked.name] ?? '') === '') env[asked.name] = `Give a value: ${asked.why}.`;
  }
  const problems: FormProblems = { parameters, env };
  const buildTag = buildTagProblem(flow, form);
  if (buildTag) problems.buildTag = buildTag;
  if (form.gpus.trim() !== '' && !GPUS_PATTERN.test(form.gpus.trim())) {
    problems.gpus = 'Write it as docker run --gpus takes it: all, a count (2), or device=0,1.';
  }
  if (form.memory.trim() !== '' && !/^\d+(\.\d+)?[bkmgBKMG]?$/.test(form.memory.trim())) {
    problems.memory = 'A number with b, k, m or g, e.g. 512m or 2g.';
  }
  if (form.imageSource === 'other') {
    const image = form.image.trim();
    if (image === '' && imageUnusable(flow)) {
      problems.image =
        flow.image === null
          ? 'This flow names no image: pick one to run it in.'
          : `The flow's image is ${flow.image}, which Berth cannot fill in here: pick an image to run it in.`;
    } else {
      const problem = referenceProblem(image);
      if (problem) problems.image = problem.message;
    }
  }
  return problems;
}

export function hasProblems(problems: FormProblems): boolean {
  return (
    problems.image !== undefined ||
    problems.buildTag !== undefined ||
    problems.gpus !== undefined ||
    problems.memory !== undefined ||
    Object.keys(problems.parameters).length > 0 ||
    Object.keys(problems.env).length > 0
  );
}

/**
 * runs.start's request. Only parameters whose text differs from the default are sent (as
 * text, which the core coerces with the same rules), so an untouched one keeps the flow's
 * own default exactly. The image, pull policy and engine are sent only when they override.
 */
export function runRequest(dir: string, flow: FlowDefinition, form: RunForm): RunStart {
  const parameters: Record<string, string> = {};
  for (const parameter of flow.parameters) {
    const text = form.values[parameter.name] ?? '';
    if (text.trim() !== '' && text !== defaultText(parameter)) parameters[parameter.name] = text;
  }
  return {
    dir,
    flowId: flow.id,
    parameters,
    ...(form.imageSource === 'other' && form.image.trim() ? { image: form.image.trim() } : {}),
    ...(form.pullPolicy !== flow.pullPolicy ? { pullPolicy: form.pullPolicy } : {}),
    ...(form.engine ? { engine: form.engine } : {}),
    ...(Object.keys(form.env).length > 0 ? { env: { ...form.env } } : {}),
    ...(buildsImage(flow, form) && form.build !== 'auto' ? { build: form.build } : {}),
    ...(buildsImage(flow, form) && form.buildTag.trim() ? { buildTag: form.buildTag.trim() } : {}),
    ...inputsOf(form),
    ...(form.gpus.trim() ? { gpus: form.gpus.trim() } : {}),
    ...(form.memory.trim() ? { memory: form.memory.trim() } : {}),
    ...(form.network.trim() ? { network: form.network.trim() } : {}),
    ...(form.init ? { init: true } : {}),
  };
}

/** The Valohai input files picked, each as a one-file list (runs.start's shape). */
function inputsOf(form: RunForm): Pick<RunStart, 'inputs'> {
  const picked = Object.entries(form.inputs).filter(([, path]) => path.trim() !== '');
  return picked.length > 0
    ? { inputs: Object.fromEntries(picked.map(([name, path]) => [name, [path.trim()]])) }
    : {};
}
