/**
 * Flows found in a project folder: Prefect deployments (prefect.yaml), bare Prefect @flow
 * functions, Valohai steps (valohai.yaml) and Berth's own berth.yaml. Browser-safe: the
 * renderer lists, filters and shows these without touching the disk.
 */
import * as z from 'zod';
import { FlowBuild } from './build';
import { lazySchema } from './lazy-schema';

export const FlowKind = lazySchema(() =>
  z.enum(['prefect-deployment', 'valohai-step', 'berth', 'prefect-flow']),
);
export type FlowKind = z.infer<typeof FlowKind>;

/**
 * Prefect's Docker worker names (ImagePullPolicy in prefect_docker/worker.py), upper-cased.
 * IF_POSSIBLE pulls, and when the pull fails runs the engine's local copy if it has one
 * (DockerWorker._create_and_start_container).
 */
export const PullPolicy = lazySchema(() =>
  z.enum(['ALWAYS', 'IF_NOT_PRESENT', 'IF_POSSIBLE', 'NEVER']),
);
export type PullPolicy = z.infer<typeof PullPolicy>;

/**
 * Prefect's job variable spells these IfNotPresent / Always / Never (and IfPossible); Kubernetes
 * and Berth's own files are written in any case, with or without underscores.
 */
export function parsePullPolicy(
  value: unknown,
): { policy: PullPolicy; note: string | null } | { policy: null; problem: string } {
  const key = typeof value === 'string' ? value.replace(/[_\-\s]/g, '').toLowerCase() : '';
  if (key === 'always') return { policy: 'ALWAYS', note: null };
  if (key === 'ifnotpresent') return { policy: 'IF_NOT_PRESENT', note: null };
  if (key === 'never') return { policy: 'NEVER', note: null };
  if (key === 'ifpossible') return { policy: 'IF_POSSIBLE', note: null };
  return {
    policy: null,
    problem: `image pull policy ${JSON.stringify(value)} is not one of Always, IfNotPresent, IfPossible, Never`,
  };
}

export const FlowParameter = lazySchema(() =>
  z.object({
    name: z.string(),
    /**
     * The default as JSON when it is a literal. null when there is none, or when the source
     * writes an expression Berth does not evaluate (a warning on the flow then names it); a run
     * leaves such a parameter out, so the flow applies its own default.
     */
    default: z.unknown(),
    /** As written: a Python annotation ("list[str]"), or int / float / bool / str. */
    type: z.string().nullable(),
    required: z.boolean(),
    /**
     * How a Valohai parameter reaches the command line (valohai-yaml objs/parameter.py
     * format_cli): its pass-as templates and multiple-value mode. Absent for other flows.
     */
    cli: z
      .object({
        passAs: z.string().nullable(),
        passTrueAs: z.string().nullable(),
        passFalseAs: z.string().nullable(),
        multiple: z.enum(['separate', 'repeat']).nullable(),
        separator: z.string(),
        /** A float default written as 1.0 is printed "1.0" by Python, as Valohai passes it. */
        float: z.boolean(),
      })
      .optional(),
  }),
);
export type FlowParameter = z.infer<typeof FlowParameter>;

export const FlowVolume = lazySchema(() =>
  z.object({
    /** Relative to the project root ("." for the root itself); always inside the project. */
    host: z.string(),
    container: z.string(),
    readOnly: z.boolean(),
  }),
);
export type FlowVolume = z.infer<typeof FlowVolume>;

/** A `{{ ... }}` template Berth could not fill in locally, left as written. */
export const UnresolvedTemplate = lazySchema(() =>
  z.object({
    template: z.string(),
    /** Where it sits, e.g. "work_pool.job_variables.image". */
    where: z.string(),
    why: z.string(),
  }),
);
export type UnresolvedTemplate = z.infer<typeof UnresolvedTemplate>;

export const FlowInput = lazySchema(() =>
  z.object({
    name: z.string(),
    /** URLs (https://, s3://, datum://, dataset://) Valohai would download; none offline. */
    defaults: z.array(z.string()),
    optional: z.boolean(),
    /** The file name Valohai saves a download as, when the step sets one. */
    filename: z.string().nullable(),
  }),
);
export type FlowInput = z.infer<typeof FlowInput>;

/**
 * What a Prefect Docker work pool's job variables set on the container besides the image, env,
 * volumes, pull policy, auto_remove and network_mode (prefect_docker/worker.py
 * DockerWorker._build_container_settings). Absent for flows whose file sets none of them.
 */
export const ContainerOptions = lazySchema(() =>
  z.object({
    /** job_variables.command, split as docker-py splits a string (shlex); replaces the launcher. */
    command: z.array(z.string()).nullable(),
    /** Bytes (docker-py parse_bytes of "512m", "1g", …); null for no limit. */
    memLimit: z.number().int().positive().nullable(),
    /** Memory + swap in bytes, -1 for unlimited swap; null for the engine's default. */
    memswapLimit: z.number().int().nullable(),
    privileged: z.boolean(),
    /** As Docker labels: a `namespace/key` label becomes `reversed.namespace.key`. */
    labels: z.record(z.string(), z.string()),
    /** The first is the container's network at creation; the others are connected after it. */
    networks: z.array(z.string()),
    /** False: the worker does not stream the container's output (Berth keeps it in the log). */
    streamOutput: z.boolean(),
  }),
);
export type ContainerOptions = z.infer<typeof ContainerOptions>;

export const FlowDefinition = lazySchema(() =>
  z.object({
    /** Stable across discoveries: kind, file and name. */
    id: z.string(),
    kind: FlowKind,
    name: z.string(),
    /** Relative to the project root, with "/" separators. */
    file: z.string(),
    /** 1-based line of the definition. */
    line: z.number().int().positive(),
    image: z.string().nullable(),
    /** Where the image came from, e.g. "work_pool.job_variables.image" or "default image". */
    imageFrom: z.string(),
    /** An argv (valohai.yaml and berth.yaml); null for entrypoints run by the launcher. */
    command: z.array(z.string()).nullable(),
    /**
     * A Python entrypoint; path relative to the project root. A module entrypoint
     * (pkg.mod.func) also has its module, imported by name as Prefect does, and the folder put on
     * sys.path for it (relative to the root).
     */
    entrypoint: z
      .object({
        path: z.string(),
        function: z.string(),
        module: z.string().optional(),
        importRoot: z.string().optional(),
      })
      .nullable(),
    parameters: z.array(FlowParameter),
    env: z.record(z.string(), z.string()),
    volumes: z.array(FlowVolume),
    pullPolicy: PullPolicy,
    autoRemove: z.boolean(),
    networkMode: z.string().nullable(),
    /** A path inside the container; null for the image's own. */
    workingDir: z.string().nullable(),
    /**
     * Relative to the project root: the folder the working dir holds, where it is not the project
     * folder (a prefect.yaml in a subfolder whose entrypoint is found from there, deployed from
     * there, with a set_working_directory). Absent: the project folder.
     */
    codeDir: z.string().optional(),
    unresolved: z.array(UnresolvedTemplate),
    warnings: z.array(z.string()),
    /** Valohai inputs: files Valohai downloads to /valohai/inputs/<name>; locally the user picks them. */
    inputs: z.array(FlowInput).optional(),
    /** The image is built from the project first (a build step, berth.yaml `build:`); absent when not. */
    build: FlowBuild.optional(),
    /** Prefect job variables that shape the container further; absent when the file sets none. */
    container: ContainerOptions.optional(),
    /**
     * The labels Prefect's Docker worker puts on a deployment's container that are known without a
     * Prefect server (deployment and work pool names, Prefect version), in Docker's format.
     */
    workerLabels: z.record(z.string(), z.string()).optional(),
  }),
);
export type FlowDefinition = z.infer<typeof FlowDefinition>;

/**
 * What a flow runs with where its file says nothing: no volumes, the engine's own pull
 * policy (pull when missing, as Prefect's Docker worker leaves it), the container kept, the
 * default network and the image's working dir. Fresh objects on every call.
 */
export function flowDefaults(): Pick<
  FlowDefinition,
  | 'env'
  | 'volumes'
  | 'pullPolicy'
  | 'autoRemove'
  | 'networkMode'
  | 'workingDir'
  | 'unresolved'
  | 'warnings'
> {
  return {
    env: {},
    volumes: [],
    pullPolicy: 'IF_NOT_PRESENT',
    autoRemove: false,
    networkMode: null,
    workingDir: null,
    unresolved: [],
    warnings: [],
  };
}

export const FlowProblem = lazySchema(() =>
  z.object({
    /** Relative to the project root; "." for the folder as a whole. */
    file: z.string(),
    /** 1-based; 0 when the problem is not about one line. */
    line: z.number().int().nonnegative(),
    message: z.string(),
    hint: z.string().nullable(),
  }),
);
export type FlowProblem = z.infer<typeof FlowProblem>;

/** An entry Berth lists but does not run locally, e.g. a Valohai pipeline or endpoint. */
export const NotRunEntry = lazySchema(() =>
  z.object({
    file: z.string(),
    line: z.number().int().nonnegative(),
    kind: z.string(),
    name: z.string(),
    why: z.string(),
  }),
);
export type NotRunEntry = z.infer<typeof NotRunEntry>;

export const DiscoveryResult = lazySchema(() =>
  z.object({
    root: z.string(),
    flows: z.array(FlowDefinition),
    problems: z.array(FlowProblem),
    notRun: z.array(NotRunEntry).optional(),
  }),
);
export type DiscoveryResult = z.infer<typeof DiscoveryResult>;

export function flowId(kind: FlowKind, file: string, name: string): string {
  return `${kind}:${file}:${name}`;
}

/** "prefect.yaml:14: entrypoint flows/missing.py:main — flows/missing.py does not exist" */
export function formatProblem(problem: FlowProblem): string {
  return problem.line > 0
    ? `${problem.file}:${problem.line}: ${problem.message}`
    : `${problem.file}: ${problem.message}`;
}

/** What Prefect's workers run when a work pool sets no image (get_prefect_image_name). */
export const PREFECT_DEFAULT_IMAGE = 'prefecthq/prefect:3-latest';

/**
 * The Python a default Prefect image is assumed to have. A worker picks
 * `prefecthq/prefect:<its Prefect version>-python<its Python X.Y>`
 * (prefect/utilities/dockerutils.py get_prefect_image_name); a prefect.yaml names only the
 * Prefect version, and 3.11 is the newest Python every Prefect from 2.7 through 3.x is
 * published for.
 */
export const PREFECT_DEFAULT_PYTHON = '3.11';

/**
 * The image a Docker worker of `prefect-version` runs when the work pool sets none: that
 * release's image on PREFECT_DEFAULT_PYTHON; the rolling 3-latest when the version is not a
 * release number (absent, or a template).
 */
export function prefectDefaultImage(prefectVersion: unknown): string {
  const version = typeof prefectVersion === 'number' ? String(prefectVersion) : prefectVersion;
  if (typeof version !== 'string') return PREFECT_DEFAULT_IMAGE;
  const major = /^(\d+)(\.x)?$/i.exec(version.trim());
  if (major) return `prefecthq/prefect:${major[1]}-latest`;
  if (!/^\d+\.\d+(\.\d+)?([a-z]+\d*)?$/i.test(version.trim())) return PREFECT_DEFAULT_IMAGE;
  return `prefecthq/prefect:${version.trim()}-python${PREFECT_DEFAULT_PYTHON}`;
}

/**
 * prefecthq/prefect tags worth offering in a picker. Every release is also published as
 * <version>-python<X.Y>[-conda] (e.g. 3.4.11-python3.12); the rolling tags below follow the
 * newest release of a major version. The images run EXTRA_PIP_PACKAGES through pip at start.
 * https://hub.docker.com/r/prefecthq/prefect/tags
 */
export const PREFECT_IMAGE_TAGS: readonly { tag: string; description: string }[] = [
  { tag: '3-latest', description: 'Newest Prefect 3 release on its default Python' },
  { tag: '3-python3.13', description: 'Newest Prefect 3 on Python 3.13' },
  { tag: '3-python3.12', description: 'Newest Prefect 3 on Python 3.12' },
  { tag: '3-python3.11', description: 'Newest Prefect 3 on Python 3.11' },
  { tag: '3-python3.10', description: 'Newest Prefect 3 on Python 3.10' },
  { tag: '3-python3.12-conda', description: 'Newest Prefect 3 on Python 3.12 with conda' },
  { tag: '3-python3.11-conda', description: 'Newest Prefect 3 on Python 3.11 with conda' },
  { tag: '2-latest', description: 'Newest Prefect 2 release (maintenance only)' },
  { tag: '2-python3.11', description: 'Newest Prefect 2 on Python 3.11' },
  { tag: 'latest', description: 'Newest release of any major version: may jump to Prefect 4' },
];
