/**
 * A pull hands the registry password to the engine in the X-Registry-Auth header. Over plain
 * tcp:// (no TLS) to another machine, anyone on the path reads it (docker's own docs: "the
 * daemon listens on an unencrypted socket … anyone with network access can"; the docker CLI
 * warns at connect time but sends the header anyway). Berth refuses unless the user opts in
 * (issue 12, point 7); loopback and unix/npipe/ssh transports are not on the network.
 */
import { isIP } from 'node:net';
import type { EngineEndpoint } from '../shared/contract';
import { BerthError } from '../shared/errors';

export const PLAINTEXT_AUTH_ENV = 'BERTH_ALLOW_PLAINTEXT_REGISTRY_AUTH';

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}

/** The engine's address when a password sent to it would cross the network in clear text. */
export function plaintextRemoteEngine(endpoint: EngineEndpoint): string | null {
  if (endpoint.kind !== 'tcp' || endpoint.tls) return null;
  let host: string;
  try {
    host = new URL(endpoint.address.replace(/^tcp:/, 'http:')).hostname;
  } catch {
    return endpoint.address;
  }
  return isLoopback(host) ? null : endpoint.address;
}

export function plaintextAuthRefused(address: string, registry: string): BerthError {
  return new BerthError(
    'pull.plaintext_auth_refused',
    `Berth did not send the password for ${registry} to the engine at ${address}: the connection is plain TCP without TLS, so anyone on the network between here and there could read it.`,
    `Reach the engine with TLS (DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or a docker context with TLS) or over ssh://. To send it anyway, opt in: --allow-plaintext-auth on berth pull / berth run, or ${PLAINTEXT_AUTH_ENV}=1.`,
    { engine: address, registry },
  );
}

export function plaintextAuthWarning(address: string, registry: string): string {
  return `warning: sending the password for ${registry} to ${address} over plain TCP (no TLS), as you allowed: anyone on the network path can read it.`;
}
