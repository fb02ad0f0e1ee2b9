/**
 * A credential as a Kubernetes imagePullSecret (type kubernetes.io/dockerconfigjson), for
 * Flyte, Prefect and other K8s workers. The YAML holds the secret, so it is only ever written
 * to a file the user chose, owner-readable only, and never returned over the contract.
 */
import { open } from 'node:fs/promises';
import { stringify } from 'yaml';

export function dockerConfigServerKey(registry: string): string {
  // The docker CLI (and so the kubelet's keyring) files Docker Hub under its v1 index URL.
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

export function pullSecretYaml(
  registry: string,
  username: string,
  secret: string,
  name: string,
  namespace?: string,
): string {
  const auth = Buffer.from(`${username}:${secret}`).toString('base64');
  const config = {
    auths: { [dockerConfigServerKey(registry)]: { username, password: secret, auth } },
  };
  return stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(JSON.stringify(config)).toString('base64') },
  });
}

/** Owner-only before a byte is written, even when the chosen file already existed. */
export async function writePullSecret(path: string, yaml: string): Promise<number> {
  const file = await open(path, 'w', 0o600);
  try {
    await file.chmod(0o600);
    await file.writeFile(yaml);
  } finally {
    await file.close();
  }
  return Buffer.byteLength(yaml);
}
