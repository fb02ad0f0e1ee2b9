/**
 * How a flow becomes a container: the image, the command (the Prefect launcher for
 * entrypoints), the project folder bind-mounted at the working dir, the env, the labels, and
 * Prefect's own Docker-worker habit of reaching a local API through host.docker.internal.
 */
import { isAbsolute, posix, relative, resolve } from 'node:path';
import { BerthError } from '../shared/errors';
import type { DeviceRequest } from '../engine';
import { LAUNCHER_PY, containerLabels, launcherEnv } from '../flows';
import type { ContainerOptions } from '../shared/flows';

export const PROJECT_MOUNT = '/opt/berth/project';
export const LAUNCHER_PATH = '/opt/berth/launcher.py';
export const RUN_ID_LABEL = 'berth.run-id';

export interface RunRequest {
  runId: string;
  image: string;
  projectDir: string;
  /**
   * A Prefect entrypoint (`flows/hello.py:hello`) run through the launcher; a module one
   * (`pkg.mod:hello`) also names its module and the sys.path folder relative to the mount…
   */
  entrypoint?: {
    path: string;
    function: string;
    parameters: Record<string, unknown>;
    module?: string | undefined;
    importRoot?: string | undefined;
  };
  /** …or a command as given (valohai.yaml, berth.yaml). */
  command?: string[];
  env: Record<string, string>;
  volumes: { host: string; container: string; readOnly: boolean }[];
  workingDir?: string | null;
  /**
   * Where the project is mounted; PROJECT_MOUNT unless the flow's platform puts the code
   * elsewhere (a Prefect set_working_directory, Valohai's /valohai/repository).
   */
  projectMount?: string;
  /** The host folder mounted there, inside projectDir; projectDir itself when absent. */
  mountDir?: string;
  /** More mounts Berth makes itself (Valohai inputs and outputs): host paths are absolute. */
  extraBinds?: { host: string; container: string; readOnly: boolean }[];
  autoRemove: boolean;
  networkMode?: string | null;
  platform: NodeJS.Platform;
  /** The flow's Prefect job variables beyond the above (memory, labels, networks, …). */
  container?: ContainerOptions | undefined;
  /** The labels Prefect's Docker worker would add (io.prefect.*), under the job's own. */
  workerLabels?: Record<string, string> | undefined;
  /** The run's own options, over the flow's. */
  options?: RunOptions;
}

/** What a run adds to the flow's own settings (the form, `berth run` flags). */
export interface RunOptions {
  gpus?: string | undefined;
  /** Bytes. */
  memory?: number | undefined;
  network?: string | undefined;
  init?: boolean | undefined;
}

export interface ContainerSpec {
  Image: string;
  Cmd: string[];
  Env: string[];
  WorkingDir: string;
  Labels: Record<string, string>;
  HostConfig: {
    Binds: string[];
    AutoRemove: boolean;
    NetworkMode?: string;
    ExtraHosts?: string[];
    Memory?: number;
    MemorySwap?: number;
    Privileged?: boolean;
    Init?: boolean;
    DeviceRequests?: DeviceRequest[];
  };
  /** Networks connected after the container is created (the worker's networks[1:]). */
  networks: string[];
  /** The `--gpus` value asked for; its DeviceRequests go in only where the engine has GPUs. */
  gpus: string | null;
  /** Files to put in the container before it starts (the launcher). */
  files: { path: string; content: string }[];
  /** Notes for the user, e.g. the PREFECT_API_URL rewrite. */
  notes: string[];
}

const LOCALHOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);

/** Prefect's Docker worker rewrites a local API URL so the container can reach the host. */
export function rewritePrefectApiUrl(
  env: Record<string, string>,
  platform: NodeJS.Platform,
): { env: Record<string, string>; extraHosts: string[]; note: string | null } {
  const url = env.PREFECT_API_URL;
  if (!url) return { env, extraHosts: [], note: null };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { env, extraHosts: [], note: null };
  }
  if (!LOCALHOSTS.has(parsed.hostname)) return { env, extraHosts: [], note: null };
  parsed.hostname = 'host.docker.internal';
  const rewritten = parsed.href.replace(/\/$/, url.endsWith('/') ? '/' : '');
  return {
    env: { ...env, PREFECT_API_URL: rewritten },
    // Docker Desktop resolves host.docker.internal itself; Linux engines need the mapping.
    extraHosts: platform === 'linux' ? ['host.docker.internal:host-gateway'] : [],
    note: `PREFECT_API_URL ${url} points at this machine: rewritten to ${rewritten} for the container.`,
  };
}

function checkInside(projectDir: string, host: string): string {
  const absolute = resolve(projectDir, host);
  const rel = relative(resolve(projectDir), absolute);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new BerthError(
      'run.volume_outside_project',
      `The volume ${host} is outside the project folder ${projectDir}.`,
      'Mount only folders inside the project, so a run cannot touch the rest of the machine.',
    );
  }
  return absolute;
}

/**
 * `--gpus` as the docker CLI turns it into a device request (docker/cli opts/gpus.go): "all" is
 * Count -1, a number is that count, device=0,1 names the devices; capability "gpu".
 */
export function gpuRequest(gpus: string): DeviceRequest {
  const devices = gpus.startsWith('device=') ? gpus.slice('device='.length).split(',') : [];
  return {
    Driver: '',
    Count: devices.length > 0 ? 0 : gpus === 'all' ? -1 : Number(gpus),
    DeviceIDs: devices,
    Capabilities: [['gpu']],
    Options: {},
  };
}

/**
 * The network settings as the worker makes them (DockerWorker._build_container_settings): the
 * first of `networks` at creation, the rest connected after; a run's own network wins over both.
 */
function networkOf(request: RunRequest): { mode: string | null; more: string[] } {
  const chosen = request.options?.network;
  if (chosen) return { mode: chosen, more: [] };
  const networks = request.container?.networks ?? [];
  if (request.networkMode) return { mode: request.networkMode, more: [] };
  return { mode: networks[0] ?? null, more: networks.slice(1) };
}

export function containerSpec(request: RunRequest): ContainerSpec {
  if (!request.entrypoint && !request.command?.length) {
    throw new BerthError('run.no_command', 'The flow has neither an entrypoint nor a command.');
  }
  const notes: string[] = [];
  const prefect = rewritePrefectApiUrl(request.env, request.platform);
  if (prefect.note) notes.push(prefect.note);
  // No __pycache__ written into the mounted project: it would change the build context's hash
  // (a rebuild on every run) and leave root-owned files in the user's folder.
  const env: Record<string, string> = {
    ...prefect.env,
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  if (env.EXTRA_PIP_PACKAGES) {
    notes.push(
      `EXTRA_PIP_PACKAGES=${env.EXTRA_PIP_PACKAGES} is passed through: prefecthq/prefect images pip-install it when the container starts (other images ignore it).`,
    );
  }
  const files: ContainerSpec['files'] = [];
  let cmd: string[];
  const projectMount = request.projectMount ?? PROJECT_MOUNT;
  if (request.entrypoint) {
    const { module, importRoot } = request.entrypoint;
    Object.assign(
      env,
      launcherEnv(
        `${module ?? request.entrypoint.path}:${request.entrypoint.function}`,
        request.entrypoint.parameters,
        module && importRoot ? posix.join(projectMount, importRoot) : null,
      ),
    );
    files.push({ path: LAUNCHER_PATH, content: LAUNCHER_PY });
    cmd = ['python3', LAUNCHER_PATH];
  } else {
    cmd = request.command ?? [];
  }
  // job_variables.command replaces what the worker would start (`prefect flow-run execute`).
  if (request.container?.command?.length) cmd = request.container.command;
  const binds = [
    `${resolve(request.mountDir ?? request.projectDir)}:${projectMount}`,
    ...(request.extraBinds ?? []).map((b) => `${b.host}:${b.container}${b.readOnly ? ':ro' : ''}`),
    ...request.volumes.map(
      (v) => `${checkInside(request.projectDir, v.host)}:${v.container}${v.readOnly ? ':ro' : ''}`,
    ),
  ];
  const container = request.container;
  const network = networkOf(request);
  const memory = request.options?.memory ?? container?.memLimit ?? null;
  const memswap = container?.memswapLimit ?? null;
  return {
    Image: request.image,
    Cmd: cmd,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: request.workingDir ?? projectMount,
    Labels: {
      ...containerLabels(request.workerLabels ?? {}, container?.labels ?? {}),
      [RUN_ID_LABEL]: request.runId,
      'berth.project': resolve(request.projectDir),
    },
    HostConfig: {
      Binds: binds,
      AutoRemove: request.autoRemove,
      ...(network.mode ? { NetworkMode: network.mode } : {}),
      ...(prefect.extraHosts.length ? { ExtraHosts: prefect.extraHosts } : {}),
      ...(memory !== null ? { Memory: memory } : {}),
      ...(memory !== null && memswap !== null ? { MemorySwap: memswap } : {}),
      ...(container?.privileged ? { Privileged: true } : {}),
      ...(request.options?.init ? { Init: true } : {}),
    },
    networks: network.more,
    gpus: request.options?.gpus ?? null,
    files,
    notes,
  };
}
