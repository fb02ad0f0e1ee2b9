/**
 * What each kind of registry wants as a credential, and the guidance the Registries screen
 * shows next to the form. Browser-safe data: the renderer and the CLI read the same table.
 */
export const presetIds = ['dockerhub', 'ghcr', 'ecr', 'acr', 'gar', 'jfrog', 'generic'] as const;
export type PresetId = (typeof presetIds)[number];

export interface RegistryPreset {
  id: PresetId;
  label: string;
  /** Filled in for registries with one fixed host. */
  registry: string | null;
  /** Shown as the host field's placeholder. */
  registryExample: string;
  /** Usernames the registry expects, first is the default; empty when it is the user's own. */
  usernames: string[];
  secretLabel: string;
  /** One or two sentences: what to create, and where. */
  guidance: string;
  docsUrl: string | null;
  /** Tokens that expire on a fixed clock (ECR: 12 h), so the UI can show their age. */
  expiresAfterHours: number | null;
  patternExample: string;
}

export const registryPresets: readonly RegistryPreset[] = [
  {
    id: 'dockerhub',
    label: 'Docker Hub',
    registry: 'docker.io',
    registryExample: 'docker.io',
    usernames: [],
    secretLabel: 'Personal access token',
    guidance:
      'Use a personal access token (Account settings → Personal access tokens, "Read-only" is enough to pull), not your password. The login server is docker.io. Signed-in pulls get a higher rate limit than anonymous ones (100 per 6 h per IP).',
    docsUrl: 'https://docs.docker.com/security/for-developers/access-tokens/',
    expiresAfterHours: null,
    patternExample: 'docker.io/myorg/*',
  },
  {
    id: 'ghcr',
    label: 'GitHub Container Registry',
    registry: 'ghcr.io',
    registryExample: 'ghcr.io',
    usernames: [],
    secretLabel: 'Personal access token (classic)',
    guidance:
      'Use your GitHub username and a classic personal access token with the read:packages scope. Fine-grained tokens do not work for ghcr.io pulls.',
    docsUrl:
      'https://docs.github.com/en/packages/working-with-a-github-packages-registry/working-with-the-container-registry',
    expiresAfterHours: null,
    patternExample: 'ghcr.io/myorg/*',
  },
  {
    id: 'ecr',
    label: 'AWS ECR',
    registry: null,
    registryExample: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    usernames: ['AWS'],
    secretLabel: 'Token from `aws ecr get-login-password`',
    guidance:
      'The username is AWS; the password is the output of `aws ecr get-login-password --region <region>`. It expires 12 hours after it is issued, so Berth shows its age. For long-lived access use the docker-credential-ecr-login helper and import it.',
    docsUrl: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html',
    expiresAfterHours: 12,
    patternExample: '*.dkr.ecr.*.amazonaws.com/*',
  },
  {
    id: 'acr',
    label: 'Azure ACR',
    registry: null,
    registryExample: 'myregistry.azurecr.io',
    usernames: ['', '00000000-0000-0000-0000-000000000000'],
    secretLabel: 'Service principal password, or refresh token',
    guidance:
      'Use a service principal (its application ID as the username, its password as the secret) with the AcrPull role, or the username 00000000-0000-0000-0000-000000000000 with a refresh token from `az acr login --expose-token`.',
    docsUrl:
      'https://learn.microsoft.com/azure/container-registry/container-registry-authentication',
    expiresAfterHours: null,
    patternExample: 'myregistry.azurecr.io/*',
  },
  {
    id: 'gar',
    label: 'GCP Artifact Registry',
    registry: null,
    registryExample: 'europe-docker.pkg.dev',
    usernames: ['oauth2accesstoken', '_json_key'],
    secretLabel: 'Access token, or the service account key JSON',
    guidance:
      'Use oauth2accesstoken with the output of `gcloud auth print-access-token` (valid for 1 hour), or _json_key with the whole JSON key of a service account that has Artifact Registry Reader.',
    docsUrl: 'https://cloud.google.com/artifact-registry/docs/docker/authentication',
    expiresAfterHours: null,
    patternExample: 'europe-docker.pkg.dev/my-project/*',
  },
  {
    id: 'jfrog',
    label: 'JFrog Artifactory',
    registry: null,
    registryExample: 'mycompany.jfrog.io',
    usernames: [],
    secretLabel: 'Access token (or identity token)',
    guidance:
      'Use your JFrog username with an access token or identity token (User profile → Generate an Identity Token), not your password.',
    docsUrl: 'https://jfrog.com/help/r/jfrog-artifactory-documentation/docker-registry',
    expiresAfterHours: null,
    patternExample: 'mycompany.jfrog.io/docker-local/*',
  },
  {
    id: 'generic',
    label: 'Other registry',
    registry: null,
    registryExample: 'registry.example.com:5000',
    usernames: [],
    secretLabel: 'Password or token',
    guidance: 'Any registry that speaks the Docker Registry HTTP API v2, with Basic or token auth.',
    docsUrl: null,
    expiresAfterHours: null,
    patternExample: 'registry.example.com:5000/team/*',
  },
];

export function presetById(id: PresetId): RegistryPreset {
  return registryPresets.find((p) => p.id === id) ?? (registryPresets.at(-1) as RegistryPreset);
}

/** The preset a registry host most likely belongs to, for imported credentials. */
export function presetForRegistry(registry: string): PresetId {
  const host = registry.toLowerCase();
  if (host === 'docker.io') return 'dockerhub';
  if (host === 'ghcr.io') return 'ghcr';
  if (/\.dkr\.ecr\.[^.]+\.amazonaws\.com(\.cn)?$/.test(host)) return 'ecr';
  if (host.endsWith('.azurecr.io')) return 'acr';
  if (host.endsWith('-docker.pkg.dev') || host.endsWith('gcr.io')) return 'gar';
  if (host.endsWith('.jfrog.io')) return 'jfrog';
  return 'generic';
}
