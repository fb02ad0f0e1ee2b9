/**
 * Kubelet's pull-secret matching, one real-world key per row. The rule behind each row is in
 * kubernetes pkg/credentialprovider/keyring.go (BasicDockerKeyring.Add / Lookup, urlsMatch at
 * v1.35.0 L262; isDefaultRegistryMatch), cited in src/credentials/kube-keyring.ts. Keys are the
 * spellings users paste into `kubectl create secret docker-registry --docker-server=…`:
 * Azure (*.azurecr.io, the AKS docs' wildcard), ECR, GCR/Artifact Registry, Quay, GHCR, Hub.
 */
import { describe, expect, it } from 'vitest';
import {
  globMatch,
  keyringIndexKey,
  kubeletLookup,
  kubeletRepository,
} from '../../../src/credentials/kube-keyring';

const tried = (image: string, keys: string[]) =>
  kubeletLookup(
    image,
    keys.map((key) => ({ key, username: null })),
    'given',
  ).tried;

describe('kubelet keyring: index keys (Add)', () => {
  it.each([
    // Add: https:// is added where no scheme is written, then the URL is parsed.
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['http://registry.local:5000', 'registry.local:5000'],
    // Add: /v1/ and /v2/ are the host itself ("considers /v2/ and /v1/ equivalent").
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['https://quay.io/v2/', 'quay.io'],
    // Add: a path other than "/" stays part of the key.
    ['quay.io/coreos', 'quay.io/coreos'],
    ['https://quay.io/v2/coreos', 'quay.io/coreos'],
    ['ghcr.io/', 'ghcr.io'],
    // Go keeps the case of the host.
    ['GHCR.io', 'GHCR.io'],
  ])('%s is filed under %s', (key, indexKey) => {
    expect(keyringIndexKey(key)).toBe(indexKey);
  });

  it.each([['registry.example.com:http'], ['my registry.example.com'], ['quay.io/%zz']])(
    '%s is ignored: Go url.Parse rejects it',
    (key) => {
      expect(keyringIndexKey(key)).toBeNull();
    },
  );
});

describe('kubelet keyring: which entries an image gets, in order (Lookup)', () => {
  it.each<[string, string, string[], string[]]>([
    ['a plain host', 'ghcr.io/org/app:1', ['ghcr.io'], ['ghcr.io']],
    ['a scheme is dropped', 'ghcr.io/org/app', ['https://ghcr.io'], ['https://ghcr.io']],
    // isDefaultRegistryMatch: nginx is docker.io/library/nginx; the v1 key is the fallback.
    [
      'Docker Hub through its v1 key',
      'nginx:1.27',
      ['https://index.docker.io/v1/'],
      ['https://index.docker.io/v1/'],
    ],
    ['Docker Hub through a docker.io key', 'prefecthq/prefect:3', ['docker.io'], ['docker.io']],
    ['the Hub key does not serve GHCR', 'ghcr.io/org/app', ['https://index.docker.io/v1/'], []],
    // urlsMatch: one glob per dot-separated part, same number of parts.
    ['an Azure wildcard', 'myreg.azurecr.io/team/app', ['*.azurecr.io'], ['*.azurecr.io']],
    ['a wildcard covers one part only', 'a.b.azurecr.io/app', ['*.azurecr.io'], []],
    [
      'ECR with two wildcards',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/flows',
      ['*.dkr.ecr.*.amazonaws.com'],
      ['*.dkr.ecr.*.amazonaws.com'],
    ],
    ['gcr.io does not serve us.gcr.io', 'us.gcr.io/proj/app', ['gcr.io'], []],
    ['a character class', 'b2.example.com/app', ['[a-c]*.example.com'], ['[a-c]*.example.com']],
    // urlsMatch: ports compared exactly, "no port" included.
    ['a port must be equal', 'localhost/app', ['localhost:5000'], []],
    ['443 is not "no port"', 'registry.example.com:443/app', ['registry.example.com'], []],
    [
      'an IP with its port',
      '127.0.0.1:5000/team/app',
      ['127.0.0.1:5000', '127.0.0.1'],
      ['127.0.0.1:5000'],
    ],
    // Add's reverse sort: more specific paths first; every match is kept, in order.
    [
      'a namespace before its host',
      'quay.io/coreos/etcd:v3',
      ['quay.io', 'quay.io/coreos'],
      ['quay.io/coreos', 'quay.io'],
    ],
    [
      'another namespace is skipped',
      'quay.io/other/etcd',
      ['quay.io/coreos', 'quay.io'],
      ['quay.io'],
    ],
    // urlsMatch: strings.HasPrefix on the path, no segment boundary.
    ['a path prefix needs no slash', 'quay.io/coreos/etcd', ['quay.io/core'], ['quay.io/core']],
    [
      'an exact host before a wildcard (byte order)',
      'myreg.azurecr.io/app',
      ['*.azurecr.io', 'myreg.azurecr.io'],
      ['myreg.azurecr.io', '*.azurecr.io'],
    ],
    // Go compares hosts as written: GHCR.io does not serve ghcr.io.
    ['case-sensitive hosts', 'ghcr.io/org/app', ['GHCR.io'], []],
    [
      'two spellings of one host are both tried',
      'quay.io/team/app',
      ['quay.io', 'https://quay.io/v2/'],
      ['quay.io', 'https://quay.io/v2/'],
    ],
    // A direct match wins; the Hub fallback is only for no match at all.
    [
      'a Hub namespace key beats the v1 key',
      'docker.io/team/app',
      ['https://index.docker.io/v1/', 'docker.io/team'],
      ['docker.io/team'],
    ],
  ])('%s: %s', (_rule, image, keys, expected) => {
    const result = tried(image, keys);
    // Two keys filing under one index key come from a Go map: their order is unspecified.
    if (new Set(keys.map(keyringIndexKey)).size < keys.length)
      expect([...result].sort()).toEqual([...expected].sort());
    else expect(result).toEqual(expected);
  });

  it('says why a key does not match', () => {
    const match = kubeletLookup(
      'localhost/app',
      [
        { key: 'localhost:5000', username: 'a' },
        { key: 'quay.io', username: 'b' },
        { key: 'registry', username: 'c' },
      ],
      'given',
    );
    expect(match.keys.map((k) => k.note)).toEqual([
      expect.stringContaining('port 5000'),
      expect.stringContaining('2 host parts'),
      expect.stringContaining('does not match'),
    ]);
    expect(match.summary).toContain('no entry');
  });

  it('looks up the repository kubelet looks up: tag and digest dropped, library/ added', () => {
    expect(kubeletRepository('nginx:1.27')).toBe('docker.io/library/nginx');
    expect(kubeletRepository('ghcr.io/org/app@sha256:' + 'a'.repeat(64))).toBe('ghcr.io/org/app');
  });
});

describe('filepath.Match on one host part', () => {
  it.each([
    ['*', 'anything', true],
    ['my?eg', 'myreg', true],
    ['[^a]x', 'bx', true],
    ['[^a]x', 'ax', false],
    ['[', 'x', false],
    ['a\\*', 'a*', true],
    ['a.b', 'aXb', false],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });
});
