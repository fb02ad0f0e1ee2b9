import { z } from 'zod';

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
  'unknown',
]);
export type PullCause = z.infer<typeof PullCause>;
