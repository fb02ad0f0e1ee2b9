/**
 * The containers of flow runs: create, put files in, attach, wait, start, stop, kill, remove.
 * The port's half lives here so the engine adapter only spreads it in; every call but the
 * run's own streams (attach, wait) is bounded by the adapter's timeout.
 */
import type { Readable } from 'node:stream';
import type { EngineEndpoint } from '../shared/contract';
import { BerthError } from '../shared/errors';
import { connectionError, engineError } from './engine-errors';
import { engineJson } from './engine-http';
import type { EngineHttp, EngineHttpRequest } from './engine-http';

/** A container as a flow run creates it (Docker's create body, in Berth's own names). */
export interface ContainerCreate {
  /** Unique on the engine; Docker's `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. */
  name: string;
  image: string;
  cmd: string[];
  env: string[];
  workingDir: string;
  labels: Record<string, string>;
  /** A pseudo-terminal: programs keep their colours; stdout and stderr come as one stream. */
  tty: boolean;
  binds: string[];
  autoRemove: boolean;
  networkMode?: string;
  extraHosts?: string[];
  /** HostConfig.Memory in bytes (`docker run -m`). */
  memory?: number;
  /** HostConfig.MemorySwap in bytes, -1 for unlimited (`--memory-swap`). */
  memorySwap?: number;
  privileged?: boolean;
  /** An init process (docker-init) as PID 1, which passes signals on (`--init`). */
  init?: boolean;
  /** HostConfig.DeviceRequests, as `docker run --gpus` sends them (docker/cli opts/gpus.go). */
  deviceRequests?: DeviceRequest[];
}

export interface DeviceRequest {
  Driver: string;
  /** -1 for all devices. */
  Count: number;
  DeviceIDs: string[];
  Capabilities: string[][];
  Options: Record<string, string>;
}

/** What the engine says about GPUs: the runtimes it has, and whether one of them serves GPUs. */
export interface GpuSupport {
  available: boolean;
  runtimes: string[];
}

export interface CreatedContainer {
  id: string;
}

/** A file put into a container before it starts; the path is absolute in the container. */
export interface ContainerFile {
  path: string;
  content: string;
  mode?: number;
}

export interface ContainerExit {
  exitCode: number;
  /** The engine's own error about the wait, if any. */
  error: string | null;
}

export interface ContainerPort {
  /** Creates a container (not started); `run.image_missing` when the engine lacks the image. */
  createContainer(spec: ContainerCreate): Promise<CreatedContainer>;
  /** The ID of the image a container was created from. */
  containerImage(id: string): Promise<string>;
  /** How a container ended, from its inspect: still running, or gone (auto-removed). */
  containerExit(id: string): Promise<ContainerExit | 'running' | 'gone'>;
  /** Puts files into a created container (as `docker cp` does); missing folders are made. */
  copyToContainer(id: string, files: ContainerFile[]): Promise<void>;
  /**
   * The container's output from its start, raw (with a TTY: one stream, ANSI kept). Attach
   * before starting, so nothing is missed; the stream ends when the container exits.
   */
  attachContainer(id: string, signal?: AbortSignal): Promise<NodeJS.ReadableStream>;
  /** Resolves at the container's next exit; ask before starting (auto-removed ones vanish). */
  waitContainer(id: string, signal?: AbortSignal): Promise<ContainerExit>;
  startContainer(id: string): Promise<void>;
  /** SIGTERM (or the image's stop signal), then SIGKILL after `graceSeconds`: `docker stop -t`. */
  stopContainer(id: string, graceSeconds: number): Promise<void>;
  killContainer(id: string): Promise<void>;
  /** Removes a container, running or not; one that is gone already is fine. */
  removeContainer(id: string): Promise<void>;
  /** Connects a created container to one more network (`docker network connect`). */
  connectNetwork(id: string, network: string): Promise<void>;
  /** Whether the engine can give a container GPUs, from the runtimes `docker info` lists. */
  gpuSupport(): Promise<GpuSupport>;
}

const CREATE_TIMEOUT_MS = 120_000;

/**
 * A tar of the files, paths relative to "/", written by tar-stream (long paths through the
 * ustar prefix or a pax header). No folder entries: the engine makes missing parents itself,
 * and an entry for an existing folder (/opt) would change its mode.
 */
export async function tarOf(files: ContainerFile[]): Promise<Buffer> {
  const entries = files.map((file) => {
    const name = file.path.replace(/^\/+/, '');
    if (!name || name.split('/').includes('..')) {
      throw new BerthError('run.bad_file_path', `Not a path inside the container: ${file.path}`);
    }
    return { name, body: Buffer.from(file.content, 'utf8'), mode: file.mode ?? 0o644 };
  });
  // Loaded here, at a run's first file: the engine's face is loaded by every command.
  const { default: tar } = await import('tar-stream');
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const entry of entries) {
    // uid and gid 0: root, like the image's own files.
    pack.entry({ name: entry.name, mode: entry.mode, uid: 0, gid: 0 }, entry.body);
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

interface ContainerClients {
  /** Node's own http to the engine (engine-http.ts): no dockerode on a run's path. */
  http: EngineHttp;
  /** The attach's hijacked connection. */
  hijack: (request: EngineHttpRequest) => Promise<Readable>;
  endpoint: EngineEndpoint;
  /** Until the engine answers an ordinary call; a run's attach and wait last as long as it. */
  timeoutMs: number;
}

/** A container error in words: connection problems as the engine's, the rest with the engine's message. */
function containerError(error: unknown, endpoint: EngineEndpoint, what: string): BerthError {
  if (error instanceof BerthError) return error;
  const connection = connectionError(error, endpoint);
  if (connection) return connection;
  const status = (error as { statusCode?: number }).statusCode;
  const mapped = engineError(error, endpoint);
  const engineMessage = String(mapped.details?.engineMessage ?? mapped.message);
  if (status === 404 && what.startsWith('create') && /no such image/i.test(engineMessage)) {
    return new BerthError(
      'run.image_missing',
      `The engine has no image for this run: ${engineMessage}`,
      'Pull the image first, or set the pull policy to ALWAYS or IF_NOT_PRESENT.',
      mapped.details,
    );
  }
  return new BerthError(
    'engine.container_failed',
    `The engine could not ${what}: ${engineMessage}`,
    undefined,
    mapped.details,
  );
}

/**
 * A container spec as the engine's create call takes it, the body `docker run` sends
 * (moby api/types/container Config and HostConfig).
 */
function createBody(spec: ContainerCreate): Record<string, unknown> {
  return {
    Image: spec.image,
    Cmd: spec.cmd,
    Env: spec.env,
    WorkingDir: spec.workingDir,
    Labels: spec.labels,
    Tty: spec.tty,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: false,
    HostConfig: {
      Binds: spec.binds,
      AutoRemove: spec.autoRemove,
      ...(spec.networkMode ? { NetworkMode: spec.networkMode } : {}),
      ...(spec.extraHosts?.length ? { ExtraHosts: spec.extraHosts } : {}),
      ...(spec.memory !== undefined ? { Memory: spec.memory } : {}),
      ...(spec.memorySwap !== undefined ? { MemorySwap: spec.memorySwap } : {}),
      ...(spec.privileged ? { Privileged: true } : {}),
      ...(spec.init ? { Init: true } : {}),
      ...(spec.deviceRequests?.length ? { DeviceRequests: spec.deviceRequests } : {}),
    },
  };
}

/** Whether the engine refused with one of these statuses (docker-modem's and engine-http's shape). */
const refusedWith = (error: unknown, ...statuses: number[]): boolean =>
  statuses.includes((error as { statusCode?: number }).statusCode ?? 0);

export function dockerContainers({
  http,
  hijack,
  endpoint,
  timeoutMs,
}: ContainerClients): ContainerPort {
  const at = (id: string, rest = '') => `/containers/${encodeURIComponent(id)}${rest}`;
  /** An ordinary call: bounded, its answer (JSON or nothing) read whole. */
  const call = async (what: string, request: EngineHttpRequest): Promise<unknown> => {
    try {
      return await engineJson(http, { answerTimeoutMs: timeoutMs, ...request });
    } catch (error) {
      throw containerError(error, endpoint, what);
    }
  };
  return {
    createContainer: async (spec) => {
      // Creating copies the image's files on some storage drivers (vfs): on a busy machine that
      // outlasts an ordinary call's bound, so it has a generous one of its own.
      const created = (await call(`create the container ${spec.name}`, {
        method: 'POST',
        path: '/containers/create',
        query: { name: spec.name },
        body: { json: createBody(spec) },
        answerTimeoutMs: Math.max(CREATE_TIMEOUT_MS, timeoutMs),
      })) as { Id?: unknown };
      if (typeof created?.Id !== 'string') {
        throw new BerthError(
          'engine.container_failed',
          `The engine did not say which container it created for ${spec.name}.`,
        );
      }
      return { id: created.Id };
    },

    containerImage: async (id) => {
      const inspect = (await call('inspect the container', {
        method: 'GET',
        path: at(id, '/json'),
      })) as { Image?: unknown };
      return typeof inspect?.Image === 'string' ? inspect.Image : '';
    },

    containerExit: async (id) => {
      try {
        const inspect = (await engineJson(http, {
          method: 'GET',
          path: at(id, '/json'),
          answerTimeoutMs: timeoutMs,
        })) as { State?: { Running?: boolean; ExitCode?: number; Error?: string } } | null;
        const state = inspect?.State;
        if (!state || state.Running) return 'running';
        return { exitCode: state.ExitCode ?? -1, error: state.Error || null };
      } catch (error) {
        if (refusedWith(error, 404)) return 'gone';
        throw containerError(error, endpoint, 'inspect the container');
      }
    },

    copyToContainer: async (id, files) => {
      await call('put the launcher into the container', {
        method: 'PUT',
        path: at(id, '/archive'),
        query: { path: '/' },
        headers: { 'content-type': 'application/x-tar' },
        body: await tarOf(files),
      });
    },

    attachContainer: async (id, signal) => {
      try {
        return await hijack({
          method: 'POST',
          path: at(id, '/attach'),
          query: { stream: '1', stdout: '1', stderr: '1', logs: '1' },
          answerTimeoutMs: timeoutMs,
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        throw containerError(error, endpoint, 'attach to the container');
      }
    },

    waitContainer: async (id, signal) => {
      const result = (await call('wait for the container', {
        method: 'POST',
        path: at(id, '/wait'),
        query: { condition: 'next-exit' },
        // The answer comes when the container exits: the run's own signal ends the wait.
        answerTimeoutMs: 0,
        ...(signal ? { signal } : {}),
      })) as { StatusCode?: number; Error?: { Message?: string } | null };
      return { exitCode: result?.StatusCode ?? -1, error: result?.Error?.Message || null };
    },

    startContainer: async (id) => {
      await call('start the container', { method: 'POST', path: at(id, '/start') });
    },

    stopContainer: async (id, graceSeconds) => {
      // `docker stop -t` returns once the container is gone: allow the grace and then some.
      try {
        await engineJson(http, {
          method: 'POST',
          path: at(id, '/stop'),
          query: { t: String(graceSeconds) },
          answerTimeoutMs: graceSeconds * 1000 + timeoutMs,
        });
      } catch (error) {
        if (refusedWith(error, 304, 404)) return; // stopped or removed already
        throw containerError(error, endpoint, 'stop the container');
      }
    },

    killContainer: async (id) => {
      try {
        await engineJson(http, {
          method: 'POST',
          path: at(id, '/kill'),
          answerTimeoutMs: timeoutMs,
        });
      } catch (error) {
        if (refusedWith(error, 404, 409)) return; // gone, or not running
        throw containerError(error, endpoint, 'kill the container');
      }
    },

    removeContainer: async (id) => {
      try {
        await engineJson(http, {
          method: 'DELETE',
          path: at(id),
          query: { force: 'true' },
          answerTimeoutMs: timeoutMs,
        });
      } catch (error) {
        if (refusedWith(error, 404, 409)) return; // 409: removal already in progress
        throw containerError(error, endpoint, 'remove the container');
      }
    },

    connectNetwork: async (id, network) => {
      await call(`connect the container to the network ${network}`, {
        method: 'POST',
        path: `/networks/${encodeURIComponent(network)}/connect`,
        body: { json: { Container: id } },
      });
    },

    gpuSupport: async () => {
      const info = (await call('read the engine’s runtimes', { method: 'GET', path: '/info' })) as {
        Runtimes?: Record<string, unknown>;
      };
      const runtimes = Object.keys(info?.Runtimes ?? {}).sort();
      // moby registers its "nvidia" device driver where the NVIDIA container toolkit is
      // installed (daemon/nvidia_linux.go), and the toolkit registers its runtime with the
      // engine (nvidia-ctk runtime configure): a listed nvidia runtime is the visible sign.
      return { available: runtimes.some((r) => /nvidia/i.test(r)), runtimes };
    },
  };
}

/** The container half of an engine that cannot be used: every call fails with its reason. */
export function unusableContainers(error: BerthError): ContainerPort {
  const fail = () => Promise.reject(error);
  return {
    createContainer: fail,
    containerImage: fail,
    containerExit: fail,
    copyToContainer: fail,
    attachContainer: fail,
    waitContainer: fail,
    startContainer: fail,
    stopContainer: fail,
    killContainer: fail,
    removeContainer: fail,
    connectNetwork: fail,
    gpuSupport: fail,
  };
}
