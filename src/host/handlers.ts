/** The services behind every channel of the contract, shared by all three faces. */
import type { EngineMonitor, EnginePort } from '../engine';
import type { Handlers } from './dispatch';

export interface HandlerDeps {
  engine: EnginePort;
  monitor: EngineMonitor;
}

export function createHandlers({ engine, monitor }: HandlerDeps): Handlers {
  return {
    'engine.status': () => monitor.check(),
    'images.list': () => engine.listImages(),
    'images.inspect': ({ id }) => engine.inspectImage(id),
    'images.remove': ({ id, force }) => engine.removeImage(id, force),
  };
}
