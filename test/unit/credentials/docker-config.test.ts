/**
 * ~/.docker/config.json read as the docker CLI reads it, with credsStore and credHelpers spoken
 * to through a real helper (test/harness/bin/docker-credential-berth-test).
 */
import { dockerCredentialFor } from '../../../src/credentials/docker-lookup';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  dockerConfigPath,
  jsonErrorOffset,
  listDockerCredentials,
  readDockerConfig,
  registryOfKey,
} from '../../../src/credentials/docker-config';
import type { DockerConfig } from '../../../src/credentials/docker-config';
import { failure, tempDirs } from '../../harness/failures';

// These tests run real credential-helper processes, several per test: seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const BIN = join(import.meta.dirname, '..', '..', 'harness', 'bin');
const HELPER_LOGIC = join(BIN, 'credential-helper-store.cjs');
// The harness helpers first; node for them; nothing else that could hold a real helper.
const PATH = [BIN, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);
const b64 = (s: string) => Buffer.from(s).toString('base64');

type HelperStore = Record<string, { Username: string; Secret: string }>;

const tempDir = tempDirs();

function setup(config?: unknown, helperStore?: HelperStore) {
  const home = tempDir('berth-docker-');
  const store = join(home, 'helper-store.json');
  const env: NodeJS.ProcessEnv = { HOME: home, PATH, BERTH_TEST_HELPER_STORE: store };
  const file = join(home, '.docker', 'config.json');
  if (config !== undefined) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  }
  if (helperStore) writeFileSync(store, JSON.stringify(helperStore));
  return { home, env, file };
}

async function load(file: string): Promise<DockerConfig> {
  const config = await readDockerConfig(file);
  if (!config) throw new Error(`${file} was not read`);
  return config;
}

/** A second protocol speaker, docker-credential-<name>, with its own store file. */
function extraHelper(home: string, name: string, store: HelperStore): string {
  const dir = join(home, 'more-bin');
  mkdirSync(dir, { recursive: true });
  const storeFile = join(home, `${name}-store.json`);
  writeFileSync(storeFile, JSON.stringify(store));
  const script = join(dir, `docker-credential-${name}`);
  writeFileSync(
    script,
    `#!/bin/sh\nBERTH_TEST_HELPER_STORE='${storeFile}' exec node '${HELPER_LOGIC}' "$@"\n`,
  );
  chmodSync(script, 0o755);
  return dir;
}

describe('where config.json is', () => {
  it('uses $DOCKER_CONFIG/config.json, else $HOME/.docker/config.json', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/etc/berth-docker', HOME: '/home/a' })).toBe(
      '/etc/berth-docker/config.json',
    );
    expect(dockerConfigPath({ HOME: '/home/a' })).toBe('/home/a/.docker/config.json');
  });
});

describe('server keys', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['HTTPS://Index.Docker.IO/v1/', 'docker.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['http://localhost:5000/v2/', 'localhost:5000'],
    ['Registry.Example.COM:8443', 'registry.example.com:8443'],
    ['quay.io/team/app', 'quay.io'],
  ])('%s names the registry %s', (key, registry) => {
    expect(registryOfKey(key)).toBe(registry);
  });
});

describe('reading config.json', () => {
  it('returns null when there is no file, and an empty config for an empty one', async () => {
    const missing = setup();
    expect(await readDockerConfig(missing.file)).toBeNull();
    const empty = setup('  \n');
    expect(await readDockerConfig(empty.file)).toEqual({});
  });

  it('names the file and the line and column of a JSON syntax error', async () => {
    const { file } = setup('{\n  "auths": {,}\n}');
    const error = await failure(() => readDockerConfig(file));
    expect(error.code).toBe('credentials.config_invalid');
    expect(error.message).toContain(file);
    expect(error.message).toContain('line 2, column 13');
    expect(error.details).toMatchObject({ file, position: 14 });
  });

  it('never quotes the text around a syntax error, which may be a secret', async () => {
    // V8 quotes the source for this one ("Unexpected token 'h', ... is not valid JSON").
    const { file } = setup('{"auths": {"ghcr.io": {"auth": hunter2secret}}}');
    const error = await failure(() => readDockerConfig(file));
    expect(error.code).toBe('credentials.config_invalid');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).toContain('line 1, column 32');
  });

  it('locates syntax errors itself without recursion', () => {
    expect(jsonErrorOffset('{"a": [1, 2.5e3, true, null, "x\\u00e9"]}')).toBeNull();
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a": "b",}')).toBe(10);
    expect(jsonErrorOffset('{"a": "unterminated')).toBe(19);
    expect(jsonErrorOffset('[01]')).toBe(2);
    expect(jsonErrorOffset('{} x')).toBe(3);
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(200_000);
  });

  it('names the file and the field when the JSON has the wrong shape', async () => {
    const { file } = setup({ auths: { 'ghcr.io': { auth: 5 } } });
    const error = await failure(() => readDockerConfig(file));
    expect(error.code).toBe('credentials.config_invalid');
    expect(error.message).toContain(file);
    expect(error.message).toContain('auths["ghcr.io"].auth');
  });

  it('refuses a file over 1 MiB without parsing it', async () => {
    const { file } = setup(`{"auths": {}, "pad": "${'x'.repeat(1024 * 1024)}"}`);
    const error = await failure(() => readDockerConfig(file));
    expect(error.code).toBe('credentials.config_invalid');
    expect(error.message).toContain(file);
    expect(error.message).toContain('1 MiB');
  });

  it("matches field names as Go's encoding/json does: exactly, else case-insensitively, the last one winning", async () => {
    const { file } = setup(
      `{"credsStore": "first", "credSstore": "misspelt", "CredHelpers": {"GHCR.io": "h"},` +
        ` "AUTHS": {"ghcr.io": {"Auth": "${b64('alice:pw')}", "IdentityToken": "tok"}}}`,
    );
    const config = await load(file);
    expect(config.credsStore).toBe('misspelt');
    // Registry keys are map keys: they keep their spelling.
    expect(config.credHelpers).toEqual({ 'GHCR.io': 'h' });
    expect(config.auths?.['ghcr.io']).toEqual({ auth: b64('alice:pw'), identitytoken: 'tok' });
    expect(
      Object.getPrototypeOf(await load(setup('{"__proto__": {"credsStore": "x"}}').file)),
    ).toBe(Object.prototype);
  });

  it('keeps unknown keys and treats null sections as absent', async () => {
    const { file } = setup({ auths: null, credsStore: null, currentContext: 'desktop-linux' });
    const config = await load(file);
    expect(config.currentContext).toBe('desktop-linux');
    expect(await dockerCredentialFor(config, file, 'ghcr.io', { HOME: '/nowhere' })).toBeNull();
  });
});

describe('inline auths', () => {
  it('splits auth at the first colon, so a password may hold colons', async () => {
    const { file, env } = setup({
      auths: { 'https://ghcr.io': { auth: b64('octo:pa:ss:word') } },
    });
    const found = await dockerCredentialFor(await load(file), file, 'ghcr.io', env);
    expect(found).toEqual({
      registry: 'ghcr.io',
      serverKey: 'https://ghcr.io',
      username: 'octo',
      secret: 'pa:ss:word',
      identityToken: false,
      source: 'docker-auths',
      sourceLabel: '~/.docker/config.json (auths)',
      file,
    });
  });

  it('sends an identitytoken as an identity token, with the username from auth', async () => {
    const { file, env } = setup({
      auths: {
        'myreg.azurecr.io': {
          auth: b64('00000000-0000-0000-0000-000000000000:'),
          identitytoken: 'refresh-token-value',
        },
      },
    });
    expect(
      await dockerCredentialFor(await load(file), file, 'myreg.azurecr.io', env),
    ).toMatchObject({
      username: '00000000-0000-0000-0000-000000000000',
      secret: 'refresh-token-value',
      identityToken: true,
    });
  });

  it('reads username and password fields when there is no auth', async () => {
    const { file, env } = setup({
      auths: { 'registry.example.com': { username: 'ci', password: 'p' } },
    });
    expect(
      await dockerCredentialFor(await load(file), file, 'registry.example.com', env),
    ).toMatchObject({ username: 'ci', secret: 'p' });
  });

  it('finds Docker Hub filed under https://index.docker.io/v1/', async () => {
    const key = 'https://index.docker.io/v1/';
    const { file, env } = setup({ auths: { [key]: { auth: b64('hubuser:hubpass') } } });
    const config = await load(file);
    expect(await dockerCredentialFor(config, file, 'docker.io', env)).toMatchObject({
      registry: 'docker.io',
      serverKey: key,
      username: 'hubuser',
      secret: 'hubpass',
    });
    expect(await dockerCredentialFor(config, file, 'ghcr.io', env)).toBeNull();
  });

  // docker 20.10 reads Hub only under its exact v1 URL: the oracle suite's h02, h03 and h05
  // (test/oracle) show the real CLI sending nothing for these spellings.
  it.each(['index.docker.io', 'registry-1.docker.io', 'docker.io'])(
    'does not find Docker Hub filed under %s, as the docker CLI does not',
    async (key) => {
      const { file, env } = setup({ auths: { [key]: { auth: b64('hubuser:hubpass') } } });
      expect(await dockerCredentialFor(await load(file), file, 'docker.io', env)).toBeNull();
    },
  );

  it("prefers docker's own Hub key when the file has two spellings", async () => {
    const { file, env } = setup({
      auths: {
        'docker.io': { auth: b64('old:one') },
        'https://index.docker.io/v1/': { auth: b64('current:one') },
      },
    });
    expect(await dockerCredentialFor(await load(file), file, 'docker.io', env)).toMatchObject({
      username: 'current',
    });
  });

  // Keys are compared case-sensitively (oracle case k10; shared/notes/oracles.md).
  it('matches keys case-sensitively, as docker does', async () => {
    const { file, env } = setup({ auths: { 'GHCR.IO': { auth: b64('u:s') } } });
    expect(await dockerCredentialFor(await load(file), file, 'ghcr.io', env)).toBeNull();
    expect(await dockerCredentialFor(await load(file), file, 'GHCR.IO', env)).toMatchObject({
      username: 'u',
    });
  });

  it('refuses an auth without a colon, naming the key and the file', async () => {
    const { file, env } = setup({ auths: { 'ghcr.io': { auth: b64('nocolon') } } });
    const error = await failure(async () =>
      dockerCredentialFor(await load(file), file, 'ghcr.io', env),
    );
    expect(error.code).toBe('credentials.config_invalid');
    expect(error.message).toBe(
      `The "auth" of ghcr.io in ${file} does not decode to "username:password".`,
    );
  });
});

describe('credsStore and credHelpers', () => {
  it('asks the credsStore with the Hub v1 URL for docker.io', async () => {
    const { file, env } = setup(
      { auths: { 'https://index.docker.io/v1/': {} }, credsStore: 'berth-test' },
      { 'https://index.docker.io/v1/': { Username: 'hub-user', Secret: 'hub:secret' } },
    );
    expect(await dockerCredentialFor(await load(file), file, 'docker.io', env)).toEqual({
      registry: 'docker.io',
      serverKey: 'https://index.docker.io/v1/',
      username: 'hub-user',
      secret: 'hub:secret',
      identityToken: false,
      source: 'docker-credsStore',
      sourceLabel: 'docker-credential-berth-test (credsStore in ~/.docker/config.json)',
      file,
    });
  });

  it('uses credHelpers[registry] before the credsStore', async () => {
    const { file, env, home } = setup(
      { credsStore: 'berth-test', credHelpers: { 'ghcr.io': 'other' } },
      { 'ghcr.io': { Username: 'from-store', Secret: 's1' } },
    );
    const more = extraHelper(home, 'other', {
      'ghcr.io': { Username: 'from-helper', Secret: 's2' },
    });
    const found = await dockerCredentialFor(await load(file), file, 'ghcr.io', {
      ...env,
      PATH: `${more}${delimiter}${PATH}`,
    });
    expect(found).toMatchObject({
      username: 'from-helper',
      secret: 's2',
      source: 'docker-credHelpers',
      sourceLabel: 'docker-credential-other (credHelpers in ~/.docker/config.json)',
    });
  });

  it('does not fall back to inline auths when the helper has nothing, as docker does not', async () => {
    const { file, env } = setup(
      {
        auths: { 'registry.example.com': { auth: b64('inline:stale') } },
        credsStore: 'berth-test',
      },
      {},
    );
    expect(
      await dockerCredentialFor(await load(file), file, 'registry.example.com', env),
    ).toBeNull();
  });

  it('reads the file for a registry whose credHelpers entry is empty', async () => {
    const { file, env } = setup({
      auths: { 'registry.example.com': { auth: b64('inline:used') } },
      credsStore: 'desktop',
      credHelpers: { 'registry.example.com': '' },
    });
    expect(
      await dockerCredentialFor(await load(file), file, 'registry.example.com', env),
    ).toMatchObject({ username: 'inline', source: 'docker-auths' });
  });

  it('reports a credsStore whose helper is not installed', async () => {
    const { file, env } = setup({ auths: { 'ghcr.io': {} }, credsStore: 'desktop' });
    const error = await failure(async () =>
      dockerCredentialFor(await load(file), file, 'ghcr.io', env),
    );
    expect(error.code).toBe('credentials.helper_missing');
    expect(error.message).toBe('docker-credential-desktop not found on PATH');
    expect(error.hint).toContain('~/.docker/config.json');
    expect(error.hint).toContain('credsStore');
  });

  it('marks a helper credential stored under <token> as an identity token', async () => {
    const { file, env } = setup(
      { credHelpers: { 'myreg.azurecr.io': 'berth-test' } },
      { 'myreg.azurecr.io': { Username: '<token>', Secret: 'refresh' } },
    );
    expect(
      await dockerCredentialFor(await load(file), file, 'myreg.azurecr.io', env),
    ).toMatchObject({ secret: 'refresh', identityToken: true });
  });
});

describe('listing for import', () => {
  it('lists inline auths and credHelpers, reporting broken entries and missing helpers', async () => {
    const { file, env } = setup(
      {
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hub:pa:ss') },
          'ghcr.io': { auth: b64('gh:token') },
          'bad.example.com': { auth: b64('nocolon') },
          'myreg.azurecr.io': { identitytoken: 'refresh' },
          'quay.io': { auth: b64('inline:overridden') },
          'empty.example.com': {},
        },
        credHelpers: { 'quay.io': 'berth-test', 'gcr.io': 'desktop' },
      },
      { 'quay.io': { Username: 'robot', Secret: 'quay-secret' } },
    );
    const { found, problems } = await listDockerCredentials(await load(file), file, env);
    expect(found.map((f) => `${f.registry} ${f.username} ${f.secret} ${f.source}`).sort()).toEqual([
      'docker.io hub pa:ss docker-auths',
      'ghcr.io gh token docker-auths',
      'myreg.azurecr.io <token> refresh docker-auths',
      'quay.io robot quay-secret docker-credHelpers',
    ]);
    expect(problems.map((p) => [p.code, p.message]).sort()).toEqual([
      ['credentials.config_invalid', expect.stringContaining('"auth" of bad.example.com')],
      ['credentials.helper_missing', 'docker-credential-desktop not found on PATH'],
    ]);
  });

  it("lists the credsStore's credentials, asking about auths keys too", async () => {
    const { file, env } = setup(
      {
        auths: { 'registry.example.com': {}, 'ghcr.io': { auth: b64('inline:ignored') } },
        credsStore: 'berth-test',
        credHelpers: { 'quay.io': 'berth-test' },
      },
      {
        'https://index.docker.io/v1/': { Username: 'hub', Secret: 'h' },
        // Docker Desktop keeps OAuth tokens beside the login; they are not registry logins.
        'https://index.docker.io/v1/access-token': { Username: 'hub', Secret: 'jwt' },
        'registry.example.com': { Username: 'r', Secret: 'rs' },
        'quay.io': { Username: 'q', Secret: 'qs' },
      },
    );
    const { found, problems } = await listDockerCredentials(await load(file), file, env);
    expect(problems).toEqual([]);
    expect(found.map((f) => `${f.serverKey} ${f.username} ${f.secret} ${f.source}`).sort()).toEqual(
      [
        'https://index.docker.io/v1/ hub h docker-credsStore',
        'quay.io q qs docker-credHelpers',
        'registry.example.com r rs docker-credsStore',
      ],
    );
  });

  it('reports a credsStore that cannot list, still listing the credHelpers', async () => {
    const { file, env } = setup(
      { credsStore: 'desktop', credHelpers: { 'quay.io': 'berth-test' } },
      { 'quay.io': { Username: 'q', Secret: 'qs' } },
    );
    const { found, problems } = await listDockerCredentials(await load(file), file, env);
    expect(found.map((f) => f.registry)).toEqual(['quay.io']);
    expect(problems.map((p) => p.message)).toEqual(['docker-credential-desktop not found on PATH']);
  });
});
