/**
 * Update detection against the real docker-registry and dockerd: the engine's own RepoDigests
 * (read with dockerode, not through Berth) and the registry's HEAD are the oracles, before and
 * after a new image is pushed under the same tag, for a single image and for a two-platform
 * index whose other platform is rebuilt.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BerthCore } from '../../src/host/core';
import type { UpdateCheck } from '../../src/shared/image-content';
import { describeWithHarness } from '../harness/context';
import { putManifest, pushRandomImage } from '../harness/registry-seed';
import type { RegistryAccess } from '../harness/registry-seed';
import { berth } from './berth-cli';
import { berthWith, headDigest } from './pull-setup';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

describeWithHarness('update detection for local images', (h) => {
  const host = h.basicRegistry.host;
  const user = { username: 'alice', password: h.users.alice ?? '' };
  const access: RegistryAccess = { url: h.basicRegistry.url, ...user };
  const docker = new Docker({ socketPath: h.socketPath });
  let core: BerthCore;
  let env: Record<string, string>;
  const suffix = Date.now().toString(36);
  const single = `team/updates-${suffix}`;
  const multi = `team/updates-multi-${suffix}`;

  /** The engine's RepoDigests for an image, as `docker image inspect` reports them. */
  const engineDigests = async (reference: string) =>
    ((await docker.getImage(reference).inspect()).RepoDigests ?? []).map(
      (value) => value.split('@')[1] ?? '',
    );
  const check = async (reference: string): Promise<UpdateCheck> => {
    const answer = await core.dispatch('images.checkUpdates', { references: [reference] });
    if (!answer.ok) throw new Error(answer.error.message);
    const first = (answer.data as { checks: UpdateCheck[] }).checks[0];
    if (!first) throw new Error('no check returned');
    return first;
  };

  /** An OCI index over two single-platform images, each pushed with random bytes. */
  const pushIndex = async (tag: string, arm64Digest?: string) => {
    const amd = await pushRandomImage(access, multi, `${tag}-amd64`, 4096);
    const arm =
      arm64Digest ??
      (
        await pushRandomImage(access, multi, `${tag}-arm64`, 4096, {
          os: 'linux',
          architecture: 'arm64',
        })
      ).digest;
    const sizeOf = async (digest: string) => {
      const res = await fetch(`${access.url}/v2/${multi}/manifests/${digest}`, {
        headers: {
          accept: OCI_MANIFEST,
          authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
        },
      });
      return (await res.arrayBuffer()).byteLength;
    };
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        {
          mediaType: OCI_MANIFEST,
          digest: amd.digest,
          size: await sizeOf(amd.digest),
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: OCI_MANIFEST,
          digest: arm,
          size: await sizeOf(arm),
          platform: { os: 'linux', architecture: 'arm64' },
        },
      ],
    });
    const digest = await putManifest(access, multi, 'latest', index, OCI_INDEX);
    return { digest, amd64: amd.digest, arm64: arm };
  };

  beforeAll(async () => {
    ({ core, env } = await berthWith(h, {
      logins: [{ registry: host, username: user.username, secret: user.password }],
    }));
  }, 60_000);
  afterAll(() => core?.close());

  it('follows a tag that moves: current, then an update, then current again after the refresh pull', async () => {
    const reference = `${host}/${single}:v1`;
    await pushRandomImage(access, single, 'v1', 8192);
    expect((await core.pulls.pull(reference)).result).toBe('success');
    const before = await engineDigests(reference);

    const fresh = await check(reference);
    expect(fresh.status).toBe('current');
    expect(fresh.localDigests).toEqual(before);
    expect(fresh.remoteDigest).toBe(await headDigest(access.url, single, 'v1', user));
    expect(fresh.remoteIsIndex).toBe(false);

    await pushRandomImage(access, single, 'v1', 8192);
    const moved = await headDigest(access.url, single, 'v1', user);
    expect(before).not.toContain(moved);
    const stale = await check(reference);
    expect(stale.status).toBe('changed');
    expect(stale.remoteDigest).toBe(moved);
    expect(stale.localDigests).toEqual(await engineDigests(reference));
    expect(stale.summary).toContain('Pull to refresh');

    // The refresh: a pull whose ledger entry records the old digest beside the new.
    const refresh = await core.pulls.pull(reference);
    expect(refresh.result).toBe('success');
    expect(refresh.entry.digest).toBe(moved);
    expect(refresh.entry.previousDigest).toBe(before[0]);
    expect(await engineDigests(reference)).toContain(moved);
    expect((await check(reference)).status).toBe('current');
  }, 120_000);

  it('compares a multi-platform tag index with index: a pulled index is current, a rebuilt platform moves it', async () => {
    const reference = `${host}/${multi}:latest`;
    const first = await pushIndex('a');
    expect((await core.pulls.pull(reference, { platform: 'linux/amd64' })).result).toBe('success');
    // moby records the index's digest for a tag pull; comparing a platform manifest would fail here.
    expect(await engineDigests(reference)).toContain(first.digest);
    const fresh = await check(reference);
    expect(fresh.status).toBe('current');
    expect(fresh.remoteIsIndex).toBe(true);
    expect(fresh.remoteDigest).toBe(first.digest);

    // Only arm64 is rebuilt: the index moves, and the answer says what that means.
    const second = await pushIndex('b');
    expect(second.digest).not.toBe(first.digest);
    const moved = await check(reference);
    expect(moved.status).toBe('changed');
    expect(moved.remoteDigest).toBe(await headDigest(access.url, multi, 'latest', user));
    expect(moved.summary).toMatch(/index/);
  }, 120_000);

  it('says when there is nothing to compare, or the tag is gone, and the CLI prints the same', async () => {
    const reference = `${host}/${single}:v1`;
    const image = docker.getImage(reference);
    await image.tag({ repo: `berth-local/updates-${suffix}`, tag: 'dev' });
    await image.tag({ repo: `${host}/${single}`, tag: 'never-pushed' });
    const local = await check(`berth-local/updates-${suffix}:dev`);
    expect(local.status).toBe('local_only');
    expect(local.localDigests).toEqual([]);
    const gone = await check(`${host}/${single}:never-pushed`);
    expect(gone.status).toBe('missing');
    expect(gone.error?.code).toBe('registry.tag_unknown');

    const cli = await berth(
      ['updates', reference, `${host}/${single}:never-pushed`, '--json'],
      env,
      undefined,
      60_000,
    );
    expect(cli.code).toBe(0);
    const { checks } = JSON.parse(cli.stdout) as { checks: UpdateCheck[] };
    expect(checks.map((c) => c.status)).toEqual(['current', 'missing']);
    expect(checks[0]?.localDigests).toEqual(await engineDigests(reference));
  }, 120_000);

  it('refuses a digest reference: a digest never moves', async () => {
    const answer = await core.dispatch('images.checkUpdates', {
      references: [`${host}/${single}@sha256:${'a'.repeat(64)}`],
    });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.code).toBe('request.invalid');
  });
});
