/**
 * Since Prefect 3.4.19, `prefect deploy` validates prefect.yaml with pydantic before it reads a
 * deployment (src/prefect/cli/deploy/_config.py `_load_deploy_configs_and_actions`:
 * `PrefectYamlModel.model_validate(raw)`; on a ValidationError it prints "Skipping deployment
 * configuration due to validation errors." and goes on with an empty model, so no deployment
 * is deployed). The models are in src/prefect/cli/deploy/_models.py: unknown keys are ignored
 * (extra="ignore"), but a field of the wrong type, or a schedule that none of the ScheduleItem
 * shapes accepts (RawScheduleConfig and the schedule types are extra="forbid"), fails the whole
 * file. Checked here as pydantic's lax mode checks them: a str field takes only text (a YAML
 * number is not text), a dict field is not null.
 */
import { isRecord } from './yaml-document';
import type { YamlPath } from './yaml-document';

/** The first Prefect that validates the file (PR #18941, tag 3.4.19). */
export const PREFECT_VALIDATES_SINCE = '3.4.19';

/** DeploymentConfig's fields; any other deployment key is dropped by Prefect. */
export const DEPLOYMENT_FIELDS = new Set([
  'name',
  'version',
  'version_type',
  'tags',
  'description',
  'schedule',
  'schedules',
  'paused',
  'concurrency_limit',
  'flow_name',
  'entrypoint',
  'parameters',
  'enforce_parameter_schema',
  'build',
  'push',
  'pull',
  'work_pool',
  'triggers',
  'sla',
]);

/** RawScheduleConfig (one of cron, interval, rrule) covers the Interval/Cron/RRule shapes too. */
const RAW_SCHEDULE_KEYS = new Set([
  'cron',
  'interval',
  'rrule',
  'timezone',
  'anchor_date',
  'active',
  'parameters',
  'slug',
  'replaces',
  'day_or',
]);
/** DeploymentScheduleCreate (src/prefect/client/schemas/actions.py): a schedule inside. */
const SCHEDULE_CREATE_KEYS = new Set([
  'active',
  'schedule',
  'max_scheduled_runs',
  'parameters',
  'slug',
  'replaces',
]);
const SELECTORS = ['cron', 'interval', 'rrule'] as const;

export interface ModelError {
  path: YamlPath;
  message: string;
}

/** Whether the Prefect that prefect-version names validates the file (unpinned: the current one). */
export function prefectValidates(prefectVersion: unknown): boolean {
  const text = typeof prefectVersion === 'number' ? String(prefectVersion) : prefectVersion;
  if (typeof text !== 'string') return true;
  const parts = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!parts) return true;
  const [major, minor, patch] = [parts[1], parts[2], parts[3]].map((p) => Number(p ?? 0));
  const since = PREFECT_VALIDATES_SINCE.split('.').map(Number);
  // "3" or "3-latest" pins only the major version: the newest 3.x validates.
  if (parts[2] === undefined) return (major ?? 0) >= (since[0] ?? 0);
  const version = [major, minor, patch];
  for (let i = 0; i < 3; i++) {
    const a = version[i] ?? 0;
    const b = since[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

const kind = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'string'
        ? 'text'
        : typeof value === 'number'
          ? `the number ${value}`
          : typeof value === 'boolean'
            ? `${value}`
            : 'a mapping';

/** The errors PrefectYamlModel.model_validate would raise for this file's data. */
export function prefectModelErrors(top: Record<string, unknown>): ModelError[] {
  const errors: ModelError[] = [];
  const fail = (path: YamlPath, message: string) => errors.push({ path, message });
  const text = (path: YamlPath, value: unknown, key: string) => {
    if (value !== undefined && value !== null && typeof value !== 'string')
      fail(path, `${key} must be text, not ${kind(value)} (quote it: "${String(value)}")`);
  };
  text(['prefect-version'], top['prefect-version'], 'prefect-version');
  text(['name'], top.name, 'name');
  for (const key of ['build', 'push', 'pull'] as const) steps(fail, [key], top[key], key);
  const deployments = top.deployments;
  if (deployments === undefined) return errors;
  if (!Array.isArray(deployments)) {
    fail(['deployments'], `deployments must be a list, not ${kind(deployments)}`);
    return errors;
  }
  deployments.forEach((deployment, i) => {
    const at = (...path: (string | number)[]): YamlPath => ['deployments', i, ...path];
    if (!isRecord(deployment)) {
      fail(at(), `deployment ${i + 1} must be a mapping, not ${kind(deployment)}`);
      return;
    }
    deploymentErrors(deployment, at, fail, text);
  });
  return errors;
}

type Fail = (path: YamlPath, message: string) => void;

function deploymentErrors(
  d: Record<string, unknown>,
  at: (...path: (string | number)[]) => YamlPath,
  fail: Fail,
  text: (path: YamlPath, value: unknown, key: string) => void,
): void {
  for (const key of ['name', 'version', 'version_type', 'description', 'flow_name', 'entrypoint'])
    text(at(key), d[key], key);
  if (
    d.tags !== undefined &&
    d.tags !== null &&
    typeof d.tags !== 'string' &&
    !Array.isArray(d.tags)
  )
    fail(at('tags'), `tags must be a list or text, not ${kind(d.tags)}`);
  if ('parameters' in d && !isRecord(d.parameters))
    fail(at('parameters'), `parameters must be a mapping, not ${kind(d.parameters)}`);
  for (const key of ['paused', 'enforce_parameter_schema'])
    if (d[key] !== undefined && d[key] !== null && !laxBool(d[key]))
      fail(at(key), `${key} must be true or false, not ${kind(d[key])}`);
  const limit = d.concurrency_limit;
  if (limit !== undefined && limit !== null && !Number.isInteger(limit) && !isRecord(limit))
    fail(at('concurrency_limit'), `concurrency_limit must be a number or a mapping`);
  for (const key of ['build', 'push', 'pull'] as const) steps(fail, at(key), d[key], key);
  const pool = d.work_pool;
  if (pool !== undefined && pool !== null) {
    if (!isRecord(pool)) fail(at('work_pool'), `work_pool must be a mapping, not ${kind(pool)}`);
    else {
      text(at('work_pool', 'name'), pool.name, 'work_pool.name');
      text(at('work_pool', 'work_queue_name'), pool.work_queue_name, 'work_pool.work_queue_name');
      if ('job_variables' in pool && !isRecord(pool.job_variables))
        fail(
          at('work_pool', 'job_variables'),
          `work_pool.job_variables must be a mapping, not ${kind(pool.job_variables)}`,
        );
    }
  }
  if (d.schedule !== undefined && d.schedule !== null)
    scheduleErrors(d.schedule, at('schedule'), 'schedule', fail);
  if (d.schedules !== undefined && d.schedules !== null) {
    if (!Array.isArray(d.schedules))
      fail(at('schedules'), `schedules must be a list, not ${kind(d.schedules)}`);
    else
      d.schedules.forEach((item, s) =>
        scheduleErrors(item, at('schedules', s), `schedules item ${s + 1}`, fail),
      );
  }
}

/** pydantic's lax bool: true/false, 0/1, and the words it knows. */
function laxBool(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (value === 0 || value === 1) return true;
  return (
    typeof value === 'string' && /^(?:0|off|f|false|n|no|1|on|t|true|y|yes)$/i.test(value.trim())
  );
}

/** A build / push / pull section: a list of mappings, one mapping, or null. */
function steps(fail: Fail, path: YamlPath, value: unknown, key: string): void {
  if (value === undefined || value === null || isRecord(value)) return;
  if (!Array.isArray(value)) {
    fail(path, `${key} must be a list of steps, not ${kind(value)}`);
    return;
  }
  value.forEach((step, i) => {
    if (!isRecord(step))
      fail([...path, i], `${key} step ${i + 1} must be a mapping, not ${kind(step)}`);
  });
}

/** One ScheduleItem: RawScheduleConfig, DeploymentScheduleCreate, a schedule type, or {}. */
function scheduleErrors(item: unknown, path: YamlPath, what: string, fail: Fail): void {
  if (!isRecord(item)) {
    fail(path, `${what} must be a mapping such as {cron: "0 * * * *"}, not ${kind(item)}`);
    return;
  }
  const keys = Object.keys(item);
  if (keys.length === 0) return;
  if ('schedule' in item) {
    const extra = keys.filter((k) => !SCHEDULE_CREATE_KEYS.has(k));
    if (extra.length > 0)
      fail(path, `${what} has keys Prefect does not accept: ${extra.join(', ')}`);
    else if (!isRecord(item.schedule))
      fail([...path, 'schedule'], `${what}.schedule must be a mapping`);
    else scheduleErrors(item.schedule, [...path, 'schedule'], `${what}.schedule`, fail);
    return;
  }
  const extra = keys.filter((k) => !RAW_SCHEDULE_KEYS.has(k));
  if (extra.length > 0) {
    fail(
      path,
      `${what} has keys Prefect does not accept: ${extra.join(', ')} (a schedule takes cron, interval or rrule, with timezone, anchor_date, active, parameters, slug, replaces, day_or)`,
    );
    return;
  }
  const chosen = SELECTORS.filter((k) => item[k] !== undefined && item[k] !== null);
  if (chosen.length !== 1) {
    fail(
      path,
      `${what} must have exactly one of cron, interval or rrule (it has ${chosen.length})`,
    );
    return;
  }
  for (const key of ['cron', 'rrule', 'timezone', 'anchor_date', 'slug', 'replaces'])
    if (item[key] !== undefined && item[key] !== null && typeof item[key] !== 'string')
      fail([...path, key], `${what}.${key} must be text, not ${kind(item[key])}`);
  const interval = item.interval;
  if (
    interval !== undefined &&
    interval !== null &&
    typeof interval !== 'number' &&
    typeof interval !== 'string'
  )
    fail(
      [...path, 'interval'],
      `${what}.interval must be seconds or a duration, not ${kind(interval)}`,
    );
  if ('parameters' in item && !isRecord(item.parameters))
    fail([...path, 'parameters'], `${what}.parameters must be a mapping`);
}
