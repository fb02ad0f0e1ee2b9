/**
 * The engine's half of an image build: POST /build with a tar of the context, the engine's
 * JSON-lines answer read as it comes, a tag, and images found by a label. The classic builder
 * (`version=1`) is asked for: it is the one every dockerd and Podman's compat API have, and
 * it answers in the documented stream / aux / error messages
 * (https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageBuild).
 */
import type { Readable } from 'node:stream';
import type { EngineEndpoint } from '../shared/contract';
import type { PullAuth } from './engine-port';
import { BerthError } from '../shared/errors';
import { connectionError, engineError } from './engine-errors';
import { engineJson } from './engine-http';
import type { EngineHttp } from './engine-http';

function isImageRow(value: unknown): value is { Id: string; Created: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'Id' in value &&
    typeof value.Id === 'string' &&
    'Created' in value &&
    typeof value.Created === 'number'
  );
}

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

/**
 * X-Registry-Config as moby reads it: base64.NewDecoder(base64.URLEncoding, …) over the JSON
 * map, decode errors ignored (api/server/router/build/build_routes.go, getAuthConfigs). So it
 * must be URL-safe *with* padding: standard base64 (docker-modem's) loses the whole header,
 * silently, whenever the encoding holds a + or /, and Node's base64url drops the padding
 * the Go decoder needs for the last bytes.
 */
export function registryConfigHeader(
  config: Record<string, PullAuth> | undefined,
): Record<string, string> {
  if (!config || Object.keys(config).length === 0) return {};
  const encoded = Buffer.from(JSON.stringify(config))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return { 'X-Registry-Config': encoded };
}

export function dockerImageBuild(clients: {
  http: EngineHttp;
  endpoint: EngineEndpoint;
}): ImageBuildPort {
  const { endpoint, http } = clients;
  return {
    buildImage: async (context, options) => {
      const { signal } = options;
      if (signal?.aborted) throw buildCancelled();
      let stream: Readable;
      try {
        // The query the docker CLI sends for a classic build (cli/command/image/build.go,
        // client/image_build.go: t, dockerfile, buildargs, labels, pull, rm, forcerm, version).
        stream = await http({
          method: 'POST',
          path: '/build',
          query: {
            t: options.tag,
            dockerfile: options.dockerfile,
            buildargs: JSON.stringify(options.buildArgs),
            labels: JSON.stringify(options.labels),
            pull: options.pull ? '1' : undefined,
            rm: '1',
            forcerm: '1',
            version: '1',
            platform: options.platform ?? undefined,
            target: options.target ?? undefined,
          },
          headers: {
            'Content-Type': 'application/x-tar',
            ...registryConfigHeader(options.registryConfig),
          },
          body: context,
          ...(signal ? { signal } : {}),
        });
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
      let images: unknown;
      try {
        images = await engineJson(http, {
          method: 'GET',
          path: '/images/json',
          query: { filters: JSON.stringify({ label: [`${label}=${value}`] }) },
        });
      } catch (error) {
        throw connectionError(error, endpoint) ?? engineError(error, endpoint);
      }
      if (!Array.isArray(images)) return [];
      return images
        .filter((image): image is { Id: string; Created: number } => isImageRow(image))
        .sort((a, b) => b.Created - a.Created)
        .map((image) => image.Id);
    },

    tagImage: async (id, repository, tag) => {
      try {
        const response = await http({
          method: 'POST',
          path: `/images/${encodeURIComponent(id)}/tag`,
          query: { repo: repository, tag },
        });
        response.resume();
      } catch (error) {
        throw connectionError(error, endpoint) ?? engineError(error, endpoint, id);
      }
    },
  };
}
