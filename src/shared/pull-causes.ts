import * as z from 'zod';

/**
 * Why a pull failed, in one word the diagnosis, the UI and the CLI share. Kept here (browser-safe)
 * because the renderer shows the cause; `unknown` means no rule recognised the message.
 */
export const PullCause = z.enum([
  'no_credentials',
  'bad_credentials',
  'expired_credentials',
  'insufficient_scope',
  'repo_not_found',
  'tag_not_found',
  'rate_limited',
  'tls',
  'dns',
  'timeout',
  'proxy',
  'unreachable',
  'platform_mismatch',
  'daemon_down',
  'credential_helper',
  /** The OS keychain behind a credential helper (Secret Service, macOS keychain) cannot be used. */
  'keychain_unavailable',
  /** The registry itself failed: 5xx, an outage, a public registry refusing anonymous tokens. */
  'registry_error',
  /** The registry speaks plain HTTP and the engine insists on HTTPS (not in insecure-registries). */
  'insecure_registry',
  /** The registry answered with a manifest the engine cannot use (media type, schema, artifact). */
  'invalid_manifest',
  /** This machine cannot reach the internet at all (public names do not resolve). */
  'offline',
  'unknown',
]);
export type PullCause = z.infer<typeof PullCause>;
