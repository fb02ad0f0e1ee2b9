/**
 * An interim credential source until the keychain-backed store lands: a JSON map in
 * BERTH_REGISTRY_AUTH, e.g. {"ghcr.io":{"username":"me","secret":"ghp_…"}}. It is read in
 * the main process only and never crosses the contract.
 */
import * as z from 'zod';
import { BerthError } from '../shared/errors';
import { normalizeRegistry } from './credential-store';
import { lazySchema } from '../shared/lazy-schema';

export interface RegistryCredential {
  username: string;
  secret: string;
  /** Where it came from, by name only: shown to the user, never the secret. */
  source: string;
  /** The secret is an identity (refresh) token: exchanged, never sent as a password. */
  identityToken?: boolean;
}

/** The credential for an image's repository (registry plus path), or null for anonymous. */
export type CredentialLookup = (repo: {
  registry: string;
  repository: string;
}) => Promise<RegistryCredential | null>;

const AuthMap = lazySchema(() =>
  z.record(z.string(), z.object({ username: z.string().min(1), secret: z.string().min(1) })),
);

export function credentialsFromEnv(env: NodeJS.ProcessEnv): CredentialLookup {
  const raw = env.BERTH_REGISTRY_AUTH;
  if (!raw) return () => Promise.resolve(null);
  let parsed: z.infer<typeof AuthMap>;
  try {
    parsed = AuthMap.parse(JSON.parse(raw));
  } catch {
    throw new BerthError(
      'credentials.env_invalid',
      'BERTH_REGISTRY_AUTH is not a JSON map of registry host to {"username","secret"}.',
      'Example: BERTH_REGISTRY_AUTH=\'{"ghcr.io":{"username":"me","secret":"<token>"}}\'',
    );
  }
  const byHost = new Map(
    Object.entries(parsed).map(([host, cred]) => [normalizeRegistry(host), cred]),
  );
  return ({ registry }) => {
    const cred = byHost.get(normalizeRegistry(registry));
    return Promise.resolve(cred ? { ...cred, source: 'BERTH_REGISTRY_AUTH' } : null);
  };
}
