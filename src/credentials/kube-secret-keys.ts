/**
 * The `auths` keys (and usernames) of a pull secret the user already has, for `creds explain
 * --pull-secret`: a Secret YAML (one or more documents, as `kubectl get secret -o yaml` or
 * `kubectl create secret docker-registry --dry-run=client -o yaml` print them), or a bare
 * .dockerconfigjson. Only keys and usernames leave this function; the passwords stay here.
 * Kubelet reads `.dockerconfigjson` of type kubernetes.io/dockerconfigjson and the legacy
 * `.dockercfg` (a bare map) of type kubernetes.io/dockercfg (MakeDockerKeyring).
 */
import { readFile, stat } from 'node:fs/promises';
import { BerthError } from '../shared/errors';
import { loadYaml } from './yaml-module';
import type { SecretEntry } from './kube-keyring';

const MAX_BYTES = 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function usernameOf(entry: unknown): string | null {
  if (!isObject(entry)) return null;
  if (typeof entry.username === 'string' && entry.username) return entry.username;
  if (typeof entry.auth === 'string') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return decoded.slice(0, colon);
  }
  return null;
}

function entriesOf(map: unknown): SecretEntry[] {
  if (!isObject(map)) return [];
  return Object.entries(map).map(([key, entry]) => ({ key, username: usernameOf(entry) }));
}

function fromSecret(doc: Json, file: string): SecretEntry[] {
  const data = isObject(doc.data) ? doc.data : {};
  const plain = isObject(doc.stringData) ? doc.stringData : {};
  const decode = (name: string): unknown => {
    const text =
      typeof plain[name] === 'string'
        ? plain[name]
        : typeof data[name] === 'string'
          ? Buffer.from(data[name], 'base64').toString('utf8')
          : undefined;
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new BerthError(
        'credentials.pull_secret_invalid',
        `${name} in ${file} is not JSON.`,
        'Kubelet would fail to read this secret too; recreate it with kubectl create secret docker-registry.',
      );
    }
  };
  if (doc.type === 'kubernetes.io/dockerconfigjson') {
    const config = decode('.dockerconfigjson');
    return isObject(config) ? entriesOf(config.auths) : [];
  }
  if (doc.type === 'kubernetes.io/dockercfg') return entriesOf(decode('.dockercfg'));
  return [];
}

export async function pullSecretEntries(text: string, file: string): Promise<SecretEntry[]> {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const json = JSON.parse(text) as unknown;
      if (isObject(json)) return isObject(json.auths) ? entriesOf(json.auths) : entriesOf(json);
    } catch {
      // Not JSON after all: YAML is a superset, try it.
    }
  }
  const { parseAllDocuments } = await loadYaml();
  const entries: SecretEntry[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length) {
      throw new BerthError(
        'credentials.pull_secret_invalid',
        `${file} is not valid YAML: ${document.errors[0]?.message ?? 'parse error'}`,
      );
    }
    const doc: unknown = document.toJS();
    if (isObject(doc) && doc.kind === 'Secret') entries.push(...fromSecret(doc, file));
  }
  if (entries.length === 0) {
    throw new BerthError(
      'credentials.pull_secret_invalid',
      `${file} holds no docker-registry Secret (type kubernetes.io/dockerconfigjson) and no .dockerconfigjson.`,
      'Give the YAML of `kubectl get secret NAME -o yaml`, or a .dockerconfigjson file.',
    );
  }
  return entries;
}

export async function readPullSecretEntries(file: string): Promise<SecretEntry[]> {
  const info = await stat(file).catch((error: Error) => {
    throw new BerthError(
      'credentials.pull_secret_unreadable',
      `Cannot read ${file}: ${error.message}`,
    );
  });
  if (info.size > MAX_BYTES) {
    throw new BerthError(
      'credentials.pull_secret_invalid',
      `${file} is ${info.size} bytes; a pull secret is far smaller than ${MAX_BYTES / 1024} KiB.`,
    );
  }
  return await pullSecretEntries(await readFile(file, 'utf8'), file);
}
