/**
 * An Engine port for an endpoint that could not even be resolved (a malformed DOCKER_HOST,
 * a broken docker context): every call fails with the same clear error, so the UI shows the
 * engine-down screen with the cause instead of the app failing to start.
 */
import type { BerthError } from '../shared/errors';
import type { EngineEndpoint } from '../shared/contract';
import type { EnginePort } from './engine-port';
import { unusableContainers } from './containers';

export function createUnusableEngine(
  address: string,
  source: EngineEndpoint['source'],
  error: BerthError,
): EnginePort {
  const fail = () => Promise.reject(error);
  return {
    endpoint: { kind: 'invalid', address, source, tls: false },
    ping: fail,
    info: fail,
    listImages: fail,
    inspectImage: fail,
    removeImage: fail,
    pullImage: fail,
    ...unusableContainers(error),
  };
}
