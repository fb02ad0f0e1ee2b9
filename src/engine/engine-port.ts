/**
 * The Engine port: everything Berth asks of a container engine, in domain types. The app,
 * the CLI and the tests all run against the same adapter over dockerode (docker-engine.ts),
 * which speaks to Docker and to Podman's Docker-compatible API alike.
 */
import type { ContainerPort } from './containers';
import type { ImageBuildPort } from './image-build';
import type { ImageEventsOptions } from './image-events';
import type { EngineEndpoint, EngineInfo, ImageDetails, ImageSummary } from '../shared/contract';

export interface RemovedImage {
  untagged: string[];
  deleted: string[];
}

/**
 * One JSON message of the engine's pull stream, as the Docker API sends it
 * (https://docs.docker.com/reference/api/engine/version/v1.41/#tag/Image/operation/ImageCreate).
 */
export interface RawPullEvent {
  status?: string;
  /** The layer's short ID for layer messages; the tag for "Pulling from …". */
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  errorDetail?: { code?: number; message?: string };
  error?: string;
}

/** The engine's registry auth (X-Registry-Auth): sent to the engine only, never stored. */
export interface PullAuth {
  username: string;
  password: string;
  serveraddress: string;
  /** An identity (refresh) token: the engine exchanges it at the token realm, as for docker. */
  identitytoken?: string;
}

export interface PullImageOptions {
  auth?: PullAuth;
  /** os/arch[/variant]; the engine's own when absent. */
  platform?: string;
  /** Aborting closes the stream, which makes the engine cancel the pull. */
  signal?: AbortSignal;
  onEvent(event: RawPullEvent): void;
}

/**
 * How the engine itself reaches registries (`docker info`'s RegistryConfig and proxy): what
 * Berth's own checks cannot see, and what makes a pull differ from them.
 */
export interface EngineRegistryView {
  /** CIDRs whose registries the engine talks plain HTTP to (127.0.0.0/8 by default). */
  insecureCidrs: string[];
  /** Registries (host[:port]) configured by name, with whether the engine insists on TLS. */
  registries: { name: string; secure: boolean; mirrors: string[] }[];
  /** Docker Hub mirrors, tried before Docker Hub itself. */
  mirrors: string[];
  /** The engine's own proxy settings (credentials already masked by the engine). */
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

export interface EnginePort extends ContainerPort, Partial<ImageBuildPort> {
  readonly endpoint: EngineEndpoint;
  /** Resolves when the engine answers /_ping; rejects with a BerthError saying why not. */
  ping(): Promise<void>;
  info(): Promise<EngineInfo>;
  listImages(): Promise<ImageSummary[]>;
  /**
   * The image's details; `layers: false` leaves out the history read, so the layers come
   * without sizes (a pull's reads before and after need only its digests and platform).
   */
  inspectImage(id: string, options?: { layers?: boolean }): Promise<ImageDetails>;
  removeImage(id: string, force: boolean): Promise<RemovedImage>;
  /**
   * Pulls a reference (with its tag or digest), streaming the engine's messages to onEvent.
   * Rejects with `pull.failed` (the engine's own words in details.engineMessage),
   * `job.cancelled` once the signal aborts, or an engine error when it cannot be reached.
   */
  pullImage(reference: string, options: PullImageOptions): Promise<void>;
  /** The engine's registry settings; absent on engines that cannot say (the diagnosis skips them). */
  registryView?(): Promise<EngineRegistryView>;
  /**
   * Follows the engine's image events (pull, tag, untag, delete, load, …) until the stream
   * ends (resolves), fails (rejects with an engine error) or the signal aborts (resolves).
   * Absent on engines that cannot (the watcher then leaves the list to reloads).
   */
  imageEvents?(options: ImageEventsOptions): Promise<void>;
}
