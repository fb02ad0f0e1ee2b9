/**
 * berth.yaml: Berth's own small format for flows that are neither Prefect nor Valohai.
 *
 *   flows:
 *     - name: hello
 *       image: python:3.12-slim
 *       command: python3 hello.py        # a shell command, or a list: the argv as is
 *       env: { GREETING: hi }
 *       volumes: [./out:/out]            # host paths inside the project; :ro for read-only
 *       pull_policy: if_not_present      # always | if_not_present | never, any case
 *       parameters: { count: 3, name: null }   # name -> default; null means required
 *       build: Dockerfile                # optional: build `image` from it first (or a map:
 *                                        # dockerfile, context, args, target, platform, pull)
 *
 * Each flow is validated on its own, so one mistake hides no other flow.
 */
import { dirname, join } from 'node:path';
import * as z from 'zod';
import type { FlowBuild } from '../shared/build';
import { flowId } from '../shared/flows';
import type { FlowDefinition, FlowProblem, FlowVolume, PullPolicy } from '../shared/flows';
import { imageProblem, parseVolume } from './flow-checks';
import { parsePullPolicy } from '../shared/flows';
import { isRecord } from './yaml-document';
import type { YamlFile, YamlPath } from './yaml-document';
import { lazySchema } from '../shared/lazy-schema';

const Scalar = lazySchema(() => z.union([z.string(), z.number(), z.boolean()]));

/** `build:` of a flow, or of an opted-in valohai.yaml step: a Dockerfile, or a map. */
const BuildSpec = lazySchema(() =>
  z.union([
    z.string().min(1),
    z.strictObject({
      dockerfile: z.string().min(1).optional(),
      context: z.string().min(1).optional(),
      args: z.record(z.string(), Scalar).optional(),
      target: z.string().min(1).optional(),
      platform: z.string().min(1).optional(),
      pull: z.boolean().optional(),
    }),
  ]),
);
type BuildSpec = z.infer<typeof BuildSpec>;

/** `valohai:` — step name → { build }: that valohai.yaml step's image is built locally. */
const ValohaiOptIns = lazySchema(() =>
  z.record(
    z.string().min(1),
    z.strictObject({
      build: z.union(BuildSpec.options, {
        error:
          'required: a Dockerfile, or a map (dockerfile, context, args, target, platform, pull)',
      }),
    }),
  ),
);

/** A valohai.yaml step, beside this berth.yaml, whose image Berth builds before it runs. */
export interface ValohaiBuildOptIn {
  /** The berth.yaml that says so, relative to the root. */
  file: string;
  line: number;
  step: string;
  build: BuildSpec;
}

export const BerthFlowSpec = lazySchema(() =>
  z.strictObject({
    name: z.string({ error: 'required, a name for the flow' }).min(1, 'required'),
    description: z.string().optional(),
    image: z
      .string({ error: 'required, the image to run, e.g. python:3.12-slim' })
      .min(1, 'required, the image to run, e.g. python:3.12-slim'),
    command: z.union([z.string().min(1), z.array(z.string()).min(1)], {
      error: 'a shell command, or a list of arguments',
    }),
    env: z.record(z.string(), Scalar).optional(),
    volumes: z.array(z.string()).optional(),
    pull_policy: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    working_dir: z.string().optional(),
    auto_remove: z.boolean().optional(),
    network_mode: z.string().optional(),
    build: BuildSpec.optional(),
  }),
);
export type BerthFlowSpec = z.infer<typeof BerthFlowSpec>;

export function berthYamlFlows(
  yaml: YamlFile,
  root: string,
): { flows: FlowDefinition[]; problems: FlowProblem[]; valohai: ValohaiBuildOptIn[] } {
  const flows: FlowDefinition[] = [];
  const problems: FlowProblem[] = [];
  const problem = (path: YamlPath, message: string, hint: string | null = null) =>
    problems.push({ file: yaml.file, line: yaml.lineOf(path), message, hint });
  const top = yaml.data;
  if (top === null || top === undefined) return { flows, problems, valohai: [] };
  const valohai = isRecord(top) ? valohaiOptIns(yaml, top.valohai, problem) : [];
  // A berth.yaml may hold only the valohai opt-ins.
  const flowList: unknown =
    isRecord(top) && (top.flows ?? (top.valohai !== undefined ? [] : undefined));
  if (!isRecord(top) || !Array.isArray(flowList)) {
    problem(
      [],
      'berth.yaml must have a "flows:" list',
      'See examples/berth-project/berth.yaml (a berth.yaml beside valohai.yaml may hold only "valohai:").',
    );
    return { flows, problems, valohai };
  }
  for (const key of Object.keys(top)) {
    if (key !== 'flows' && key !== 'valohai') {
      problem([key], `unknown key ${key}: berth.yaml has only "flows" and "valohai"`);
    }
  }
  const yamlDir = dirname(join(root, yaml.file));
  const names = new Set<string>();
  for (const [index, raw] of flowList.entries()) {
    const parsed = BerthFlowSpec.safeParse(raw);
    if (!parsed.success) {
      const label = isRecord(raw) && typeof raw.name === 'string' ? raw.name : `flows[${index}]`;
      for (const issue of parsed.error.issues) {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const field = path.length > 0 ? `${path.join('.')}: ` : '';
        const message =
          issue.code === 'unrecognized_keys'
            ? `unknown key ${issue.keys.join(', ')}`
            : issue.message;
        problem(
          [
            'flows',
            index,
            ...path,
            ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : []),
          ],
          `flow ${label}: ${field}${message}`,
        );
      }
      continue;
    }
    const spec = parsed.data;
    const at = (...path: (string | number)[]): YamlPath => ['flows', index, ...path];
    if (names.has(spec.name)) {
      problem(at('name'), `flow ${spec.name} is defined twice`, 'Flow names must be unique.');
      continue;
    }
    names.add(spec.name);
    const warnings: string[] = [];
    const bad = imageProblem(spec.image);
    if (bad) problem(at('image'), `flow ${spec.name}: ${bad.message}`, bad.hint);

    let pullPolicy: PullPolicy = 'IF_NOT_PRESENT';
    if (spec.pull_policy !== undefined) {
      const policy = parsePullPolicy(spec.pull_policy);
      if (policy.policy === null)
        problem(at('pull_policy'), `flow ${spec.name}: ${policy.problem}`);
      else pullPolicy = policy.policy;
    }

    const volumes: FlowVolume[] = [];
    (spec.volumes ?? []).forEach((volume, v) => {
      const result = parseVolume(volume, root, yamlDir);
      if ('volume' in result) volumes.push(result.volume);
      else if ('skipped' in result) warnings.push(result.skipped);
      else problem(at('volumes', v), `flow ${spec.name}: ${result.problem}`, result.hint);
    });

    flows.push({
      id: flowId('berth', yaml.file, spec.name),
      kind: 'berth',
      name: spec.name,
      file: yaml.file,
      line: yaml.lineOf(at()),
      image: spec.image,
      imageFrom: 'image',
      command: typeof spec.command === 'string' ? ['sh', '-c', spec.command] : spec.command,
      entrypoint: null,
      parameters: Object.entries(spec.parameters ?? {}).map(([name, value]) => ({
        name,
        default: value ?? null,
        type: null,
        required: value === null || value === undefined,
      })),
      env: Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, String(v)])),
      volumes,
      pullPolicy,
      autoRemove: spec.auto_remove ?? false,
      networkMode: spec.network_mode ?? null,
      workingDir: spec.working_dir ?? null,
      unresolved: [],
      warnings,
      ...(spec.build !== undefined ? { build: berthBuild(spec.image, spec.build) } : {}),
    });
  }
  return { flows, problems, valohai };
}

/**
 * berth.yaml's `valohai:` map: the valohai.yaml steps beside it whose image is built from a
 * Dockerfile here, not pulled (valohai-yaml's step schema has no such key, so the opt-in lives
 * in Berth's own file and valohai.yaml stays as Valohai reads it). Discovery attaches each to
 * its step.
 */
function valohaiOptIns(
  yaml: YamlFile,
  raw: unknown,
  problem: (path: YamlPath, message: string, hint?: string | null) => void,
): ValohaiBuildOptIn[] {
  if (raw === undefined) return [];
  const parsed = ValohaiOptIns.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problem(
        ['valohai', ...path],
        `valohai${path.length > 0 ? `.${path.join('.')}` : ''}: ${issue.code === 'unrecognized_keys' ? `unknown key ${issue.keys.join(', ')}` : issue.message}`,
        'Each entry is a valohai.yaml step name with build: a Dockerfile (or a map: dockerfile, context, args, target, platform, pull).',
      );
    }
    return [];
  }
  return Object.entries(parsed.data).map(([step, { build }]) => ({
    file: yaml.file,
    line: yaml.lineOf(['valohai', step]),
    step,
    build,
  }));
}

/**
 * berth.yaml's `build:`: the flow's image is built from the Dockerfile first, tagged as
 * `image` names it (docker build -t), the context and the Dockerfile relative to berth.yaml.
 * Unlike Prefect's step, `docker build` does not pull the base image unless asked (pull: true).
 */
export function berthBuild(image: string, build: BuildSpec, from = 'berth.yaml build'): FlowBuild {
  const spec = typeof build === 'string' ? { dockerfile: build } : build;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tagged = colon > slash && !image.includes('@');
  return {
    from,
    context: spec.context ?? '.',
    dockerfile: spec.dockerfile ?? 'Dockerfile',
    imageName: tagged ? image.slice(0, colon) : image,
    tag: tagged ? image.slice(colon + 1) : 'latest',
    tagUnresolved: null,
    platform: spec.platform ?? null,
    buildArgs: Object.fromEntries(Object.entries(spec.args ?? {}).map(([k, v]) => [k, String(v)])),
    pull: spec.pull ?? false,
    target: spec.target ?? null,
  };
}
