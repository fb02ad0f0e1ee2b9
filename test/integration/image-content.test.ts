/**
 * Looking inside images without pulling, against the real docker-registry, with the real
 * tools as oracles: skopeo for the config and layers, `skopeo copy` + GNU `tar -t` for each
 * layer's entries, and the Docker engine itself (pull, create, export) for the merged tree.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { seedImageContent } from '../harness/image-content-seed';
import type { ContentSeed } from '../harness/image-content-seed';
import { startReferrersServer } from '../harness/referrers-server';
import type { ReferrersServer } from '../harness/referrers-server';
import { berth } from './berth-cli';
import type {
  FileTree,
  ImageDiff,
  ReferrerList,
  RemoteImage,
} from '../../src/shared/image-content';

const SKOPEO_ENV = { ...process.env, HOME: '/tmp/berth-skopeo-home' };

describeWithHarness('image content from the registry, without pulling', (h) => {
  const host = h.basicRegistry.host;
  const alice = { username: 'alice', password: h.users.alice ?? '' };
  let seed: ContentSeed;
  let front: ReferrersServer;
  let env: Record<string, string>;
  const ref = (tag: string) => `${host}/team/content:${tag}`;
  const skopeo = (...args: string[]) =>
    execFileSync('skopeo', args, { env: SKOPEO_ENV, maxBuffer: 64 << 20 }).toString();
  const skopeoInspect = (...args: string[]) =>
    skopeo('inspect', '--tls-verify=false', `--creds=alice:${alice.password}`, ...args);

  beforeAll(async () => {
    seed = await seedImageContent({ url: h.basicRegistry.url, ...alice });
    const sbom = JSON.parse(
      execFileSync('curl', [
        '-sf',
        '-u',
        `alice:${alice.password}`,
        '-H',
        'Accept: application/vnd.oci.image.manifest.v1+json',
        `${h.basicRegistry.url}/v2/team/content/manifests/${seed.sbom.digest}`,
      ]).toString(),
    ) as { artifactType: string };
    front = await startReferrersServer(h.basicRegistry.url, [
      {
        subject: seed.one.digest,
        digest: seed.sbom.digest,
        size: 0,
        artifactType: sbom.artifactType,
      },
    ]);
    const auth = { username: 'alice', secret: alice.password };
    env = {
      BERTH_HOME: mkdtempSync(join(tmpdir(), 'berth-content-')),
      BERTH_REGISTRY_AUTH: JSON.stringify({ [host]: auth, [front.host]: auth }),
      DOCKER_HOST: h.dockerHost,
    };
  }, 120_000);
  afterAll(async () => {
    await front?.stop();
  });

  it('inspects a remote image like skopeo inspect --config, with layer sizes from the manifest', async () => {
    const result = await berth(['inspect', ref('1'), '--remote', '--json'], env);
    expect(result.stderr).toBe('');
    const remote = JSON.parse(result.stdout) as RemoteImage;
    const config = JSON.parse(skopeoInspect('--config', `docker://${ref('1')}`)) as {
      config: Record<string, unknown>;
      history: { created_by: string; empty_layer?: boolean }[];
    };
    const raw = JSON.parse(skopeoInspect('--raw', `docker://${ref('1')}`)) as {
      layers: { digest: string; size: number }[];
    };
    expect(remote.entrypoint).toEqual(config.config.Entrypoint);
    expect(remote.cmd).toEqual(config.config.Cmd);
    expect(remote.env).toEqual(config.config.Env);
    expect(remote.user).toBe(config.config.User);
    expect(remote.workingDir).toBe(config.config.WorkingDir);
    expect(remote.labels).toEqual(config.config.Labels);
    expect(remote.exposedPorts).toEqual(Object.keys(config.config.ExposedPorts as object).sort());
    expect(remote.history.map((s) => s.createdBy)).toEqual(config.history.map((s) => s.created_by));
    expect(remote.layers.map((l) => [l.digest, l.size])).toEqual(
      raw.layers.map((l) => [l.digest, l.size]),
    );
    expect(remote.layers.map((l) => l.createdBy)).toEqual(
      config.history.filter((s) => !s.empty_layer).map((s) => s.created_by),
    );
    expect(remote.digest).toBe(seed.one.digest);
  });

  it('picks the platform from an index like the engine, and never the attestation manifest', async () => {
    const amd = JSON.parse(
      (
        await berth(
          ['inspect', ref('multi'), '--remote', '--platform', 'linux/amd64', '--json'],
          env,
        )
      ).stdout,
    ) as RemoteImage;
    expect(amd.digest).toBe(seed.multi.digest);
    expect(amd.manifestDigest).toBe(seed.multi.amd64);
    expect(amd.index?.find((e) => e.digest === seed.multi.attestation)?.attestationFor).toBe(
      seed.one.digest,
    );
    // skopeo resolves the same platform from the same index: the same layers.
    const skopeoLayers = (
      JSON.parse(
        skopeoInspect('--override-os=linux', '--override-arch=arm64', `docker://${ref('multi')}`),
      ) as { Layers: string[] }
    ).Layers;
    const arm = JSON.parse(
      (
        await berth(
          ['inspect', ref('multi'), '--remote', '--platform', 'linux/arm64', '--json'],
          env,
        )
      ).stdout,
    ) as RemoteImage;
    expect(arm.layers.map((l) => l.digest)).toEqual(skopeoLayers);
    expect(arm.manifestDigest).toBe(seed.multi.arm64);
    const none = await berth(
      ['inspect', ref('multi'), '--remote', '--platform', 'linux/s390x', '--json'],
      env,
    );
    expect(none.code).toBe(2);
    const error = (
      JSON.parse(none.stdout) as { error: { code: string; details: { offered: string[] } } }
    ).error;
    expect(error.code).toBe('inspect.platform_unavailable');
    expect(error.details.offered).toEqual(['linux/amd64', 'linux/arm64/v8']);
  });

  it("lists each layer's entries (gzip, zstd, plain) like skopeo copy + tar -t", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-skopeo-dir-'));
    try {
      skopeo(
        'copy',
        '--src-tls-verify=false',
        `--src-creds=alice:${alice.password}`,
        `docker://${ref('1')}`,
        `dir:${dir}`,
      );
      for (const [index, layer] of seed.one.layers.entries()) {
        const blob = join(dir, layer.digest.slice(7));
        // GNU tar detects gzip and zstd on its own when reading a file.
        const oracle = execFileSync('tar', ['-tf', blob]).toString().trim().split('\n');
        const tree = JSON.parse(
          (await berth(['files', ref('1'), '--layer', String(index), '--json'], env)).stdout,
        ) as FileTree;
        const whiteouts = oracle.filter((n) => n.split('/').pop()?.startsWith('.wh.'));
        const entries = oracle
          .filter((n) => !whiteouts.includes(n))
          .map((n) => n.replace(/\/$/, ''));
        expect(tree.files.map((f) => f.path).sort()).toEqual(entries.sort());
        expect(tree.layers[index]?.entries).toBe(oracle.length);
        expect(tree.removed.length > 0).toBe(whiteouts.length > 0);
      }
      expect(readdirSync(dir).length).toBeGreaterThan(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('merges the layers with whiteouts exactly like the Docker engine does', async () => {
    // Docker 20.10 cannot apply zstd layers, so the engine gets the same tars all gzipped.
    const tree = JSON.parse((await berth(['files', ref('gz'), '--json'], env)).stdout) as FileTree;
    const zstdTree = JSON.parse(
      (await berth(['files', ref('1'), '--json'], env)).stdout,
    ) as FileTree;
    expect(zstdTree.files).toEqual(tree.files);
    const docker = new Docker({ socketPath: h.socketPath });
    const pull = await docker.pull(ref('gz'), {
      authconfig: { ...alice, serveraddress: host },
    });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(pull, (e: Error | null, out: { error?: string }[]) =>
        e
          ? reject(e)
          : out.find((o) => o.error)
            ? reject(new Error(out.find((o) => o.error)?.error))
            : resolve(out),
      ),
    );
    const container = await docker.createContainer({ Image: ref('gz') });
    const engine = new Map<string, { size: number; type: string }>();
    try {
      const stream = await container.export();
      const extract = tar.extract();
      extract.on('entry', (header, body, next) => {
        engine.set(header.name.replace(/\/$/, ''), {
          size: header.size ?? 0,
          type: header.type ?? '',
        });
        body.on('end', next);
        body.resume();
      });
      stream.pipe(extract);
      await new Promise((resolve) => extract.on('finish', resolve));
    } finally {
      await container.remove({ force: true });
    }
    // The engine adds its own mount points and files to every container's file system.
    const runtime = /^(\.dockerenv|dev|proc|sys|etc\/(hostname|hosts|resolv\.conf|mtab))(\/|$)/;
    const engineFiles = [...engine.entries()]
      .filter(([p, e]) => !runtime.test(p) && e.type !== 'directory')
      .map(([p, e]) => `${p} ${e.size}`)
      .sort();
    const berthFiles = tree.files
      .filter((f) => f.kind !== 'dir')
      .map((f) => `${f.path} ${f.size}`)
      .sort();
    expect(berthFiles).toEqual(engineFiles);
    expect(tree.files.some((f) => f.path === 'tmp/big.bin')).toBe(false);
    expect(tree.removed.map((r) => r.path).sort()).toEqual([
      'app/data',
      'etc/passwd',
      'tmp/big.bin',
    ]);
    expect(tree.wastedBytes).toBeGreaterThanOrEqual(100 * 1024);
    expect(tree.files.find((f) => f.path === 'app/config.json')?.earlierLayers).toEqual([0]);
  }, 120_000);

  it('extracts one file, following a symlink, from the layer that last wrote it', async () => {
    const config = await berth(['cat', ref('1'), '/app/config.json'], env);
    expect(config.stdout).toBe('{"mode":"one"}\n');
    const viaLink = await berth(['cat', ref('1'), 'bin/t'], env);
    expect(viaLink.stdout).toBe('#!/bin/sh\necho tool\n');
    const removed = await berth(['cat', ref('1'), '/tmp/big.bin'], env);
    expect(removed.code).toBe(2);
    expect(removed.stderr).toContain('removed by layer 1');
  });

  it('diffs two tags: config, layers, and a file changed at the same size', async () => {
    const d = JSON.parse(
      (await berth(['diff', ref('1'), ref('2'), '--json'], env)).stdout,
    ) as ImageDiff;
    expect(d.sameDigest).toBe(false);
    // The base and the last layer are byte for byte the same in both; the zstd one differs.
    expect(d.layers.shared).toEqual([seed.one.layers[0]?.digest, seed.one.layers[2]?.digest]);
    expect(d.layers.onlyB.map((l) => l.digest)).toEqual([seed.two.layers[1]?.digest]);
    expect(d.config.map((c) => c.field).sort()).toEqual(['Env APP_MODE', 'Label stage']);
    expect(d.files).toEqual([{ path: 'app/config.json', change: 'changed', sizeA: 15, sizeB: 15 }]);
    const same = JSON.parse(
      (await berth(['diff', ref('1'), `${host}/team/content@${seed.one.digest}`, '--json'], env))
        .stdout,
    ) as ImageDiff;
    expect(same.sameDigest).toBe(true);
    expect(same.files).toEqual([]);
  });

  it('lists the cosign signature under its fallback tag, and the BuildKit provenance in the index', async () => {
    const signed = JSON.parse(
      (await berth(['referrers', ref('1'), '--json'], env)).stdout,
    ) as ReferrerList;
    expect(signed.api).toBe('fallback');
    expect(signed.referrers).toEqual([
      expect.objectContaining({
        kind: 'cosign-signature',
        via: 'cosign-tag',
        tag: seed.signature.tag,
        digest: seed.signature.digest,
      }),
    ]);
    const multi = JSON.parse(
      (await berth(['referrers', ref('multi'), '--json'], env)).stdout,
    ) as ReferrerList;
    const provenance = multi.referrers.find((r) => r.kind === 'slsa-provenance');
    expect(provenance?.via).toBe('attestation-manifest');
    expect(provenance?.subject).toBe(seed.one.digest);
    expect(provenance?.provenance).toEqual({
      sourceRepository: seed.provenance.source,
      commit: seed.provenance.revision,
      builder: seed.provenance.builder,
      buildType: 'https://mobyproject.org/buildkit@v1',
    });
  });

  it('reads the OCI 1.1 referrers API where the registry offers it', async () => {
    const listed = JSON.parse(
      (await berth(['referrers', `${front.host}/team/content:1`, '--json'], env)).stdout,
    ) as ReferrerList;
    expect(front.answered).toContain(`/v2/team/content/referrers/${seed.one.digest}`);
    expect(listed.api).toBe('supported');
    expect(listed.referrers.map((r) => [r.kind, r.via, r.digest])).toEqual([
      ['sbom-spdx', 'referrers-api', seed.sbom.digest],
      ['cosign-signature', 'cosign-tag', seed.signature.digest],
    ]);
  });

  it('says clearly when the reference or path is wrong', async () => {
    const missing = await berth(['files', ref('nope'), '--json'], env);
    expect(missing.code).toBe(1);
    expect((JSON.parse(missing.stdout) as { error: { code: string } }).error.code).toBe(
      'registry.tag_unknown',
    );
    const badLayer = await berth(['files', ref('1'), '--layer', '9', '--json'], env);
    expect((JSON.parse(badLayer.stdout) as { error: { code: string } }).error.code).toBe(
      'inspect.no_layer',
    );
    const noFile = await berth(['cat', ref('1'), '/nope'], env);
    expect(noFile.stderr).toContain('has no file /nope');
    expect(readFileSync).toBeDefined();
  });
});
