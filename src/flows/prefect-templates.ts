/**
 * prefect.yaml's `{{ ... }}` templates, filled in the way `prefect deploy` fills them
 * (prefect/utilities/templating.py, apply_values): a string that is one placeholder becomes
 * the value itself, otherwise each placeholder is replaced by its text. Step outputs are known
 * under `<step id>.<field>` and, flattened, under `<field>` (deployments/steps/core.py,
 * run_steps). Blocks and variables live in the Prefect API, which a local run does not
 * consult: they stay as written and are reported with the reason.
 */
import type { UnresolvedTemplate } from '../shared/flows';
import { TEMPLATE_PATTERN } from './flow-checks';
import { isRecord } from './yaml-document';

/**
 * `never`: no step of the deployment makes this output, so `prefect deploy` never fills it. A
 * value that is that lone placeholder is removed, with a warning (prefect/utilities/templating.py
 * `apply_values`: a placeholder with no value becomes NotSet, and NotSet keys are dropped).
 */
export type StepOutput =
  { known: true; value: unknown } | { known: false; why: string; never?: true };

/**
 * Whether prefect deploy's environment pass can fill `{{ name }}`: get_from_dict(os.environ,
 * name) splits at dots and [index], so only a flat name matches a variable.
 */
export function envCanFill(name: string): boolean {
  return /^[^.[\]]+$/.test(name);
}

export class TemplateScope {
  private readonly outputs = new Map<string, StepOutput>();
  private readonly stepOf = new Map<string, string>();
  private readonly stepIds = new Set<string>();

  constructor(private readonly env: Record<string, string | undefined>) {}

  /** Records what a step produces, under its id (when it has one) and flattened. */
  addStepOutputs(stepId: string | null, outputs: Record<string, StepOutput>): void {
    if (stepId) this.stepIds.add(stepId);
    for (const [field, output] of Object.entries(outputs)) {
      if (stepId) {
        this.outputs.set(`${stepId}.${field}`, output);
        this.stepOf.set(`${stepId}.${field}`, stepId);
      }
      this.outputs.set(field, output);
      if (stepId) this.stepOf.set(field, stepId);
    }
  }

  lookup(name: string): StepOutput {
    if (name.startsWith('prefect.blocks.')) {
      return {
        known: false,
        why: 'a Prefect block is read from the Prefect API when the deployment runs; a local run does not consult the API',
      };
    }
    if (name.startsWith('prefect.variables.')) {
      return {
        known: false,
        why: 'a Prefect variable is read from the Prefect API when the deployment runs; a local run does not consult the API',
      };
    }
    if (/^(flow_run|deployment|flow|work_pool)\./.test(name)) {
      return {
        known: false,
        why: `${name} is filled in by the worker when a flow run starts; give the value for a local run`,
      };
    }
    if (name.startsWith('$')) {
      const value = this.env[name.slice(1)];
      return value === undefined
        ? { known: false, why: `environment variable ${name.slice(1)} is not set` }
        : { known: true, value };
    }
    const output = this.outputs.get(name);
    if (output) return output;
    const [stepId, ...field] = name.split('.');
    if (field.length > 0 && stepId && this.stepIds.has(stepId)) {
      return {
        known: false,
        why: `step ${stepId} has no output ${field.join('.')} known before it runs`,
      };
    }
    // prefect deploy's first pass, apply_values(deploy_config, os.environ) in
    // cli/deploy/_core.py _run_single_deploy (and run_step's last pass for step inputs), looks a
    // placeholder without `$` up in the environment too: get_from_dict(os.environ, name), which
    // only a name without dots or [index] can match.
    const flat = envCanFill(name);
    const fromEnv = flat ? this.env[name] : undefined;
    if (fromEnv !== undefined) return { known: true, value: fromEnv };
    const why = flat
      ? `no build or push step produces ${name}, and no environment variable ${name} is set (prefect deploy looks a {{ NAME }} up in the environment too)`
      : `no build or push step produces ${name}`;
    return { known: false, why, never: true };
  }

  /** A value that is this one placeholder and that no step fills (see StepOutput `never`). */
  neverFilled(value: unknown): string | null {
    if (typeof value !== 'string') return null;
    const matches = [...value.matchAll(TEMPLATE_PATTERN)];
    const [only] = matches;
    if (matches.length !== 1 || !only || only[0] !== value) return null;
    const found = this.lookup(only[1] ?? '');
    return !found.known && found.never ? (only[1] ?? '') : null;
  }

  /** The id of the step whose output `name` is, if any. */
  stepFor(name: string): string | null {
    return this.stepOf.get(name) ?? null;
  }
}

export interface Resolved<T> {
  value: T;
  /** Ids of the steps whose outputs were used. */
  steps: string[];
}

/** Fills every template in `value` (strings, lists and maps), reporting what stays. */
export function resolveTemplates(
  value: unknown,
  where: string,
  scope: TemplateScope,
  unresolved: UnresolvedTemplate[],
): Resolved<unknown> {
  const steps: string[] = [];
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string') return resolveString(node, at);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${at}[${i}]`));
    if (isRecord(node)) {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [key, walk(item, at ? `${at}.${key}` : key)]),
      );
    }
    return node;
  };
  const resolveString = (text: string, at: string): unknown => {
    const matches = [...text.matchAll(TEMPLATE_PATTERN)];
    if (matches.length === 0) return text;
    const single = matches.length === 1 && matches[0]?.[0] === text;
    let out = text;
    for (const match of matches) {
      const [full, name = ''] = match;
      const found = scope.lookup(name);
      if (!found.known) {
        unresolved.push({ template: full, where: at, why: found.why });
        continue;
      }
      const step = scope.stepFor(name);
      if (step && !steps.includes(step)) steps.push(step);
      if (single) return found.value;
      out = out.replace(
        full,
        typeof found.value === 'string' ? found.value : JSON.stringify(found.value),
      );
    }
    return out;
  };
  return { value: walk(value, where), steps };
}
