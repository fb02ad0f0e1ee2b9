/**
 * The Engine port: everything Berth asks of a container engine, in domain types. The app,
 * the CLI and the tests all run against the same adapter over dockerode (docker-engine.ts),
 * which speaks to Docker and to Podman's Docker-compatible API alike.
 */
import type { EngineEndpoint, EngineInfo, ImageDetails, ImageSummary } from '../shared/contract';

export interface RemovedImage {
  untagged: string[];
  deleted: string[];
}

export interface EnginePort {
  readonly endpoint: EngineEndpoint;
  /** Resolves when the engine answers /_ping; rejects with a BerthError saying why not. */
  ping(): Promise<void>;
  info(): Promise<EngineInfo>;
  listImages(): Promise<ImageSummary[]>;
  inspectImage(id: string): Promise<ImageDetails>;
  removeImage(id: string, force: boolean): Promise<RemovedImage>;
}
