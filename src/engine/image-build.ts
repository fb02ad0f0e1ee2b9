/**
 * The engine's half of an image build: POST /build with a tar of the context, the engine's
 * JSON-lines answer read as it comes, a tag, and images found by a label. The classic builder
 * (`version=1`) is asked for: it is the one every dockerd and Podman's compat API have, and
 * it answers in the documented stream / aux / error messages
 * (https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageBuild).
 */
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import type { EngineEndpoint } from '../shared/contract';
import type { PullAuth } from './engine-port';
import { BerthError } from '../shared/errors';
import { connectionError, engineError } from './engine-errors';

/** One JSON message of the engine's build stream. */
export interface RawBuildEvent {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { code?: number; message?: string };
  message?: string;
}

export interface BuildImageOptions {
  /** Relative to the context. */
  dockerfile: string;
  /** repository:tag given to the image. */
  tag: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  platform: string | null;
  pull: boolean;
  target: string | null;
  /**
   * X-Registry-Config: the auth for each registry the build pulls from, keyed by its server
   * address (moby's ResolveAuthConfig key). Sent to the engine only.
   */
  registryConfig?: Record<string, PullAuth>;
  /** Aborting closes the request, which makes the engine stop the build. */
  signal?: AbortSignal;
  onEvent(event: RawBuildEvent): void;
}

export interface ImageBuildPort {
  /** Builds from a context tar; resolves with the image ID, or rejects with `build.failed`. */
  buildImage(context: Readable, options: BuildImageOptions): Promise<string>;
  /** Images carrying the label with this value: their IDs, newest first. */
  imagesLabelled(label: string, value: string): Promise<string[]>;
  tagImage(id: string, repository: string, tag: string): Promise<void>;
}

/** A build message longer than this is cut: a runaway RUN cannot exhaust memory. */
const MAX_LINE = 1024 * 1024;

/** Reads newline-delimited JSON as it arrives; a partial last line waits for the rest. */
async function readJsonLines(stream: Readable, onLine: (value: RawBuildEvent) => void) {
  let pending = '';
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) onLine(parseLine(line));
      newline = pending.indexOf('\n');
    }
    if (pending.length > MAX_LINE) pending = pending.slice(-MAX_LINE);
  }
  if (pending.trim()) onLine(parseLine(pending.trim()));
}

function parseLine(line: string): RawBuildEvent {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as RawBuildEvent) : { stream: line };
  } catch {
    return { stream: `${line}\n` };
  }
}

export function buildCancelled(): BerthError {
  return new BerthError('job.cancelled', 'The build was cancelled.');
}

export function dockerImageBuild(clients: {
  docker(): Promise<Docker>;
  streams(): Promise<Docker>;
  endpoint: EngineEndpoint;
}): ImageBuildPort {
  const { endpoint } = clients;
  return {
    buildImage: async (context, options) => {
      const { signal } = options;
      if (signal?.aborted) throw buildCancelled();
      let stream: Readable;
      try {
        stream = (await (
          await clients.streams()
        ).buildImage(context, {
          t: options.tag,
          dockerfile: options.dockerfile,
          buildargs: JSON.stringify(options.buildArgs),
          labels: JSON.stringify(options.labels),
          pull: options.pull ? '1' : '',
          rm: true,
          forcerm: true,
          version: '1',
          ...(options.platform ? { platform: options.platform } : {}),
          ...(options.target ? { target: options.target } : {}),
          // dockerode turns it into the X-Registry-Config header (base64 JSON), not a query.
          ...(options.registryConfig && Object.keys(options.registryConfig).length > 0
            ? { registryconfig: options.registryConfig }
            : {}),
          ...(signal ? { abortSignal: signal } : {}),
        } as unknown as Docker.ImageBuildOptions)) as unknown as Readable;
      } catch (error) {
        if (signal?.aborted) throw buildCancelled();
        const connection = connectionError(error, endpoint);
        if (connection) throw connection;
        const mapped = engineError(error, endpoint);
        throw new BerthError(
          'build.failed',
          `The engine refused the build: ${mapped.message}`,
          undefined,
          {
            engineMessage: mapped.details?.engineMessage ?? mapped.message,
          },
        );
      }
      let imageId: string | null = null;
      let failure: string | null = null;
      try {
        await readJsonLines(stream, (event) => {
          if (event.aux?.ID) imageId = event.aux.ID;
          if (event.error || event.errorDetail?.message) {
            failure ??= event.errorDetail?.message ?? event.error ?? null;
          }
          options.onEvent(event);
        });
      } catch (error) {
        if (signal?.aborted) throw buildCancelled();
        throw connectionError(error, endpoint) ?? engineError(error, endpoint);
      }
      if (signal?.aborted) throw buildCancelled();
      if (failure !== null) {
        throw new BerthError('build.failed', failure, undefined, { engineMessage: failure });
      }
      if (imageId === null) {
        throw new BerthError(
          'build.failed',
          'The engine did not return an image ID for the build.',
        );
      }
      return imageId;
    },

    imagesLabelled: async (label, value) => {
      try {
        const images = await (
          await clients.docker()
        ).listImages({ filters: JSON.stringify({ label: [`${label}=${value}`] }) });
        return [...images].sort((a, b) => b.Created - a.Created).map((image) => image.Id);
      } catch (error) {
        throw engineError(error, endpoint);
      }
    },

    tagImage: async (id, repository, tag) => {
      try {
        await (await clients.docker()).getImage(id).tag({ repo: repository, tag });
      } catch (error) {
        throw engineError(error, endpoint, id);
      }
    },
  };
}
