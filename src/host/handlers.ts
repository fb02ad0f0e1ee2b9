/** The services behind every channel of the contract, shared by all three faces. */
import type { EngineMonitor, EnginePort } from '../engine';
import type { Handlers } from './dispatch';
import type { TagsService } from './tags-service';

export interface HandlerDeps {
  engine: EnginePort;
  monitor: EngineMonitor;
  tags: TagsService;
}

export function createHandlers({ engine, monitor, tags }: HandlerDeps): Handlers {
  return {
    'engine.status': () => monitor.check(),
    'images.list': () => engine.listImages(),
    'images.inspect': ({ id }) => engine.inspectImage(id),
    'images.remove': ({ id, force }) => engine.removeImage(id, force),
    'tags.open': ({ repository, pageSize }) =>
      Promise.resolve().then(() => tags.open(repository, pageSize)),
    'tags.next': ({ listingId }) => tags.listings.next(listingId),
    'tags.close': ({ listingId }) => Promise.resolve({ closed: tags.listings.close(listingId) }),
    'tags.details': ({ repository, tag }) => tags.details(repository, tag),
  };
}
