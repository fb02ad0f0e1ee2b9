/**
 * The containers of flow runs: create, put files in, attach, wait, start, stop, kill, remove.
 * The port's half lives here so the engine adapter only spreads it in; every call but the
 * run's own streams (attach, wait) is bounded by the adapter's timeout.
 */
import type Docker from 'dockerode';
import type { EngineEndpoint } from '../shared/contract';
import { BerthError } from '../shared/errors';
import { connectionError, engineError } from './engine-errors';

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
}

const BLOCK = 512;
const CREATE_TIMEOUT_MS = 120_000;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** One ustar header (POSIX.1-1988): names up to 100 bytes, or 255 split at a slash. */
function tarHeader(name: string, size: number, mode: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) {
      throw new BerthError('runs.file_name_too_long', `The path ${name} is too long for a tar.`);
    }
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  header.write(base, 0, 100, 'utf8');
  header.write(octal(mode & 0o7777, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii'); // uid: root, like the image's own files
  header.write(octal(0, 8), 116, 'ascii'); // gid
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii'); // the checksum counts itself as spaces
  header.write('0', 156, 'ascii'); // a regular file
  header.write('ustar\u000000', 257, 'binary');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/**
 * A tar of the files, paths relative to "/". No folder entries: the engine makes missing
 * parents itself, and an entry for an existing folder (/opt) would change its mode.
 */
export function tarOf(files: ContainerFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    const name = file.path.replace(/^\/+/, '');
    if (!name || name.split('/').includes('..')) {
      throw new BerthError('runs.bad_file_path', `Not a path inside the container: ${file.path}`);
    }
    const body = Buffer.from(file.content, 'utf8');
    parts.push(tarHeader(name, body.length, file.mode ?? 0o644), body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2)); // two zero blocks end the archive
  return Buffer.concat(parts);
}

interface ContainerClients {
  /** Bounded by the adapter's timeout. */
  docker(): Promise<Docker>;
  /** No socket timeout: a run's attach and wait last as long as the run. */
  streams(): Promise<Docker>;
  endpoint: EngineEndpoint;
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

export function dockerContainers({
  docker,
  streams,
  endpoint,
  timeoutMs,
}: ContainerClients): ContainerPort {
  const call = async <T>(what: string, run: (d: Docker) => Promise<T>): Promise<T> => {
    try {
      return await run(await docker());
    } catch (error) {
      throw containerError(error, endpoint, what);
    }
  };
  return {
    createContainer: async (spec) => {
      // Creating copies the image's files on some storage drivers (vfs): on a busy machine that
      // outlasts an ordinary call's bound, so it has a generous one of its own.
      const bound = AbortSignal.timeout(Math.max(CREATE_TIMEOUT_MS, timeoutMs));
      try {
        const container = await (
          await streams()
        ).createContainer({
          abortSignal: bound,
          name: spec.name,
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
          },
        });
        return { id: container.id };
      } catch (error) {
        throw containerError(error, endpoint, `create the container ${spec.name}`);
      }
    },

    containerImage: (id) =>
      call('inspect the container', async (d) => (await d.getContainer(id).inspect()).Image),

    copyToContainer: (id, files) =>
      call('put the launcher into the container', async (d) => {
        await d.getContainer(id).putArchive(tarOf(files), { path: '/' });
      }),

    attachContainer: async (id, signal) => {
      try {
        const container = (await streams()).getContainer(id);
        return await container.attach({
          stream: true,
          stdout: true,
          stderr: true,
          logs: true,
          ...(signal ? { abortSignal: signal } : {}),
        });
      } catch (error) {
        throw containerError(error, endpoint, 'attach to the container');
      }
    },

    waitContainer: async (id, signal) => {
      try {
        const container = (await streams()).getContainer(id);
        const result = (await container.wait({
          condition: 'next-exit',
          ...(signal ? { abortSignal: signal } : {}),
        })) as { StatusCode?: number; Error?: { Message?: string } | null };
        return { exitCode: result.StatusCode ?? -1, error: result.Error?.Message || null };
      } catch (error) {
        throw containerError(error, endpoint, 'wait for the container');
      }
    },

    startContainer: (id) =>
      call('start the container', async (d) => {
        await d.getContainer(id).start();
      }),

    stopContainer: async (id, graceSeconds) => {
      // `docker stop -t` returns once the container is gone: allow the grace and then some.
      const bound = AbortSignal.timeout(graceSeconds * 1000 + timeoutMs);
      try {
        await (await streams()).getContainer(id).stop({ t: graceSeconds, abortSignal: bound });
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 304 || status === 404) return; // stopped or removed already
        throw containerError(error, endpoint, 'stop the container');
      }
    },

    killContainer: (id) =>
      call('kill the container', async (d) => {
        await d
          .getContainer(id)
          .kill()
          .catch((error: unknown) => {
            const status = (error as { statusCode?: number }).statusCode;
            if (status !== 404 && status !== 409) throw error;
          });
      }),

    removeContainer: (id) =>
      call('remove the container', async (d) => {
        await d
          .getContainer(id)
          .remove({ force: true })
          .catch((error: unknown) => {
            const status = (error as { statusCode?: number }).statusCode;
            if (status !== 404 && status !== 409) throw error; // 409: removal already in progress
          });
      }),
  };
}

/** The container half of an engine that cannot be used: every call fails with its reason. */
export function unusableContainers(error: BerthError): ContainerPort {
  const fail = () => Promise.reject(error);
  return {
    createContainer: fail,
    containerImage: fail,
    copyToContainer: fail,
    attachContainer: fail,
    waitContainer: fail,
    startContainer: fail,
    stopContainer: fail,
    killContainer: fail,
    removeContainer: fail,
  };
}
