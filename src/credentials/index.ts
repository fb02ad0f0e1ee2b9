/** Berth's credential sources, wired once for the core (and the contract tests). */
import { CredentialStore } from './credential-store';
import { credentialsFromEnv } from './env-credentials';
import { externalSources } from './external-sources';
import type { ExternalSources } from './external-sources';
import type { Keychain } from './keychain';
import { CredentialResolver } from './resolve-credential';

export interface CredentialSources {
  store: CredentialStore;
  resolver: CredentialResolver;
  scan: ExternalSources['scan'];
}

export function credentialSources(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  keychain: Keychain,
): CredentialSources {
  const store = new CredentialStore(dataDir, keychain);
  const external = externalSources(env);
  return {
    store,
    resolver: new CredentialResolver(store, external.lookups, credentialsFromEnv(env)),
    scan: external.scan,
  };
}

export { osKeychain } from './keychain';
export type { Keychain } from './keychain';
export type { CredentialLookup, RegistryCredential } from './env-credentials';
export { normalizeRegistry, toView } from './credential-store';
export { dockerConfigPath, pathOfKey } from './docker-config';
export type { FoundCredential } from './found-credential';
export { pullSecretYaml } from './pull-secret';
export type { Resolution } from './resolve-credential';
export { verifyLogin } from './verify-login';
export type { CredentialStore } from './credential-store';
export type { CredentialResolver } from './resolve-credential';
export { checkExportPath, replaceWithSecretFile, writeNewSecretFile } from './kube-export-file';
export { kubeletLookup } from './kube-keyring';
export type { SecretEntry } from './kube-keyring';
export { readPullSecretEntries } from './kube-secret-keys';
export { dockerConfigServerKey, kubeUsage } from './pull-secret';
export { toolAuthKey, toolAuthPath, undoAuthEntry, writeAuthEntry } from './tool-auth-write';
export type { AuthEntryWrite, AuthTool } from './tool-auth-write';
