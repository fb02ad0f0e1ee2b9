/**
 * Docker's config.json and podman's auth.json, read as those tools read them, with a real
 * credential helper (test/harness/bin/docker-credential-berth-test) spoken to over its protocol.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { externalSources } from '../../../src/credentials/external-sources';
import { helperGet } from '../../../src/credentials/credential-helper';
import { podmanKeyFor } from '../../../src/credentials/podman-auth';

const BIN = join(import.meta.dirname, '..', '..', 'harness', 'bin');
const b64 = (s: string) => Buffer.from(s).toString('base64');

function setup(files: { docker?: unknown; podman?: unknown; helperStore?: unknown }) {
  const home = mkdtempSync(join(tmpdir(), 'berth-ext-'));
  const runtime = join(home, 'run');
  const env = {
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    PATH: `${BIN}:${process.env.PATH ?? ''}`,
    BERTH_TEST_HELPER_STORE: join(home, 'helper.json'),
  };
  if (files.docker !== undefined) {
    mkdirSync(join(home, '.docker'));
    writeFileSync(
      join(home, '.docker', 'config.json'),
      typeof files.docker === 'string' ? files.docker : JSON.stringify(files.docker),
    );
  }
  if (files.podman !== undefined) {
    mkdirSync(join(runtime, 'containers'), { recursive: true });
    writeFileSync(join(runtime, 'containers', 'auth.json'), JSON.stringify(files.podman));
  }
  if (files.helperStore !== undefined)
    writeFileSync(env.BERTH_TEST_HELPER_STORE, JSON.stringify(files.helperStore));
  return { home, env, sources: externalSources(env) };
}

describe('~/.docker/config.json', () => {
  it('decodes auths split at the first colon, under every Docker Hub key spelling', async () => {
    const { sources } = setup({
      docker: {
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hubuser:pa:ss:word') },
          'https://ghcr.io': { auth: b64('gh:ghp_x') },
          'myreg.azurecr.io': {
            identitytoken: 'refresh-token',
            auth: b64('00000000-0000-0000-0000-000000000000:'),
          },
        },
      },
    });
    const hub = (await sources.lookups.docker('docker.io')).found;
    expect(hub).toMatchObject({
      username: 'hubuser',
      secret: 'pa:ss:word',
      source: 'docker-auths',
    });
    expect(hub?.sourceLabel).toBe('~/.docker/config.json (auths)');
    expect((await sources.lookups.docker('ghcr.io')).found).toMatchObject({
      username: 'gh',
      secret: 'ghp_x',
    });
    expect((await sources.lookups.docker('myreg.azurecr.io')).found).toMatchObject({
      secret: 'refresh-token',
      identityToken: true,
    });
    expect((await sources.lookups.docker('quay.io')).found).toBeNull();
  });

  it('asks credHelpers first, then credsStore, ignoring inline auths like docker does', async () => {
    const { sources } = setup({
      docker: {
        auths: { 'registry.example.com': { auth: b64('inline:ignored') }, 'ghcr.io': {} },
        credsStore: 'berth-test',
        credHelpers: { 'ghcr.io': 'berth-test' },
      },
      helperStore: {
        'https://index.docker.io/v1/': { Username: 'hub-from-store', Secret: 'hub-secret' },
        'ghcr.io': { Username: 'gh-from-helper', Secret: 'gh-secret' },
      },
    });
    expect((await sources.lookups.docker('ghcr.io')).found).toMatchObject({
      username: 'gh-from-helper',
      source: 'docker-credHelpers',
    });
    expect((await sources.lookups.docker('docker.io')).found).toMatchObject({
      username: 'hub-from-store',
      source: 'docker-credsStore',
    });
    // The store has nothing for it, and docker would not fall back to the inline entry.
    expect((await sources.lookups.docker('registry.example.com')).found).toBeNull();
  });

  it('lists everything importable, reporting a missing helper instead of failing', async () => {
    const { sources } = setup({
      docker: {
        auths: { 'ghcr.io': { auth: b64('a:b') } },
        credHelpers: { 'gcr.io': 'desktop-missing', 'quay.io': 'berth-test' },
      },
      helperStore: { 'quay.io': { Username: 'q', Secret: 'qs' } },
    });
    const { found, problems } = await sources.scan('docker');
    expect(found.map((f) => `${f.registry}:${f.username}:${f.source}`).sort()).toEqual([
      'ghcr.io:a:docker-auths',
      'quay.io:q:docker-credHelpers',
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toBe('docker-credential-desktop-missing not found on PATH');
    expect(problems[0]?.hint).toContain('credsStore/credHelpers');
  });

  it('names the file and the JSON error when config.json is malformed', async () => {
    const { sources, home } = setup({ docker: '{"auths": {,}}' });
    // docker cannot load the file: it sends nothing, and the problem names the file.
    const answer = await sources.lookups.docker('ghcr.io');
    expect(answer.found).toBeNull();
    expect(answer.problems[0]?.message).toContain(join(home, '.docker', 'config.json'));
    const { problems } = await sources.scan('docker');
    expect(problems[0]?.code).toBe('credentials.config_invalid');
  });

  it('refuses an auth field without a colon, naming the key', async () => {
    const { sources } = setup({ docker: { auths: { 'ghcr.io': { auth: b64('nocolon') } } } });
    const answer = await sources.lookups.docker('ghcr.io');
    expect(answer.found).toBeNull();
    expect(answer.problems[0]?.message).toMatch(/The "auth" of ghcr.io/);
  });

  it('times a hanging helper out instead of waiting forever', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-slow-helper-'));
    const script = join(dir, 'docker-credential-slow');
    writeFileSync(script, '#!/bin/sh\nsleep 30\n');
    chmodSync(script, 0o755);
    const started = Date.now();
    await expect(
      helperGet(
        'slow',
        'ghcr.io',
        { PATH: `${dir}:${process.env.PATH ?? ''}` },
        '/x/config.json',
        500,
      ),
    ).rejects.toMatchObject({ code: 'credentials.helper_timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("podman's auth.json", () => {
  it('picks the longest key that prefixes the image at a path boundary', () => {
    const keys = ['quay.io', 'quay.io/team', 'quay.io/team/app', 'quay.io/tea'];
    expect(podmanKeyFor(keys, 'quay.io/team/app')).toBe('quay.io/team/app');
    expect(podmanKeyFor(keys, 'quay.io/team/other')).toBe('quay.io/team');
    expect(podmanKeyFor(keys, 'quay.io/teams/x')).toBe('quay.io');
    expect(podmanKeyFor(['docker.io'], 'docker.io/library/nginx')).toBe('docker.io');
    expect(podmanKeyFor(['ghcr.io'], 'quay.io/x')).toBeNull();
  });

  it('reads $XDG_RUNTIME_DIR/containers/auth.json and lists namespace keys for import', async () => {
    const { sources } = setup({
      podman: {
        auths: { 'quay.io': { auth: b64('all:s1') }, 'quay.io/team': { auth: b64('team:s2') } },
      },
    });
    expect((await sources.lookups.podman('quay.io/team/app')).found).toMatchObject({
      username: 'team',
      serverKey: 'quay.io/team',
      source: 'podman-auth',
    });
    expect((await sources.lookups.podman('quay.io/other/app')).found).toMatchObject({
      username: 'all',
    });
    const { found } = await sources.scan('podman');
    expect(found.map((f) => f.serverKey).sort()).toEqual(['quay.io', 'quay.io/team']);
    expect(found[0]?.sourceLabel).toMatch(/^podman auth\.json \(~\/run\/containers\/auth\.json\)$/);
  });
});
