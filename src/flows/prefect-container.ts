/**
 * The Prefect Docker job variables that shape the container beyond its image, env and
 * volumes: command, mem_limit, memswap_limit, privileged, labels, networks and stream_output,
 * read as the worker reads them. Source: PrefectHQ/prefect
 * src/integrations/prefect-docker/prefect_docker/worker.py at commit 01a5b683
 * (DockerWorkerJobConfiguration and DockerWorker._build_container_settings), which hands
 * them to docker-py's `containers.create`.
 */
import type { ContainerOptions } from '../shared/flows';
import { isRecord } from './yaml-document';

/** docker-py's BYTE_UNITS (docker/utils/utils.py). */
const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * docker-py `parse_bytes`: "512m" → 536870912; a number without a unit is bytes; a trailing
 * "b" after a unit letter ("512mb") is dropped. Null when docker-py would raise.
 */
export function parseBytes(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  let text = value.trim();
  if (/[a-z]{2}$/i.test(text) && /b$/i.test(text)) text = text.slice(0, -1);
  const last = text.slice(-1).toLowerCase();
  const [digits, unit] = /\d/.test(last) ? [text, 'b'] : [text.slice(0, -1), last];
  const factor = BYTE_UNITS[unit];
  if (factor === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(digits)) return null;
  return Math.trunc(Number(digits) * factor);
}

/**
 * A command string split as docker-py splits it (`split_command` = shlex.split, POSIX mode):
 * quotes group, a backslash escapes outside single quotes. Null on an unclosed quote, where
 * shlex raises "No closing quotation".
 */
export function shlexSplit(command: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < command.length; i += 1) {
    const c = command.charAt(i);
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < command.length && '"\\$`\n'.includes(command.charAt(i + 1))) {
        word += command.charAt(i + 1);
        i += 1;
      } else word += c;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      inWord = true;
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\' && i + 1 < command.length) {
        word += command.charAt(i + 1);
        i += 1;
      } else word += c;
    }
  }
  if (quote !== null) return null;
  if (inWord) words.push(word);
  return words;
}

/**
 * DockerWorkerJobConfiguration._convert_labels_to_docker_format: a `namespace/key` label
 * becomes `reversed.namespace.key` (prefect.io/flow-run-id → io.prefect.flow-run-id).
 */
export function dockerLabels(labels: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const slash = name.indexOf('/');
    if (slash === -1) out[name] = text;
    else {
      const namespace = name.slice(0, slash).split('.').reverse().join('.');
      out[`${namespace}.${name.slice(slash + 1)}`] = text;
    }
  }
  return out;
}

/**
 * The labels prefect-docker's worker puts on every flow-run container, where a local run knows
 * their values. BaseJobConfiguration.prepare_for_flow_run (prefect/workers/base.py) puts
 * _base_flow_run_labels, _base_work_pool_labels, _base_worker_name_label, _base_flow_labels and
 * _base_deployment_labels under the job's own labels; DockerWorkerJobConfiguration
 * .prepare_for_flow_run (prefect_docker/worker.py) converts them to Docker's format and sets
 * CONTAINER_LABELS (io.prefect.version: the worker's Prefect) over all of them. Here the version
 * is the file's prefect-version; IDs and the run's and worker's names exist only on a server.
 */
export function prefectWorkerLabels(
  deployment: string,
  workPool: unknown,
  prefectVersion: unknown,
): Record<string, string> {
  const labels: Record<string, string> = { 'prefect.io/deployment-name': deployment };
  if (typeof workPool === 'string' && workPool !== '')
    labels['prefect.io/work-pool-name'] = workPool;
  const version = typeof prefectVersion === 'number' ? String(prefectVersion) : prefectVersion;
  if (typeof version === 'string' && version !== '') labels['prefect.io/version'] = version;
  return dockerLabels(labels);
}

/** The worker's labels under the job's own, with its io.prefect.version over both. */
export function containerLabels(
  worker: Record<string, string>,
  own: Record<string, string>,
): Record<string, string> {
  const version = worker['io.prefect.version'];
  return { ...worker, ...own, ...(version === undefined ? {} : { 'io.prefect.version': version }) };
}

export interface ContainerReading {
  options: ContainerOptions | undefined;
  problems: { key: string; message: string; hint: string }[];
  warnings: string[];
}

const KEYS = [
  'command',
  'mem_limit',
  'memswap_limit',
  'privileged',
  'labels',
  'networks',
  'stream_output',
];

/** The job variables above, each resolved by `value(key)`; absent keys keep the worker's defaults. */
export function readContainerOptions(
  present: (key: string) => boolean,
  value: (key: string) => unknown,
  networkMode: string | null,
): ContainerReading {
  const problems: ContainerReading['problems'] = [];
  const warnings: string[] = [];
  if (!KEYS.some(present)) return { options: undefined, problems, warnings };
  const options: ContainerOptions = {
    command: null,
    memLimit: null,
    memswapLimit: null,
    privileged: false,
    labels: {},
    networks: [],
    streamOutput: true,
  };
  const command = value('command');
  if (typeof command === 'string' && command.trim() !== '') {
    options.command = shlexSplit(command);
    if (options.command === null) {
      problems.push({
        key: 'command',
        message: `work_pool.job_variables.command ${JSON.stringify(command)} has an unclosed quote`,
        hint: 'The worker splits it as a shell would (shlex): close the quote.',
      });
    } else {
      warnings.push(
        `job_variables.command is run instead of the flow's entrypoint, as the worker runs it: ${command}`,
      );
    }
  } else if (Array.isArray(command) && command.every((w) => typeof w === 'string')) {
    options.command = command;
  } else if (command !== undefined && command !== null && command !== '') {
    problems.push({
      key: 'command',
      message: 'work_pool.job_variables.command must be a string',
      hint: 'Write the command as one line, e.g. command: python -m my_package.run',
    });
  }
  for (const [key, field] of [
    ['mem_limit', 'memLimit'],
    ['memswap_limit', 'memswapLimit'],
  ] as const) {
    const raw = value(key);
    if (raw === undefined || raw === null || raw === '') continue;
    const bytes = parseBytes(raw);
    if (bytes === null || (field === 'memLimit' && bytes <= 0)) {
      problems.push({
        key,
        message: `work_pool.job_variables.${key} ${JSON.stringify(raw)} is not a number of bytes`,
        hint: 'Write it as docker-py reads it: a number with b, k, m or g, e.g. 512m or 2g.',
      });
    } else options[field] = bytes;
  }
  if (options.memswapLimit !== null && options.memLimit === null) {
    warnings.push('job_variables.memswap_limit is set without mem_limit: the engine refuses that.');
  }
  const privileged = value('privileged');
  options.privileged = privileged === true;
  const labels = value('labels');
  if (isRecord(labels)) options.labels = dockerLabels(labels);
  const networks = value('networks');
  if (Array.isArray(networks)) {
    options.networks = networks.filter((n): n is string => typeof n === 'string' && n !== '');
  } else if (networks !== undefined && networks !== null) {
    problems.push({
      key: 'networks',
      message: 'work_pool.job_variables.networks must be a list of network names',
      hint: 'e.g. networks: [my-net]',
    });
  }
  if (options.networks.length > 0 && networkMode !== null) {
    problems.push({
      key: 'networks',
      message: 'work_pool.job_variables.networks and network_mode are both set',
      hint: "The worker's network_mode wins and the engine then refuses the networks: keep one.",
    });
  }
  options.streamOutput = value('stream_output') !== false;
  if (!options.streamOutput) {
    warnings.push(
      "job_variables.stream_output is false: the worker would not stream the container's output; Berth keeps it in the run's log.",
    );
  }
  return { options, problems, warnings };
}
