import { BerthError } from '../shared/errors';
import { createDockerEngine } from './docker-engine';
import type { DockerEngineOptions } from './docker-engine';
import { resolveEndpoint } from './endpoint';
import type { EnginePort } from './engine-port';
import { createUnusableEngine } from './unusable-engine';

export type {
  EnginePort,
  RemovedImage,
  RawPullEvent,
  PullAuth,
  PullImageOptions,
  EngineRegistryView,
} from './engine-port';
export type {
  ContainerPort,
  ContainerCreate,
  ContainerFile,
  ContainerExit,
  CreatedContainer,
  DeviceRequest,
  GpuSupport,
} from './containers';
export type { RawBuildEvent, BuildImageOptions, ImageBuildPort } from './image-build';
export { buildCancelled } from './image-build';
export { EngineMonitor } from './engine-monitor';
export { ImageEventWatcher } from './image-event-watcher';
export type { ImagesChange, ImageEventWatcherOptions } from './image-event-watcher';
export { BoundedLines, parseImageEvent, MAX_EVENT_LINE_BYTES } from './image-events';
export type { EngineImageEvent, ImageEventsOptions } from './image-events';
export {
  resolveEndpoint,
  classifyAddress,
  dockerConfigDir,
  currentContextName,
  dockerContexts,
} from './endpoint';
export type { DockerContext, EndpointEnv, ResolvedEndpoint } from './endpoint';
export { createDockerEngine } from './docker-engine';
export { engineError, pullCancelled } from './engine-errors';

/** The engine the environment points at; an unusable one (with the reason) if it cannot be resolved. */
export function engineFromEnv(
  env: NodeJS.ProcessEnv,
  options: DockerEngineOptions = {},
): EnginePort {
  try {
    return createDockerEngine(resolveEndpoint(env), { env, ...options });
  } catch (error) {
    if (!(error instanceof BerthError)) throw error;
    const source = env.DOCKER_HOST ? 'DOCKER_HOST' : 'context';
    const address = env.DOCKER_HOST ?? String(error.details?.context ?? '');
    return createUnusableEngine(address, source, error);
  }
}
