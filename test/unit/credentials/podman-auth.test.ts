/**
 * Podman's auth.json as containers/image reads it: its files in order, namespace keys (the
 * longest prefix wins) and credHelpers through the harness helper.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findPodmanCredential,
  listPodmanCredentials,
  podmanAuthCandidates,
  podmanAuthPath,
  podmanCredentialFor,
  podmanKeyFor,
  readPodmanAuth,
  scanPodmanCredentials,
} from '../../../src/credentials/podman-auth';
import type { AuthFile } from '../../../src/credentials/docker-config';
import { tempDirs } from '../../harness/failures';

const BIN = join(import.meta.dirname, '..', '..', 'harness', 'bin');
const PATH = [BIN, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter);
const b64 = (s: string) => Buffer.from(s).toString('base64');

const tempDir = tempDirs();

function write(file: string, content: unknown): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** A HOME and a separate XDG_RUNTIME_DIR (as /run/user/<uid> is), both temporary. */
function setup(helperStore: Record<string, { Username: string; Secret: string }> = {}) {
  const home = tempDir('berth-podman-home-');
  const runtime = tempDir('berth-podman-run-');
  const store = join(home, 'helper-store.json');
  writeFileSync(store, JSON.stringify(helperStore));
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    PATH,
    BERTH_TEST_HELPER_STORE: store,
  };
  return {
    env,
    runtimeFile: join(runtime, 'containers', 'auth.json'),
    configFile: join(home, '.config', 'containers', 'auth.json'),
  };
}

async function load(file: string): Promise<AuthFile> {
  const auth = await readPodmanAuth(file);
  if (!auth) throw new Error(`${file} was not read`);
  return auth;
}

describe('which files', () => {
  it('reads $XDG_RUNTIME_DIR first, then ~/.config (or $XDG_CONFIG_HOME)', () => {
    expect(podmanAuthCandidates({ HOME: '/home/a', XDG_RUNTIME_DIR: '/run/user/1000' })).toEqual([
      '/run/user/1000/containers/auth.json',
      '/home/a/.config/containers/auth.json',
    ]);
    expect(
      podmanAuthCandidates({
        HOME: '/home/a',
        XDG_RUNTIME_DIR: '/run/user/1000',
        XDG_CONFIG_HOME: '/cfg',
      }),
    ).toEqual(['/run/user/1000/containers/auth.json', '/cfg/containers/auth.json']);
  });

  it('puts $REGISTRY_AUTH_FILE in place of the runtime file', () => {
    expect(
      podmanAuthCandidates({
        HOME: '/home/a',
        XDG_RUNTIME_DIR: '/run/user/1000',
        REGISTRY_AUTH_FILE: '/secrets/auth.json',
      }),
    ).toEqual(['/secrets/auth.json', '/home/a/.config/containers/auth.json']);
  });

  it('finds the first file that exists', () => {
    const { env, configFile, runtimeFile } = setup();
    expect(podmanAuthPath(env)).toBeNull();
    write(configFile, { auths: {} });
    expect(podmanAuthPath(env)).toBe(configFile);
    write(runtimeFile, { auths: {} });
    expect(podmanAuthPath(env)).toBe(runtimeFile);
  });
});

describe('keys', () => {
  it('picks the longest key that prefixes the image at a / boundary', () => {
    const keys = ['quay.io', 'quay.io/team', 'quay.io/team/app', 'quay.io/tea'];
    expect(podmanKeyFor(keys, 'quay.io/team/app')).toBe('quay.io/team/app');
    expect(podmanKeyFor(keys, 'quay.io/team/app2')).toBe('quay.io/team');
    expect(podmanKeyFor(keys, 'quay.io/teams/x')).toBe('quay.io');
    expect(podmanKeyFor(keys, 'quay.io/tea/x')).toBe('quay.io/tea');
    expect(podmanKeyFor(['ghcr.io'], 'quay.io/x')).toBeNull();
    expect(podmanKeyFor(['quay.io/team'], 'quay.io/other/app')).toBeNull();
  });

  it('normalises hosts: Docker Hub spellings, URLs and case', () => {
    expect(podmanKeyFor(['https://index.docker.io/v1/'], 'docker.io/library/nginx')).toBe(
      'https://index.docker.io/v1/',
    );
    expect(podmanKeyFor(['Quay.IO/team'], 'quay.io/team/app')).toBe('Quay.IO/team');
    expect(podmanKeyFor(['localhost:5000'], 'localhost:5000/app')).toBe('localhost:5000');
    expect(podmanKeyFor(['localhost:5000'], 'localhost:5001/app')).toBeNull();
  });
});

describe('lookup', () => {
  it('returns the namespace entry with the real path as its label', async () => {
    const { env, runtimeFile } = setup();
    write(runtimeFile, {
      auths: {
        'quay.io': { auth: b64('everyone:s1') },
        'quay.io/team': { auth: b64('team:s:2') },
      },
    });
    const auth = await load(runtimeFile);
    expect(await podmanCredentialFor(auth, runtimeFile, 'quay.io/team/app', env)).toEqual({
      registry: 'quay.io',
      serverKey: 'quay.io/team',
      username: 'team',
      secret: 's:2',
      identityToken: false,
      source: 'podman-auth',
      sourceLabel: `podman auth.json (${runtimeFile})`,
      file: runtimeFile,
    });
    expect(await podmanCredentialFor(auth, runtimeFile, 'quay.io/other/app', env)).toMatchObject({
      serverKey: 'quay.io',
      username: 'everyone',
    });
    expect(await podmanCredentialFor(auth, runtimeFile, 'ghcr.io/x/y', env)).toBeNull();
  });

  it('shows a file under $HOME with ~', async () => {
    const { env, configFile } = setup();
    write(configFile, { auths: { 'ghcr.io': { auth: b64('u:s') } } });
    const found = await podmanCredentialFor(await load(configFile), configFile, 'ghcr.io/a', env);
    expect(found?.sourceLabel).toBe('podman auth.json (~/.config/containers/auth.json)');
  });

  it('lets a credHelpers entry for the registry decide alone', async () => {
    const { env, runtimeFile } = setup({ 'quay.io': { Username: 'robot', Secret: 'from-helper' } });
    write(runtimeFile, {
      auths: { 'quay.io/team': { auth: b64('inline:ignored') }, 'ghcr.io': { auth: b64('g:s') } },
      credHelpers: { 'quay.io': 'berth-test', 'registry.example.com': 'berth-test' },
    });
    const auth = await load(runtimeFile);
    expect(await podmanCredentialFor(auth, runtimeFile, 'quay.io/team/app', env)).toMatchObject({
      serverKey: 'quay.io',
      username: 'robot',
      secret: 'from-helper',
      sourceLabel: `docker-credential-berth-test (credHelpers in ${runtimeFile})`,
    });
    expect(await podmanCredentialFor(auth, runtimeFile, 'registry.example.com/a', env)).toBeNull();
    expect(await podmanCredentialFor(auth, runtimeFile, 'ghcr.io/a', env)).toMatchObject({
      username: 'g',
    });
  });

  it('reads the files in order until one has a credential for the image', async () => {
    const { env, runtimeFile, configFile } = setup();
    write(runtimeFile, { auths: { 'quay.io': { auth: b64('runtime:s') } } });
    write(configFile, {
      auths: { 'quay.io': { auth: b64('config:s') }, 'ghcr.io': { auth: b64('config:g') } },
    });
    expect(await findPodmanCredential(env, 'quay.io/a')).toMatchObject({
      username: 'runtime',
      file: runtimeFile,
    });
    expect(await findPodmanCredential(env, 'ghcr.io/a')).toMatchObject({
      username: 'config',
      file: configFile,
    });
    expect(await findPodmanCredential(env, 'docker.io/library/nginx')).toBeNull();
  });

  it('reads $REGISTRY_AUTH_FILE instead of the runtime file', async () => {
    const { env, runtimeFile } = setup();
    write(runtimeFile, { auths: { 'quay.io': { auth: b64('runtime:s') } } });
    const override = write(join(tempDir('berth-authfile-'), 'auth.json'), {
      auths: { 'quay.io': { auth: b64('override:s') } },
    });
    expect(
      await findPodmanCredential({ ...env, REGISTRY_AUTH_FILE: override }, 'quay.io/a'),
    ).toMatchObject({ username: 'override' });
  });

  it('names the file when auth.json is malformed', async () => {
    const { env, runtimeFile } = setup();
    write(runtimeFile, '{"auths": {"quay.io": {"auth": "x"},}}');
    await expect(findPodmanCredential(env, 'quay.io/a')).rejects.toMatchObject({
      code: 'credentials.config_invalid',
      message: expect.stringContaining(runtimeFile) as unknown,
    });
  });
});

describe('listing for import', () => {
  it('lists every entry, namespaces included, and reports problems without throwing', async () => {
    const { env, runtimeFile } = setup({ 'ghcr.io': { Username: 'octo', Secret: 'gh' } });
    write(runtimeFile, {
      auths: {
        'quay.io': { auth: b64('all:s1') },
        'quay.io/team': { auth: b64('team:s2') },
        'docker.io': { auth: b64('hub:h:h') },
        'broken.example.com': { auth: b64('nocolon') },
        'ghcr.io': { auth: b64('inline:overridden') },
      },
      credHelpers: { 'ghcr.io': 'berth-test', 'gcr.io': 'desktop' },
    });
    const { found, problems } = await listPodmanCredentials(
      await load(runtimeFile),
      runtimeFile,
      env,
    );
    expect(found.map((f) => `${f.serverKey} ${f.username} ${f.secret}`).sort()).toEqual([
      'docker.io hub h:h',
      'ghcr.io octo gh',
      'quay.io all s1',
      'quay.io/team team s2',
    ]);
    expect(found.every((f) => f.source === 'podman-auth')).toBe(true);
    expect(problems.map((p) => p.code).sort()).toEqual([
      'credentials.config_invalid',
      'credentials.helper_missing',
    ]);
    expect(problems.map((p) => p.message)).toContain('docker-credential-desktop not found on PATH');
    expect(problems.find((p) => p.code === 'credentials.config_invalid')?.message).toContain(
      'broken.example.com',
    );
  });

  it('scans all files, the first one winning a key, a malformed one becoming a problem', async () => {
    const { env, runtimeFile, configFile } = setup();
    write(runtimeFile, { auths: { 'quay.io': { auth: b64('runtime:s') } } });
    write(configFile, {
      auths: { 'quay.io': { auth: b64('config:s') }, 'ghcr.io': { auth: b64('config:g') } },
    });
    const both = await scanPodmanCredentials(env);
    expect(both.problems).toEqual([]);
    expect(both.found.map((f) => `${f.serverKey} ${f.username}`).sort()).toEqual([
      'ghcr.io config',
      'quay.io runtime',
    ]);

    write(runtimeFile, '{ not json');
    const broken = await scanPodmanCredentials(env);
    expect(broken.found.map((f) => f.serverKey).sort()).toEqual(['ghcr.io', 'quay.io']);
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]?.message).toContain(runtimeFile);
  });
});
