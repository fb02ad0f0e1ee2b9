/**
 * A credential as a Kubernetes imagePullSecret (type kubernetes.io/dockerconfigjson), for
 * Flyte, Prefect and other K8s workers. The YAML holds the secret, so it is only ever written
 * to a new file (kube-export-file.ts), and never returned over the contract. The two ways
 * Flyte's docs attach it ("Pulling images from a private registry": patch the default service
 * account with imagePullSecrets, or a default PodTemplate) hold only its name.
 */
import { loadYaml } from './yaml-module';
import type { KubeUsage } from '../shared/kube-pull-secret';

export function dockerConfigServerKey(registry: string): string {
  // The docker CLI (and so the kubelet's keyring) files Docker Hub under its v1 index URL;
  // kubelet serves Hub images from it through isDefaultRegistryMatch (kube-keyring.ts).
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

/**
 * The same Secret as `kubectl create secret docker-registry NAME --docker-server=KEY
 * --docker-username=U --docker-password=P --dry-run=client -o yaml` (kubectl's
 * handleDockerCfgJSONContent: username, password, auth in that order; no email when none),
 * without kubectl's `creationTimestamp: null`. test/integration/kube-export.test.ts compares.
 */
export async function pullSecretYaml(
  registryOrKey: string,
  username: string,
  secret: string,
  name: string,
  namespace?: string,
): Promise<string> {
  const { stringify } = await loadYaml();
  const serverKey = dockerConfigServerKey(registryOrKey);
  const auth = Buffer.from(`${username}:${secret}`).toString('base64');
  const config = { auths: { [serverKey]: { username, password: secret, auth } } };
  return stringify({
    apiVersion: 'v1',
    data: { '.dockerconfigjson': Buffer.from(goJsonMarshal(config)).toString('base64') },
    kind: 'Secret',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    type: 'kubernetes.io/dockerconfigjson',
  });
}

/**
 * JSON as Go's encoding/json.Marshal writes it (kubectl is Go): like JSON.stringify, except
 * that <, >, & and U+2028/U+2029 are escaped as \u003c… (encoding/json's HTMLEscape default),
 * so a password holding them gives the same bytes as kubectl's secret.
 */
function goJsonMarshal(value: unknown): string {
  const escapes: Record<string, string> = {
    '<': '\\u003c',
    '>': '\\u003e',
    '&': '\\u0026',
    '\u2028': '\\u2028',
    '\u2029': '\\u2029',
  };
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c] ?? c);
}

/**
 * Flyte's docs use a "default" container with a no-op image in the PodTemplate: flytepropeller
 * merges the task's own container into it by that name. Give the image to see it there.
 */
const FLYTE_PLACEHOLDER_IMAGE = 'docker.io/rwgrim/docker-noop';

export async function kubeUsage(
  secretName: string,
  namespace: string | undefined,
  serverKey: string,
): Promise<KubeUsage> {
  const { stringify } = await loadYaml();
  const ns = namespace ?? null;
  const patch = { imagePullSecrets: [{ name: secretName }] };
  return {
    secretName,
    namespace: ns,
    serverKey,
    serviceAccountPatch: stringify(patch),
    // A strategic merge patch replaces the account's imagePullSecrets list: kubectl patch
    // --local shows it (kube-export.test.ts), so the command says so.
    serviceAccountPatchCommand: `kubectl patch serviceaccount default${ns ? ` -n ${ns}` : ''} -p '${JSON.stringify(patch)}'  # replaces the account's imagePullSecrets list`,
    podTemplate: stringify({
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'flyte-template', ...(ns ? { namespace: ns } : {}) },
      template: {
        metadata: { name: 'flyte-template' },
        spec: {
          containers: [{ name: 'default', image: FLYTE_PLACEHOLDER_IMAGE }],
          imagePullSecrets: [{ name: secretName }],
        },
      },
    }),
  };
}
