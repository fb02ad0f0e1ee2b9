import type { EngineEndpoint, EngineInfo } from '../../../src/shared/contract';

/** "Docker Engine 28.2.2": the edition suffix says nothing a developer needs here. */
export function engineLabel(info: Pick<EngineInfo, 'product' | 'serverVersion'>): string {
  const product = info.product.replace(/\s+-\s+Community$/i, '').trim() || 'Engine';
  return info.serverVersion ? `${product} ${info.serverVersion}` : product;
}

/** Where the endpoint came from, in the words the docker CLI uses. */
export function endpointSourceLabel(endpoint: Pick<EngineEndpoint, 'source' | 'context'>): string {
  switch (endpoint.source) {
    case 'DOCKER_HOST':
      return 'DOCKER_HOST environment variable';
    case 'context':
      return `docker context "${endpoint.context ?? '?'}"`;
    case 'default':
      return 'default socket';
  }
}
