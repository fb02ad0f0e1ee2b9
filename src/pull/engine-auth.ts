/**
 * The credential Berth resolves for an image, in the shape the engine takes it: a pull's
 * X-Registry-Auth, and one entry of a build's X-Registry-Config. The secret goes to the engine
 * only; the answer also names its source (never the secret) for the log.
 */
import type { EnginePort, PullAuth } from '../engine';
import type { Resolution } from '../credentials';
import { DEFAULT_DOMAIN, parseNormalizedNamed } from '../shared/reference';
import {
  plaintextAuthRefused,
  plaintextAuthWarning,
  plaintextRemoteEngine,
} from './plaintext-engine';

/**
 * The engine's registry auth names Docker Hub by its legacy index address, as docker login
 * does. It is also the key moby looks a build's auth up by: pullForBuilder calls
 * registry.ResolveAuthConfig(authConfigs, repoInfo.Index), whose GetAuthConfigKey is
 * "https://index.docker.io/v1/" for the official index and the index name (host[:port])
 * otherwise (moby daemon/images/image_builder.go, registry/auth.go).
 */
export function serverAddress(domain: string): string {
  return domain === DEFAULT_DOMAIN ? 'https://index.docker.io/v1/' : domain;
}

export interface EngineAuth {
  /** null: Berth holds no credential for the image's registry (the engine goes anonymous). */
  auth: PullAuth | null;
  /** Where the credential came from, e.g. "Berth keychain": safe to log. */
  source: string | null;
  /** What went wrong while looking (a missing helper, an unreadable file), by code. */
  problems: string[];
}

export interface EngineAuthOptions {
  resolver: { resolve(reference: string): Promise<Resolution> };
  engine: EnginePort;
  /** The user's opt-in to send a password to a remote engine over plain tcp://. */
  allowPlaintextAuth?: () => boolean;
  /** A warning for the log when a password goes over plain TCP as allowed. */
  warn?(line: string): void;
}

/** What the docker CLI puts in X-Registry-Auth: an identity token goes as one. */
export function engineAuthOf(
  credential: { username: string; secret: string; identityToken?: boolean },
  domain: string,
): PullAuth {
  const serveraddress = serverAddress(domain);
  return credential.identityToken
    ? {
        username: credential.username === '<token>' ? '' : credential.username,
        password: '',
        identitytoken: credential.secret,
        serveraddress,
      }
    : { username: credential.username, password: credential.secret, serveraddress };
}

/**
 * The credential for `reference` as the engine takes it, or null when Berth has none.
 * Refuses (pull.plaintext_auth_refused) to hand a password to a remote engine over plain TCP
 * unless the user opted in.
 */
export async function resolveEngineAuth(
  reference: string,
  options: EngineAuthOptions,
): Promise<EngineAuth> {
  const domain = parseNormalizedNamed(reference).domain;
  const resolution = await options.resolver.resolve(reference);
  const problems = resolution.explanation.problems.map((p) => p.code);
  const credential = await resolution.credential();
  if (!credential) return { auth: null, source: null, problems };
  const plaintext = plaintextRemoteEngine(options.engine.endpoint);
  if (plaintext) {
    if (!options.allowPlaintextAuth?.()) throw plaintextAuthRefused(plaintext, domain);
    options.warn?.(plaintextAuthWarning(plaintext, domain));
  }
  return {
    auth: engineAuthOf(credential, domain),
    source: resolution.explanation.chosen?.sourceLabel ?? 'a stored login',
    problems,
  };
}
