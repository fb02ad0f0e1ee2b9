/**
 * A credential found outside Berth's own store: ~/.docker/config.json (auths, credsStore,
 * credHelpers) or podman's auth.json. Shown in the explainer and the import preview; its
 * secret stays in the main process.
 */
export type ExternalSourceKind =
  'docker-auths' | 'docker-credsStore' | 'docker-credHelpers' | 'podman-auth';

export interface FoundCredential {
  /** The registry as written in references: docker.io, ghcr.io, 127.0.0.1:5000. */
  registry: string;
  /**
   * The key as the file has it: `https://index.docker.io/v1/`, `ghcr.io`, or for podman a
   * namespace such as `quay.io/team`. Podman matches the longest key that prefixes the image.
   */
  serverKey: string;
  username: string;
  secret: string;
  /** The secret is an identity (refresh) token, e.g. ACR's `identitytoken`. */
  identityToken: boolean;
  source: ExternalSourceKind;
  /** For people: "~/.docker/config.json (auths)", "docker-credential-desktop (credsStore)". */
  sourceLabel: string;
  /** The file it came from. */
  file: string;
}
