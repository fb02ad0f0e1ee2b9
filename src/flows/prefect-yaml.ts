/**
 * prefect.yaml deployments as local flows. The shape (Prefect 3,
 * docs/v3/how-to-guides/deployments/prefect-yaml.mdx): top-level `build`, `push`, `pull`
 * step lists and `deployments`, each with `name`, `entrypoint` (path/file.py:function),
 * `parameters` and `work_pool.job_variables`; a deployment's own `build` / `push` / `pull`
 * replace the top-level ones. For a Docker work pool the job variables are those of
 * prefect_docker's DockerWorkerJobConfiguration: image, env, volumes, image_pull_policy,
 * auto_remove, network_mode, and more that a local run does not apply.
 */
import { dirname, join } from 'node:path';
import type { FlowBuild } from '../shared/build';
import { PREFECT_DEFAULT_IMAGE, flowId } from '../shared/flows';
import type {
  FlowDefinition,
  FlowParameter,
  FlowProblem,
  FlowVolume,
  PullPolicy,
  UnresolvedTemplate,
} from '../shared/flows';
import { imageProblem, insideRoot, parsePullPolicy, parseVolume } from './flow-checks';
import { dockerBuildOf, steps, stepOutputs } from './prefect-steps';
import type { Step } from './prefect-steps';
import { TemplateScope, resolveTemplates } from './prefect-templates';
import { signatureNotes } from './python-flows';
import type { PythonFunction, PythonModule } from './python-flows';
import { isRecord } from './yaml-document';
import type { YamlFile, YamlPath } from './yaml-document';

export interface PrefectYamlContext {
  /** Absolute project root. */
  root: string;
  env: Record<string, string | undefined>;
  /** A module by its path relative to the root; null when there is no such file. */
  readModule(path: string): Promise<PythonModule | null>;
}

/** Job variables a local run applies; any other is named in a warning. */
const APPLIED_JOB_VARIABLES = [
  'image',
  'env',
  'volumes',
  'image_pull_policy',
  'auto_remove',
  'network_mode',
];

const ENTRYPOINT = /^(.+\.py):([\p{L}_][\p{L}\p{N}_]*)$/u;

type Report = (path: YamlPath, message: string, hint?: string | null) => void;

/** What one deployment accumulates while it is read. */
interface Draft {
  at: (...path: (string | number)[]) => YamlPath;
  scope: TemplateScope;
  unresolved: UnresolvedTemplate[];
  warnings: string[];
  problem: Report;
}

export async function prefectYamlFlows(
  yaml: YamlFile,
  context: PrefectYamlContext,
): Promise<{ flows: FlowDefinition[]; problems: FlowProblem[] }> {
  const flows: FlowDefinition[] = [];
  const problems: FlowProblem[] = [];
  const problem: Report = (path, message, hint = null) =>
    problems.push({ file: yaml.file, line: yaml.lineOf(path), message, hint });
  const top = isRecord(yaml.data) ? yaml.data : {};
  const deployments = top.deployments ?? [];
  if (!Array.isArray(deployments)) {
    problem(['deployments'], 'deployments must be a list');
    return { flows, problems };
  }
  const yamlDir = dirname(join(context.root, yaml.file));
  for (const [index, deployment] of deployments.entries()) {
    const at = (...path: (string | number)[]): YamlPath => ['deployments', index, ...path];
    if (!isRecord(deployment)) {
      problem(at(), 'each deployment must be a map with a name and an entrypoint');
      continue;
    }
    if (typeof deployment.name !== 'string' || deployment.name === '') {
      problem(at(), 'deployment has no name', 'Give every deployment a unique name.');
      continue;
    }
    const name = deployment.name;
    const entry = deployment.entrypoint;
    const parts = typeof entry === 'string' ? ENTRYPOINT.exec(entry) : null;
    if (!parts?.[1] || !parts[2]) {
      problem(
        at(entry === undefined ? 'name' : 'entrypoint'),
        `deployment ${name}: entrypoint ${JSON.stringify(entry ?? null)} is not path/to/file.py:function`,
        'Write the entrypoint as a path relative to prefect.yaml, a colon and the flow function.',
      );
      continue;
    }
    const [, filePath, functionName] = parts;
    const draft: Draft = {
      at,
      scope: new TemplateScope(context.env),
      unresolved: [],
      warnings: [],
      problem,
    };

    // The entrypoint: a file inside the project, with the function in it.
    const path = insideRoot(context.root, join(yamlDir, filePath));
    let fn: PythonFunction | null = null;
    if (path === null) {
      problem(at('entrypoint'), `entrypoint ${entry} — ${filePath} is outside the project folder`);
    } else {
      const module = await context.readModule(path);
      if (!module) {
        problem(at('entrypoint'), `entrypoint ${entry} — ${filePath} does not exist`);
      } else if (!module.names.has(functionName)) {
        problem(
          at('entrypoint'),
          `entrypoint ${entry} — ${filePath} has no function ${functionName}`,
        );
      } else {
        fn = module.functions.get(functionName) ?? null;
      }
    }

    // Build and push steps first, in order, so that templates can use their outputs.
    const section = (key: 'build' | 'push' | 'pull'): Step[] =>
      key in deployment ? steps(deployment[key], at(key)) : steps(top[key], [key]);
    const buildSteps = section('build');
    for (const step of [...buildSteps, ...section('push')]) {
      draft.scope.addStepOutputs(step.id, stepOutputs(step, draft.scope));
    }
    const workingDir = pullSteps(section('pull'), draft);
    const workPool = isRecord(deployment.work_pool) ? deployment.work_pool : {};
    const jobVariables = isRecord(workPool.job_variables) ? workPool.job_variables : {};
    const job = readJobVariables(jobVariables, buildSteps, yamlDir, context.root, draft);
    const given = resolveTemplates(
      deployment.parameters ?? {},
      'parameters',
      draft.scope,
      draft.unresolved,
    );
    const values = isRecord(given.value) ? given.value : {};

    flows.push({
      id: flowId('prefect-deployment', yaml.file, name),
      kind: 'prefect-deployment',
      name,
      file: yaml.file,
      line: yaml.lineOf(at()),
      ...job,
      command: null,
      entrypoint: { path: path ?? filePath, function: functionName },
      parameters: deploymentParameters(fn, values, draft.warnings),
      workingDir,
      unresolved: draft.unresolved,
      warnings: draft.warnings,
    });
  }
  return { flows, problems };
}

/** Pull steps prepare code on a worker; locally the opened folder is the code. */
function pullSteps(pull: Step[], draft: Draft): string | null {
  let workingDir: string | null = null;
  for (const step of pull) {
    if (step.short === 'set_working_directory') {
      const where = 'pull.set_working_directory.directory';
      const dir = resolveTemplates(
        step.inputs.directory,
        where,
        draft.scope,
        draft.unresolved,
      ).value;
      if (typeof dir === 'string') workingDir = dir;
      draft.warnings.push(
        `pull step set_working_directory sets the working directory to ${String(dir)}; the code itself comes from the opened folder, not from the image.`,
      );
    } else if (step.short === 'git_clone') {
      const repo = typeof step.inputs.repository === 'string' ? ` ${step.inputs.repository}` : '';
      draft.warnings.push(
        `pull step git_clone${repo} is not run: locally the opened folder is used instead.`,
      );
    } else {
      draft.warnings.push(`pull step ${step.fqn} is not run locally.`);
    }
    draft.scope.addStepOutputs(step.id, {});
  }
  return workingDir;
}

type JobSettings = Pick<
  FlowDefinition,
  'image' | 'imageFrom' | 'env' | 'volumes' | 'pullPolicy' | 'autoRemove' | 'networkMode' | 'build'
>;

function readJobVariables(
  jobVariables: Record<string, unknown>,
  buildSteps: Step[],
  yamlDir: string,
  root: string,
  draft: Draft,
): JobSettings {
  const { scope, unresolved, warnings, problem } = draft;
  const jv = (key: string) =>
    resolveTemplates(jobVariables[key], `work_pool.job_variables.${key}`, scope, unresolved);
  const at = (...path: (string | number)[]) => draft.at('work_pool', 'job_variables', ...path);
  const ignored = Object.keys(jobVariables).filter((k) => !APPLIED_JOB_VARIABLES.includes(k));
  if (ignored.length > 0) {
    const verb = ignored.length > 1 ? 'are' : 'is';
    warnings.push(`job_variables ${ignored.join(', ')} ${verb} not applied to a local run.`);
  }

  // The image: job_variables.image, else the image a build step makes, else Prefect's default.
  let image: string | null;
  let imageFrom: string;
  let imagePath = at('image');
  const builder = buildSteps.find((s) => s.short === 'build_docker_image');
  if (jobVariables.image !== undefined && jobVariables.image !== null) {
    const resolved = jv('image');
    image = typeof resolved.value === 'string' ? resolved.value : null;
    if (image === null) problem(imagePath, 'work_pool.job_variables.image must be a string');
    imageFrom = resolved.steps[0]
      ? `build step ${resolved.steps[0]}`
      : 'work_pool.job_variables.image';
  } else if (builder) {
    const template = builder.id ? `{{ ${builder.id}.image }}` : '{{ image }}';
    const resolved = resolveTemplates(template, 'work_pool.job_variables.image', scope, unresolved);
    image = typeof resolved.value === 'string' ? resolved.value : template;
    imageFrom = `build step ${builder.id ?? builder.short}`;
    imagePath = [...builder.path, builder.fqn, 'image_name'];
    warnings.push(
      `work_pool.job_variables.image is not set: the image built by ${imageFrom} is assumed.`,
    );
  } else {
    image = PREFECT_DEFAULT_IMAGE;
    imageFrom = 'default image';
    warnings.push(
      `No image is set: the flow runs in ${PREFECT_DEFAULT_IMAGE}, as Prefect's Docker worker does.`,
    );
  }
  // The step whose image runs (by the id job_variables.image names, else the first) is built
  // before the run, as prefect deploy builds it.
  const usedStep = imageFrom.startsWith('build step')
    ? (buildSteps.find(
        (s) => s.short === 'build_docker_image' && `build step ${s.id ?? s.short}` === imageFrom,
      ) ?? builder)
    : undefined;
  let build: FlowBuild | undefined;
  if (usedStep) {
    const found = dockerBuildOf(usedStep, scope, unresolved);
    warnings.push(...found.warnings);
    if (found.build) {
      build = found.build;
      warnings.push(
        `The image is built by ${found.build.from} from ${found.build.dockerfile === 'auto' ? 'a generated Dockerfile (dockerfile: auto)' : found.build.dockerfile}: Berth builds it before the run, unless one from the same context is already built.`,
      );
    }
  }
  const badImage = image === null ? null : imageProblem(image);
  if (badImage) problem(imagePath, badImage.message, badImage.hint);

  // env is dict[str, str | None] in Prefect's Docker worker.
  const env: Record<string, string> = {};
  const envValue = jv('env').value;
  if (isRecord(envValue)) {
    for (const [key, value] of Object.entries(envValue)) {
      if (value === null || value === undefined) continue;
      env[key] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  } else if (envValue !== undefined && envValue !== null) {
    problem(at('env'), 'work_pool.job_variables.env must be a map of names to values');
  }

  const volumes: FlowVolume[] = [];
  const volumeList = jv('volumes').value;
  if (Array.isArray(volumeList)) {
    volumeList.forEach((spec, j) => {
      const result = parseVolume(spec, root, yamlDir);
      if ('volume' in result) volumes.push(result.volume);
      else if ('skipped' in result) warnings.push(result.skipped);
      else problem(at('volumes', j), result.problem, result.hint);
    });
  } else if (volumeList !== undefined && volumeList !== null) {
    problem(
      at('volumes'),
      'work_pool.job_variables.volumes must be a list of host:container strings',
    );
  }

  let pullPolicy: PullPolicy = 'IF_NOT_PRESENT';
  const policyValue = jv('image_pull_policy').value;
  if (policyValue !== undefined && policyValue !== null) {
    const parsed = parsePullPolicy(policyValue);
    if (parsed.policy === null) {
      problem(at('image_pull_policy'), parsed.problem, 'Use Always, IfNotPresent or Never.');
    } else {
      pullPolicy = parsed.policy;
      if (parsed.note) warnings.push(parsed.note);
    }
  }

  const autoRemove = jv('auto_remove').value;
  if (autoRemove !== undefined && autoRemove !== null && typeof autoRemove !== 'boolean') {
    problem(at('auto_remove'), 'work_pool.job_variables.auto_remove must be true or false');
  }
  const network = jv('network_mode').value;
  return {
    image,
    imageFrom,
    env,
    volumes,
    pullPolicy,
    autoRemove: autoRemove === true,
    networkMode: typeof network === 'string' && network !== '' ? network : null,
    ...(build ? { build } : {}),
  };
}

/** The function's signature, with the deployment's values as its defaults. */
function deploymentParameters(
  fn: PythonFunction | null,
  values: Record<string, unknown>,
  warnings: string[],
): FlowParameter[] {
  if (!fn) {
    return Object.entries(values).map(([name, value]) => ({
      name,
      default: value,
      type: null,
      required: false,
    }));
  }
  const parameters = fn.parameters.map((p) =>
    p.name in values ? { ...p, default: values[p.name], required: false } : p,
  );
  warnings.push(...signatureNotes(fn, new Set(Object.keys(values))));
  for (const [name, value] of Object.entries(values)) {
    if (fn.parameters.some((p) => p.name === name)) continue;
    if (fn.kwargs) parameters.push({ name, default: value, type: null, required: false });
    else warnings.push(`parameters.${name} is not a parameter of ${fn.name}: it is left out.`);
  }
  return parameters;
}
