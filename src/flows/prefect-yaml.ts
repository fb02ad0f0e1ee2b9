/**
 * prefect.yaml deployments as local flows. The shape (Prefect 3,
 * docs/v3/how-to-guides/deployments/prefect-yaml.mdx): top-level `build`, `push`, `pull`
 * step lists and `deployments`, each with `name`, `entrypoint` (path/file.py:function),
 * `parameters` and `work_pool.job_variables`; a deployment's own `build` / `push` / `pull`
 * replace the top-level ones. For a Docker work pool the job variables are those of
 * prefect_docker's DockerWorkerJobConfiguration: image, env, volumes, image_pull_policy,
 * auto_remove, network_mode, and more that a local run does not apply.
 */
import { dirname, join, posix } from 'node:path';
import type { FlowBuild } from '../shared/build';
import { flowId, prefectDefaultImage } from '../shared/flows';
import type {
  FlowDefinition,
  FlowParameter,
  FlowProblem,
  FlowVolume,
  PullPolicy,
  UnresolvedTemplate,
} from '../shared/flows';
import { prefectWorkerLabels, readContainerOptions } from './prefect-container';
import { hasTemplate, imageProblem, parseVolume } from './flow-checks';
import { parsePullPolicy } from '../shared/flows';
import { dockerBuildOf, steps, stepOutputs } from './prefect-steps';
import type { Step } from './prefect-steps';
import { TemplateScope, envCanFill, resolveTemplates } from './prefect-templates';
import { signatureNotes } from './python-flows';
import type { PythonFunction, PythonModule } from './python-flows';
import { locateEntrypoints, parseEntrypoint } from './prefect-entrypoint';
import type { EntryTarget, Located } from './prefect-entrypoint';
import { isRecord } from './yaml-document';
import type { YamlFile, YamlPath } from './yaml-document';
import {
  DEPLOYMENT_FIELDS,
  PREFECT_VALIDATES_SINCE,
  prefectModelErrors,
  prefectValidates,
} from './prefect-yaml-model';

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
  'command',
  'networks',
  'mem_limit',
  'memswap_limit',
  'privileged',
  'labels',
  'stream_output',
];

/**
 * Every job variable of prefect-docker's DockerWorkerJobConfiguration (prefect_docker/worker.py)
 * and its BaseJobConfiguration (command, env, labels, name): written directly under a
 * deployment or its work_pool, Prefect ignores them.
 */
const DOCKER_JOB_VARIABLES = new Set([
  ...APPLIED_JOB_VARIABLES,
  'name',
  'registry_credentials',
  'container_create_kwargs',
]);

/** Keys of a deployment in prefect.yaml (prefect/cli/deploy, DeploymentConfig). */
const MISPLACED_UNDER_DEPLOYMENT = new Set([
  ...DOCKER_JOB_VARIABLES,
  'job_variables',
  'working_dir',
]);
MISPLACED_UNDER_DEPLOYMENT.delete('name');
const WORK_POOL_KEYS = new Set(['name', 'work_queue_name', 'job_variables', 'type']);

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
  if (yaml.data === null || yaml.data === undefined) {
    problem(
      [],
      `${yaml.file} is empty: it defines no deployments`,
      'Run `prefect init`, or add a deployments list.',
    );
    return { flows, problems };
  }
  if (!isRecord(yaml.data)) {
    problem(
      [],
      `${yaml.file} must be a map with a deployments list; it is ${describe(yaml.data)}`,
      'Start the file with keys such as name:, prefect-version: and deployments:.',
    );
    return { flows, problems };
  }
  const top = yaml.data;
  const invalid = prefectModelErrors(top);
  const pinned = top['prefect-version'];
  if (invalid.length > 0 && prefectValidates(pinned)) {
    for (const error of invalid) {
      problem(
        error.path,
        `${error.message}: Prefect ${PREFECT_VALIDATES_SINCE} and later skip this whole file ("Skipping deployment configuration due to validation errors"), so prefect deploy deploys none of its deployments`,
        `Fix it; if you deploy with an older Prefect, say so with prefect-version: (e.g. "3.1.0").`,
      );
    }
    return { flows, problems };
  }
  const olderOnly =
    invalid[0] !== undefined
      ? `Prefect ${PREFECT_VALIDATES_SINCE} and later would skip this whole file (line ${yaml.lineOf(invalid[0].path)}: ${invalid[0].message}); prefect-version ${String(pinned)} still reads it.`
      : null;
  const deployments = top.deployments ?? [];
  if (!Array.isArray(deployments)) {
    problem(['deployments'], 'deployments must be a list');
    return { flows, problems };
  }
  const yamlDir = dirname(join(context.root, yaml.file));
  const read: { flow: FlowDefinition; entry: string; index: number }[] = [];
  const atOf =
    (index: number) =>
    (...path: (string | number)[]): YamlPath => ['deployments', index, ...path];
  const checkedAll = deployments.flatMap((deployment, index) => {
    const checked = checkDeployment(deployment, index, atOf(index), problem);
    return checked ? [{ checked, index }] : [];
  });
  // prefect deploy --all runs in one folder: the entrypoints are located together.
  const locatedAll = await locateEntrypoints(
    checkedAll.map((c) => c.checked),
    yaml.file,
    context,
  );
  for (const [i, { checked, index }] of checkedAll.entries()) {
    const at = atOf(index);
    const located = locatedAll[i];
    if (!located) continue;
    const draft: Draft = {
      at,
      scope: new TemplateScope(context.env),
      unresolved: [],
      warnings: olderOnly ? [olderOnly] : [],
      problem,
    };
    const flow = readDeployment(yaml, context, { top, yamlDir }, { checked, located }, draft);
    read.push({ flow, entry: checked.entry, index });
  }
  flows.push(...latestOfEachName(read, yaml));
  return { flows, problems };
}

/**
 * prefect deploy --all deploys the deployments in order, and a deployment is the flow's by its
 * name: a second one with the name of an earlier one for the same entrypoint updates it
 * (prefect/cli/deploy/_core.py `_run_multi_deploy`, then the client's create_deployment,
 * an upsert by flow and name). So the later one is what runs; the earlier is left out.
 */
function latestOfEachName(
  read: { flow: FlowDefinition; entry: string; index: number }[],
  yaml: YamlFile,
): FlowDefinition[] {
  const last = new Map<string, (typeof read)[number]>();
  for (const r of read) last.set(`${r.flow.name}\u0000${r.entry}`, r);
  return read.flatMap((r) => {
    const kept = last.get(`${r.flow.name}\u0000${r.entry}`);
    if (kept === r) return [r.flow];
    kept?.flow.warnings.push(
      `deployment ${r.flow.name} is also written at line ${yaml.lineOf(['deployments', r.index])} for the same entrypoint: prefect deploy --all deploys both in turn, so this later one replaces it.`,
    );
    return [];
  });
}

/** A deployment with a name and an entrypoint of a shape Prefect loads. */
interface CheckedDeployment extends EntryTarget {
  deployment: Record<string, unknown>;
  name: string;
  entry: string;
}

/** The checks prefect deploy makes before it reads a deployment; null (with a problem) if one fails. */
function checkDeployment(
  deployment: unknown,
  index: number,
  at: Draft['at'],
  problem: Report,
): CheckedDeployment | null {
  if (!isRecord(deployment)) {
    problem(at(), 'each deployment must be a map with a name and an entrypoint');
    return null;
  }
  if (typeof deployment.name !== 'string' || deployment.name === '') {
    // prefect deploy --all skips it too ("Discovered unnamed deployment. Skipping...").
    problem(
      at(),
      `deployment ${index + 1} has no name: prefect deploy skips it`,
      'Give every deployment a unique name.',
    );
    return null;
  }
  const name = deployment.name;
  const entry = deployment.entrypoint;
  if (typeof entry === 'string' && entry.includes('\\')) {
    problem(
      at('entrypoint'),
      `deployment ${name}: entrypoint ${entry} uses \\ separators: a Linux worker would not find the file`,
      `Write it with /, e.g. ${entry.replace(/\\/g, '/')}.`,
    );
    return null;
  }
  const target = typeof entry === 'string' ? parseEntrypoint(entry) : null;
  if (typeof entry !== 'string' || target === null) {
    problem(
      at(entry === undefined ? 'name' : 'entrypoint'),
      `deployment ${name}: entrypoint ${JSON.stringify(entry ?? null)} is neither path/to/file.py:function nor a module path (package.module.function)`,
      'Write the entrypoint as a path relative to where prefect deploy runs, a colon and the flow function, or as the dotted module path of the function.',
    );
    return null;
  }
  return { deployment, name, entry, ...target };
}

/** The entrypoint: a file inside the project, with the function in it; null when not found. */
function entryFunction(
  located: Located,
  { entry, functionName, module: moduleName }: CheckedDeployment,
  draft: Draft,
): PythonFunction | null {
  const { at, problem } = draft;
  // A module is shown by the file its import found; a script as written.
  const filePath = moduleName !== null && located.path !== null ? located.path : located.shown;
  if (located.path === null) {
    problem(at('entrypoint'), `entrypoint ${entry} — ${filePath} is outside the project folder`);
    return null;
  }
  const module = located.module;
  if (!module) {
    problem(
      at('entrypoint'),
      moduleName !== null
        ? `entrypoint ${entry} — module ${moduleName} is not found: ${located.looked ?? ''}`
        : `entrypoint ${entry} — ${filePath} does not exist`,
      moduleName !== null
        ? 'Prefect imports it by name, from the folder prefect deploy runs in or an installed package: put the package in the project, or write path/to/file.py:function.'
        : `Prefect reads the entrypoint from the folder prefect deploy runs in (${located.looked ?? 'the project folder'}).`,
    );
    return null;
  }
  if (!module.names.has(functionName)) {
    problem(at('entrypoint'), `entrypoint ${entry} — ${filePath} has no function ${functionName}`);
    return null;
  }
  return module.functions.get(functionName) ?? null;
}

/** One deployment as a flow: its entrypoint, steps, job variables and parameters. */
function readDeployment(
  yaml: YamlFile,
  context: PrefectYamlContext,
  { top, yamlDir }: { top: Record<string, unknown>; yamlDir: string },
  { checked, located }: { checked: CheckedDeployment; located: Located },
  draft: Draft,
): FlowDefinition {
  const { deployment, name, functionName } = checked;
  const { at } = draft;
  draft.warnings.push(...located.notes);
  const fn = entryFunction(located, checked, draft);

  // Build and push steps first, in order, so that templates can use their outputs.
  const section = (key: 'build' | 'push' | 'pull'): Step[] =>
    key in deployment ? steps(deployment[key], at(key)) : steps(top[key], [key]);
  for (const key of ['build', 'push', 'pull'] as const) {
    const [raw, path] = key in deployment ? [deployment[key], at(key)] : [top[key], [key]];
    stepShapeProblems(
      raw,
      key,
      (i) => yaml.lineOf([...path, i]),
      name,
      (message, hint) => draft.problem(at(), message, hint),
    );
  }
  const buildSteps = section('build');
  for (const step of [...buildSteps, ...section('push')]) {
    draft.scope.addStepOutputs(step.id, stepOutputs(step, draft.scope));
  }
  // prefect deploy ran in the folder the entrypoint is found from: that folder is what a
  // set_working_directory holds on the worker, so it is what gets mounted there.
  const deployDir = located.base === '.' ? null : located.base;
  const workingDir = pullSteps(section('pull'), draft, deployDir);
  const workPool = isRecord(deployment.work_pool) ? deployment.work_pool : {};
  if (typeof workPool.name !== 'string' || workPool.name === '') {
    // prefect/cli/deploy/_core.py _run_single_deploy, when not interactive.
    draft.warnings.push(
      'No work_pool.name: prefect deploy stops with "A work pool is required to deploy this flow" unless --pool names one.',
    );
  }
  const jobVariables = isRecord(workPool.job_variables) ? workPool.job_variables : {};
  misplacedKeys(deployment, workPool, draft.warnings);
  const job = readJobVariables(jobVariables, buildSteps, yamlDir, context.root, draft, top);
  const given = resolveTemplates(
    deployment.parameters ?? {},
    'parameters',
    draft.scope,
    draft.unresolved,
  );
  const values = isRecord(given.value) ? given.value : {};

  return {
    id: flowId('prefect-deployment', yaml.file, name),
    kind: 'prefect-deployment',
    name,
    file: yaml.file,
    line: yaml.lineOf(at()),
    ...job,
    command: null,
    entrypoint: {
      path: located.path ?? located.shown,
      function: functionName,
      ...(checked.module !== null && located.importRoot !== null
        ? { module: checked.module, importRoot: located.importRoot }
        : {}),
    },
    parameters: deploymentParameters(fn, values, draft.warnings, draft.unresolved),
    workingDir,
    ...(workingDir !== null && deployDir !== null ? { codeDir: deployDir } : {}),
    unresolved: draft.unresolved,
    warnings: draft.warnings,
    workerLabels: prefectWorkerLabels(name, workPool.name, top['prefect-version']),
  };
}

/**
 * A step is a mapping of one key, its name, with the inputs under it. Keys beside the name (an
 * `id:` indented one level short) make Prefect refuse the step: run_step raises "Step has
 * unexpected additional keys" (prefect/deployments/steps/core.py), so a build or push fails
 * prefect deploy and a pull step fails the flow run on the worker.
 */
function stepShapeProblems(
  section: unknown,
  key: 'build' | 'push' | 'pull',
  lineOf: (index: number) => number,
  deployment: string,
  report: (message: string, hint: string) => void,
): void {
  const list = Array.isArray(section) ? section : [];
  list.forEach((step, i) => {
    if (!isRecord(step) || Object.keys(step).length <= 1) return;
    const [first, ...others] = Object.keys(step);
    report(
      `deployment ${deployment}: ${key} step ${i + 1} (line ${lineOf(i)}) has ${others.join(', ')} beside ${first ?? 'its name'}: Prefect refuses it ("Step has unexpected additional keys"), so ${key === 'pull' ? 'the flow run fails on the worker' : 'prefect deploy fails'}`,
      `Indent ${others.join(', ')} under ${first ?? 'the step name'}, as the step's inputs.`,
    );
  });
}

/** Pull steps prepare code on a worker; locally the opened folder is the code. */
function pullSteps(pull: Step[], draft: Draft, deployDir: string | null): string | null {
  let workingDir: string | null = null;
  for (const step of pull) {
    if (step.short === 'set_working_directory') {
      // prefect/deployments/steps/pull.py: os.chdir(directory), then the flow's entrypoint is
      // read from there. Locally the opened folder is mounted at that directory, so the
      // container starts where the worker would and finds the code there.
      const where = 'pull.set_working_directory.directory';
      const dir = resolveTemplates(
        step.inputs.directory,
        where,
        draft.scope,
        draft.unresolved,
      ).value;
      if (typeof dir === 'string' && posix.isAbsolute(dir) && !hasTemplate(dir)) {
        workingDir = posix.normalize(dir);
        const mounted = deployDir === null ? 'the opened folder' : `${deployDir}/`;
        draft.warnings.push(
          `pull step set_working_directory ${workingDir}: ${mounted} is mounted there, as the worker would find the code there.`,
        );
      } else if (typeof dir === 'string' && (dir === '.' || dir === './' || dir === '')) {
        workingDir = null;
      } else {
        workingDir = null;
        draft.warnings.push(
          `pull step set_working_directory ${String(dir)} is not an absolute Linux path: the run starts in the opened folder instead.`,
        );
      }
    } else if (step.short === 'git_clone' || step.short === 'git_clone_project') {
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
  | 'image'
  | 'imageFrom'
  | 'env'
  | 'volumes'
  | 'pullPolicy'
  | 'autoRemove'
  | 'networkMode'
  | 'build'
  | 'container'
>;

/** One job variable, its templates resolved (what stays unresolved is listed on the draft). */
type JobVariable = (key: string) => ReturnType<typeof resolveTemplates>;

function readJobVariables(
  jobVariables: Record<string, unknown>,
  buildSteps: Step[],
  yamlDir: string,
  root: string,
  draft: Draft,
  top: Record<string, unknown>,
): JobSettings {
  const { scope, unresolved, warnings, problem } = draft;
  const jv: JobVariable = (key) =>
    resolveTemplates(jobVariables[key], `work_pool.job_variables.${key}`, scope, unresolved);
  const at = (...path: (string | number)[]) => draft.at('work_pool', 'job_variables', ...path);
  const ignored = Object.keys(jobVariables).filter((k) => !APPLIED_JOB_VARIABLES.includes(k));
  if (ignored.length > 0) {
    const verb = ignored.length > 1 ? 'are' : 'is';
    warnings.push(`job_variables ${ignored.join(', ')} ${verb} not applied to a local run.`);
  }

  // The order of the reads below is the order of the warnings, problems and unresolved list.
  const { image, imageFrom, build } = jobImage(jobVariables, buildSteps, jv, draft, top);
  const env = jobEnv(jv, draft);
  const volumes = jobVolumes(jv, draft, root, yamlDir);
  const pullPolicy = jobPullPolicy(jv, draft, image);

  const autoRemove = jv('auto_remove').value;
  if (autoRemove !== undefined && autoRemove !== null && typeof autoRemove !== 'boolean') {
    problem(at('auto_remove'), 'work_pool.job_variables.auto_remove must be true or false');
  }
  const network = jv('network_mode').value;
  const networkMode = typeof network === 'string' && network !== '' ? network : null;
  const container = readContainerOptions(
    (key) => jobVariables[key] !== undefined,
    (key) => jv(key).value,
    networkMode,
  );
  for (const p of container.problems) problem(at(p.key), p.message, p.hint);
  warnings.push(...container.warnings);
  return {
    image,
    imageFrom,
    env,
    volumes,
    pullPolicy,
    autoRemove: autoRemove === true,
    networkMode,
    ...(build ? { build } : {}),
    ...(container.options ? { container: container.options } : {}),
  };
}

/** What a build step names as its image, for messages: image_name[:tag], templates as written. */
function builderImageName(step: Step): string {
  const { image_name: name, tag } = step.inputs;
  const image = typeof name === 'string' ? name : 'its image';
  return typeof tag === 'string' ? `${image}:${tag}` : image;
}

/**
 * The image: job_variables.image (when it names the build step's output, how Berth builds it),
 * else Prefect's default, as the worker runs it.
 */
function jobImage(
  jobVariables: Record<string, unknown>,
  buildSteps: Step[],
  jv: JobVariable,
  draft: Draft,
  top: Record<string, unknown>,
): { image: string | null; imageFrom: string; build: FlowBuild | undefined } {
  const { scope, unresolved, warnings, problem } = draft;
  let image: string | null;
  let imageFrom: string;
  const imagePath = draft.at('work_pool', 'job_variables', 'image');
  const builder = buildSteps.find((s) => s.short === 'build_docker_image');
  const dropped = scope.neverFilled(jobVariables.image);
  if (dropped !== null) {
    // prefect deploy drops a lone placeholder that nothing fills (templating.apply_values), so
    // the deployment has no image job variable and the worker runs its default image.
    image = prefectDefaultImage(top['prefect-version']);
    imageFrom = 'default image';
    warnings.push(
      `work_pool.job_variables.image is {{ ${dropped} }}, which no build step of this deployment makes${envCanFill(dropped) ? ' and no environment variable sets' : ''}${builder?.id ? ` (its build step's id is ${builder.id})` : ''}: prefect deploy drops it, so the worker runs ${image}.`,
    );
  } else if (jobVariables.image !== undefined && jobVariables.image !== null) {
    const resolved = jv('image');
    image = typeof resolved.value === 'string' ? resolved.value : null;
    if (image === null) problem(imagePath, 'work_pool.job_variables.image must be a string');
    imageFrom = resolved.steps[0]
      ? `build step ${resolved.steps[0]}`
      : 'work_pool.job_variables.image';
  } else if (builder) {
    // prefect deploy puts a build step's image into job_variables.image only when its own
    // interactive prompt added that step (prefect/cli/deploy.py: update_work_pool_image); a step
    // written in the file leaves the image unset, and the worker runs its default image.
    image = prefectDefaultImage(top['prefect-version']);
    imageFrom = 'default image';
    warnings.push(
      `work_pool.job_variables.image is not set: prefect deploy builds ${builderImageName(builder)}, but the worker runs ${image}. To run the built image, add image: '{{ ${builder.id ?? 'build-image'}.image }}' under work_pool.job_variables${builder.id ? '' : ` and id: build-image to the build step`}.`,
    );
  } else {
    image = prefectDefaultImage(top['prefect-version']);
    imageFrom = 'default image';
    warnings.push(
      `No image is set: the flow runs in ${image}, the image a Docker worker of prefect-version ${String(top['prefect-version'] ?? '3')} picks (its Python may differ).`,
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
  return { image, imageFrom, build };
}

/** env is dict[str, str | None] in Prefect's Docker worker. */
function jobEnv(jv: JobVariable, draft: Draft): Record<string, string> {
  const env: Record<string, string> = {};
  const envValue = jv('env').value;
  if (isRecord(envValue)) {
    for (const [key, value] of Object.entries(envValue)) {
      if (value === null || value === undefined) continue;
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      // Never passed as the literal {{ ... }}: the run asks for it (unresolved lists it).
      if (hasTemplate(text)) continue;
      env[key] = text;
    }
  } else if (envValue !== undefined && envValue !== null) {
    draft.problem(
      draft.at('work_pool', 'job_variables', 'env'),
      'work_pool.job_variables.env must be a map of names to values',
    );
  }
  return env;
}

function jobVolumes(jv: JobVariable, draft: Draft, root: string, yamlDir: string): FlowVolume[] {
  const at = (...path: (string | number)[]) => draft.at('work_pool', 'job_variables', ...path);
  const volumes: FlowVolume[] = [];
  const volumeList = jv('volumes').value;
  if (Array.isArray(volumeList)) {
    volumeList.forEach((spec, j) => {
      const result = parseVolume(spec, root, yamlDir);
      if ('volume' in result) volumes.push(result.volume);
      else if ('skipped' in result) draft.warnings.push(result.skipped);
      else draft.problem(at('volumes', j), result.problem, result.hint);
    });
  } else if (volumeList !== undefined && volumeList !== null) {
    draft.problem(
      at('volumes'),
      'work_pool.job_variables.volumes must be a list of host:container strings',
    );
  }
  return volumes;
}

function jobPullPolicy(jv: JobVariable, draft: Draft, image: string | null): PullPolicy {
  const policyValue = jv('image_pull_policy').value;
  if (policyValue === undefined || policyValue === null) return defaultPullPolicy(image);
  const parsed = parsePullPolicy(policyValue);
  if (parsed.policy === null) {
    draft.problem(
      draft.at('work_pool', 'job_variables', 'image_pull_policy'),
      parsed.problem,
      'Use Always, IfNotPresent, IfPossible or Never.',
    );
    return defaultPullPolicy(image);
  }
  if (parsed.note) draft.warnings.push(parsed.note);
  return parsed.policy;
}

/**
 * prefect_docker/worker.py DockerWorkerJobConfiguration._determine_image_pull_policy: with no
 * image_pull_policy, ALWAYS when the tag is `latest` or missing, else IF_NOT_PRESENT.
 */
export function defaultPullPolicy(image: string | null): PullPolicy {
  if (image === null || hasTemplate(image)) return 'IF_NOT_PRESENT';
  const withoutDigest = image.split('@')[0] ?? image;
  const lastPart = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  const tag = colon === -1 ? null : lastPart.slice(colon + 1);
  if (image.includes('@') && tag === null) return 'IF_NOT_PRESENT';
  return tag === null || tag === '' || tag === 'latest' ? 'ALWAYS' : 'IF_NOT_PRESENT';
}

/** Keys Prefect ignores where they are written, with where they belong. */
function misplacedKeys(
  deployment: Record<string, unknown>,
  workPool: Record<string, unknown>,
  warnings: string[],
): void {
  for (const key of Object.keys(deployment)) {
    if (DEPLOYMENT_FIELDS.has(key)) continue;
    if (key === 'is_schedule_active') {
      warnings.push(
        'deployment key is_schedule_active is Prefect 2’s: Prefect 3 ignores it (write paused: instead).',
      );
      continue;
    }
    if (!MISPLACED_UNDER_DEPLOYMENT.has(key)) {
      // DeploymentConfig is extra="ignore" (prefect/cli/deploy/_models.py): dropped unread.
      warnings.push(`deployment key ${key} is not one Prefect reads: it is ignored.`);
      continue;
    }
    const where =
      key === 'job_variables' ? 'work_pool.job_variables' : `work_pool.job_variables.${key}`;
    warnings.push(
      `deployment key ${key} is ignored by Prefect: it is not applied; it belongs under ${where}.`,
    );
  }
  for (const key of Object.keys(workPool)) {
    if (WORK_POOL_KEYS.has(key)) continue;
    warnings.push(
      DOCKER_JOB_VARIABLES.has(key)
        ? `work_pool.${key} is ignored by Prefect: it is not applied; it belongs under work_pool.job_variables.${key}.`
        : `work_pool.${key} is not a work_pool key Prefect reads: it is ignored.`,
    );
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  return `a ${typeof value}`;
}

/** A value still holding a template after resolution: the form asks for it. */
function isUnfilled(value: unknown): boolean {
  return typeof value === 'string' && hasTemplate(value);
}

/** The function's signature, with the deployment's values as its defaults. */
function deploymentParameters(
  fn: PythonFunction | null,
  values: Record<string, unknown>,
  warnings: string[],
  unresolved: UnresolvedTemplate[],
): FlowParameter[] {
  const asked = (name: string) =>
    unresolved.some(
      (u) => u.where === `parameters.${name}` || u.where.startsWith(`parameters.${name}.`),
    );
  if (!fn) {
    return Object.entries(values).map(([name, value]) =>
      isUnfilled(value) || asked(name)
        ? { name, default: null, type: null, required: true }
        : { name, default: value, type: null, required: false },
    );
  }
  const parameters = fn.parameters.map((p) =>
    p.name in values
      ? isUnfilled(values[p.name]) || asked(p.name)
        ? { ...p, default: null, required: true }
        : { ...p, default: values[p.name], required: false }
      : p,
  );
  warnings.push(...signatureNotes(fn, new Set(Object.keys(values))));
  for (const [name, value] of Object.entries(values)) {
    if (fn.parameters.some((p) => p.name === name)) continue;
    if (fn.kwargs) parameters.push({ name, default: value, type: null, required: false });
    else warnings.push(`parameters.${name} is not a parameter of ${fn.name}: it is left out.`);
  }
  return parameters;
}
