import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolAnswer } from '../../../src/credentials/docker-lookup';
import { describe, expect, it } from 'vitest';
import { compilePattern, validatePattern } from '../../../src/credentials/patterns';
import { CredentialStore, toView } from '../../../src/credentials/credential-store';
import { CredentialResolver } from '../../../src/credentials/resolve-credential';
import { pullSecretYaml } from '../../../src/credentials/pull-secret';
import { memoryKeychain } from '../host/memory-keychain';

const dir = () => mkdtempSync(join(tmpdir(), 'berth-store-'));
const nothing = (): Promise<ToolAnswer> =>
  Promise.resolve({
    verdict: {
      outcome: 'anonymous',
      username: null,
      identityToken: false,
      sourceLabel: null,
      why: 'none',
    },
    found: null,
    problems: [],
  });
const noExternal = { docker: nothing, podman: nothing };
const noEnv = () => Promise.resolve(null);

describe('match patterns', () => {
  it.each([
    ['myregistry.azurecr.io/*', 'myregistry.azurecr.io/team-a/sub/app', true],
    ['myregistry.azurecr.io/team-a/*', 'myregistry.azurecr.io/team-a/app', true],
    ['myregistry.azurecr.io/team-a/*', 'myregistry.azurecr.io/team-b/app', false],
    ['*.dkr.ecr.*.amazonaws.com/*', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/flows', true],
    ['*.dkr.ecr.*.amazonaws.com/*', 'evil.example.com/x.dkr.ecr.y.amazonaws.com/flows', false],
    ['docker.io/library/*', 'docker.io/library/nginx', true],
    ['ghcr.io/org/app-?', 'ghcr.io/org/app-1', true],
    ['ghcr.io', 'ghcr.io/org/app', true],
    ['127.0.0.1:5000/team/*', '127.0.0.1:5000/team/app', true],
    ['GHCR.io/Org/*', 'ghcr.io/org/app', true],
  ])('%s matches %s: %s', (pattern, image, expected) => {
    expect(compilePattern(pattern).matches(image)).toBe(expected);
  });

  it('ranks the more literal pattern as more specific', () => {
    expect(compilePattern('ghcr.io/org/team/*').specificity).toBeGreaterThan(
      compilePattern('ghcr.io/org/*').specificity,
    );
    expect(compilePattern('ghcr.io/*').specificity).toBeGreaterThan(
      compilePattern('*.io/*').specificity,
    );
  });

  it.each([
    ['', 'empty'],
    ['https://ghcr.io/org/*', 'https://'],
    ['ghcr.io/org/app:latest', 'tag or digest'],
    ['ghcr.io/org/app@sha256:abc', 'tag or digest'],
    ['ghcr.io/ org', 'space'],
    ['/org/*', 'registry host'],
  ])('rejects %j with a clear reason (%s)', (pattern, reason) => {
    expect(validatePattern(pattern)).toContain(reason);
  });
});

describe('the credential store', () => {
  it('keeps the secret in the keychain and only its length in the metadata', async () => {
    const home = dir();
    const keychain = memoryKeychain();
    const store = new CredentialStore(home, keychain);
    const saved = await store.save({
      registry: 'GHCR.io',
      username: 'me',
      secret: 'ghp_secret123',
      patterns: [],
      preset: 'ghcr',
    });
    expect(saved.registry).toBe('ghcr.io');
    expect(keychain.entries.get('me@ghcr.io')).toBe('ghp_secret123');
    const file = readFileSync(join(home, 'registries.json'), 'utf8');
    expect(file).not.toContain('ghp_secret123');
    expect(JSON.stringify(toView(saved))).not.toContain('ghp_secret123');
    expect(toView(saved).secret).toEqual({ stored: true, length: 13, setAt: saved.secretSetAt });
  });

  it('updates in place for the same registry and username, keeping the secret when none is given', async () => {
    const keychain = memoryKeychain();
    const store = new CredentialStore(dir(), keychain);
    const first = await store.save({
      registry: 'docker.io',
      username: 'me',
      secret: 'a',
      patterns: [],
      preset: 'dockerhub',
    });
    const again = await store.save({
      registry: 'index.docker.io',
      username: 'me',
      secret: 'b',
      patterns: [],
      preset: 'dockerhub',
    });
    expect(again.id).toBe(first.id);
    expect(keychain.entries.get('me@docker.io')).toBe('b');
    const renamed = await store.save({
      id: first.id,
      registry: 'docker.io',
      username: 'bot',
      patterns: ['docker.io/org/*'],
      preset: 'dockerhub',
    });
    expect(renamed.username).toBe('bot');
    expect(keychain.entries.get('bot@docker.io')).toBe('b');
    expect(keychain.entries.has('me@docker.io')).toBe(false);
    expect((await store.list()).credentials).toHaveLength(1);
    expect(await store.remove(first.id)).toBe(true);
    expect(keychain.entries.size).toBe(0);
  });

  it('shows an ECR token as expiring 12 hours after it was set', async () => {
    const store = new CredentialStore(
      dir(),
      memoryKeychain(),
      () => new Date('2026-01-01T00:00:00Z'),
    );
    const saved = await store.save({
      registry: '1.dkr.ecr.eu-west-1.amazonaws.com',
      username: 'AWS',
      secret: 't',
      patterns: [],
      preset: 'ecr',
    });
    expect(toView(saved).expiresAt).toBe('2026-01-01T12:00:00.000Z');
  });

  it('moves a corrupt metadata file aside, keeps its bytes, and starts empty with a warning', async () => {
    const home = dir();
    writeFileSync(join(home, 'registries.json'), 'not json at all');
    const store = new CredentialStore(home, memoryKeychain());
    const { credentials, warning } = await store.list();
    expect(credentials).toEqual([]);
    expect(warning?.code).toBe('credentials.metadata_corrupt');
    const backup = readdirSync(home).find((f) => f.startsWith('registries.json.corrupt-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(home, backup ?? ''), 'utf8')).toBe('not json at all');
  });

  it('never loses an update when many saves race in one process', async () => {
    const store = new CredentialStore(dir(), memoryKeychain());
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.save({
          registry: 'ghcr.io',
          username: `user${i}`,
          secret: 's',
          patterns: [],
          preset: 'ghcr',
        }),
      ),
    );
    expect((await store.list()).credentials).toHaveLength(25);
  });

  it('refuses an invalid pattern before anything is stored', async () => {
    const keychain = memoryKeychain();
    const store = new CredentialStore(dir(), keychain);
    await expect(
      store.save({
        registry: 'ghcr.io',
        username: 'me',
        secret: 's',
        patterns: ['ghcr.io/x:1'],
        preset: 'ghcr',
      }),
    ).rejects.toMatchObject({ code: 'credentials.invalid_pattern' });
    expect(keychain.entries.size).toBe(0);
  });
});

describe('the resolver', () => {
  it('picks the most specific Berth pattern, reports ties, and falls back to anonymous', async () => {
    const store = new CredentialStore(dir(), memoryKeychain());
    await store.save({
      registry: 'ghcr.io',
      username: 'wide',
      secret: 'w',
      patterns: [],
      preset: 'ghcr',
    });
    await store.save({
      registry: 'ghcr.io',
      username: 'narrow',
      secret: 'n',
      patterns: ['ghcr.io/org/team/*'],
      preset: 'ghcr',
    });
    const resolver = new CredentialResolver(store, noExternal, noEnv);
    const team = await resolver.resolve('ghcr.io/org/team/app:1');
    expect(team.explanation.chosen?.username).toBe('narrow');
    expect((await team.credential())?.secret).toBe('n');
    expect((await resolver.resolve('ghcr.io/org/other')).explanation.chosen?.username).toBe('wide');
    await store.save({
      registry: 'ghcr.io',
      username: 'twin',
      secret: 't',
      patterns: ['ghcr.io/org/team/*'],
      preset: 'ghcr',
    });
    expect(
      (await resolver.explain('ghcr.io/org/team/app')).conflict.map((c) => c.username).sort(),
    ).toEqual(['narrow', 'twin']);
    const none = await resolver.resolve('quay.io/x/y');
    expect(none.explanation.chosen).toBeNull();
    expect(await none.credential()).toBeNull();
    expect(none.explanation.reason).toMatch(/anonymously/);
  });

  it('uses what the docker CLI would when Berth has nothing, and reports a broken helper as a problem', async () => {
    const store = new CredentialStore(dir(), memoryKeychain());
    const resolver = new CredentialResolver(
      store,
      {
        docker: (registry) =>
          Promise.resolve({
            verdict: {
              outcome: 'credential',
              username: 'dock',
              identityToken: false,
              sourceLabel: '~/.docker/config.json (auths)',
              why: 'docker reads it',
            },
            found: {
              registry,
              serverKey: registry,
              username: 'dock',
              secret: 'd',
              identityToken: false,
              source: 'docker-auths',
              sourceLabel: '~/.docker/config.json (auths)',
              file: '/x',
            },
            problems: [],
          }),
        podman: () => Promise.reject(new Error('docker-credential-gone not found on PATH')),
      },
      noEnv,
    );
    const r = await resolver.resolve('registry.example.com/app');
    expect(r.explanation.chosen).toMatchObject({ source: 'docker-auths', username: 'dock' });
    expect(r.explanation.otherTools.docker?.username).toBe('dock');
    expect(r.explanation.problems[0]?.message).toContain('not found on PATH');
    expect((await r.credential())?.secret).toBe('d');
  });
});

describe('imagePullSecret YAML', () => {
  it('files Docker Hub under its v1 index URL, as the kubelet expects', async () => {
    const yaml = await pullSecretYaml('docker.io', 'me', 'tok', 'pull', 'ns');
    const data = /\.dockerconfigjson: (\S+)/.exec(yaml)?.[1] ?? '';
    const config = JSON.parse(Buffer.from(data, 'base64').toString()) as {
      auths: Record<string, unknown>;
    };
    expect(Object.keys(config.auths)).toEqual(['https://index.docker.io/v1/']);
    expect(yaml).toMatch(/^apiVersion: v1$/m);
  });
});
