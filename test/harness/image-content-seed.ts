/**
 * Images to look inside, pushed over the registry API (blobs and manifests by hand):
 * - team/content:1, three layers: gzip, zstd (made by the `zstd` CLI, zstd 1.5 from Debian)
 *   and plain tar; the upper layers delete files (`.wh.` whiteouts) and empty a directory
 *   (`.wh..wh..opq`); a config with entrypoint, cmd, env, user, working dir, labels, ports
 *   and a history whose created_by lines match the layers;
 * - team/content:2, the same base with one file changed at the same size and one env changed;
 * - team/content:multi, an OCI index of :1 (linux/amd64), a small linux/arm64 image and a
 *   BuildKit-style attestation manifest (unknown/unknown, vnd.docker.reference.*) holding a
 *   SLSA v0.2 provenance statement with BuildKit's vcs metadata;
 * - a cosign-style signature of :1 under the fallback tag `sha256-<hex>.sig`, and an SPDX
 *   SBOM artifact with `subject` = :1, which only the referrers test server lists.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { putBlob, putManifest } from './registry-seed';
import type { RegistryAccess } from './registry-seed';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const sha = (data: Uint8Array | string) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface TarItem {
  name: string;
  type?: 'file' | 'directory' | 'symlink';
  content?: Buffer | string;
  mode?: number;
  linkname?: string;
}

export async function tarOf(items: readonly TarItem[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const item of items) {
    const type = item.type ?? 'file';
    const content =
      typeof item.content === 'string'
        ? Buffer.from(item.content)
        : (item.content ?? Buffer.alloc(0));
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        {
          name: item.name,
          type,
          mode: item.mode ?? (type === 'directory' ? 0o755 : 0o644),
          mtime: new Date('2026-11-01T00:00:00Z'),
          ...(item.linkname ? { linkname: item.linkname } : {}),
        },
        type === 'file' ? content : undefined,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export type Compression = 'gzip' | 'zstd' | 'none';

export function compress(data: Buffer, how: Compression): Buffer {
  if (how === 'gzip') return gzipSync(data);
  if (how === 'zstd')
    return execFileSync('zstd', ['-q', '-c', '-3'], { input: data, maxBuffer: 1 << 30 });
  return data;
}

const LAYER_TYPE: Record<Compression, string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
};

export interface PushedImage {
  digest: string;
  size: number;
  manifest: string;
  layers: { digest: string; size: number; mediaType: string }[];
}

export async function pushLayers(
  access: RegistryAccess,
  repository: string,
  reference: string,
  layers: { items: TarItem[]; compression: Compression; createdBy: string }[],
  config: Record<string, unknown>,
  platform: { os: string; architecture: string; variant?: string } = {
    os: 'linux',
    architecture: 'amd64',
  },
): Promise<PushedImage> {
  const pushed: PushedImage['layers'] = [];
  const diffIds: string[] = [];
  for (const layer of layers) {
    const raw = await tarOf(layer.items);
    diffIds.push(sha(raw));
    const blob = await putBlob(access, repository, compress(raw, layer.compression));
    pushed.push({ ...blob, mediaType: LAYER_TYPE[layer.compression] });
  }
  const configBlob = await putBlob(
    access,
    repository,
    JSON.stringify({
      created: '2026-11-02T09:00:00Z',
      author: 'berth tests',
      ...platform,
      config,
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: [
        ...layers.map((l) => ({ created: '2026-11-02T09:00:00Z', created_by: l.createdBy })),
        { created: '2026-11-02T09:00:01Z', created_by: 'CMD ["serve"]', empty_layer: true },
      ],
    }),
  );
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: configBlob.digest, size: configBlob.size },
    layers: pushed,
  });
  const digest = await putManifest(access, repository, reference, manifest, OCI_MANIFEST);
  return { digest, size: Buffer.byteLength(manifest), manifest, layers: pushed };
}

export interface ContentSeed {
  repository: string;
  one: PushedImage;
  two: PushedImage;
  multi: { digest: string; amd64: string; arm64: string; attestation: string };
  signature: { tag: string; digest: string };
  sbom: { digest: string };
  /** Provenance recorded in the attestation. */
  provenance: { source: string; revision: string; builder: string };
}

const BIG = randomBytes(100 * 1024);

function baseLayer(): TarItem[] {
  return [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', content: 'ID=berth\nVERSION_ID=1\n' },
    {
      name: 'etc/passwd',
      content: 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n',
    },
    { name: 'app/', type: 'directory' },
    { name: 'app/config.json', content: '{"mode":"one"}\n' },
    { name: 'app/data/', type: 'directory' },
    { name: 'app/data/a.txt', content: 'a'.repeat(1000) },
    { name: 'app/data/b.txt', content: 'b'.repeat(2000) },
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'tmp/big.bin', content: BIG },
    { name: 'bin/', type: 'directory' },
    { name: 'bin/tool', content: '#!/bin/sh\necho tool\n', mode: 0o755 },
    { name: 'bin/t', type: 'symlink', linkname: 'tool' },
  ];
}

export async function seedImageContent(
  access: RegistryAccess,
  repository = 'team/content',
): Promise<ContentSeed> {
  const config = (mode: string) => ({
    Entrypoint: ['/bin/tool'],
    Cmd: ['serve', '--port', '8080'],
    Env: ['PATH=/usr/local/bin:/usr/bin:/bin', `APP_MODE=${mode}`],
    User: 'app',
    WorkingDir: '/app',
    Labels: {
      'org.opencontainers.image.source': 'https://github.com/example/berth-content',
      stage: mode,
    },
    ExposedPorts: { '8080/tcp': {}, '9090/udp': {} },
  });
  const upper = (
    configText: string,
  ): { items: TarItem[]; compression: Compression; createdBy: string }[] => [
    {
      compression: 'zstd',
      createdBy: 'RUN rm /tmp/big.bin && rm -rf /app/data/* && echo c > /app/data/c.txt',
      items: [
        { name: 'tmp/.wh.big.bin' },
        { name: 'app/data/', type: 'directory' },
        { name: 'app/data/.wh..wh..opq' },
        { name: 'app/data/c.txt', content: 'c\n' },
        { name: 'app/config.json', content: configText },
      ],
    },
    {
      compression: 'none',
      createdBy: 'COPY notes.txt /app/ && RUN rm /etc/passwd',
      items: [{ name: 'etc/.wh.passwd' }, { name: 'app/notes.txt', content: 'notes\n' }],
    },
  ];
  const base = { items: baseLayer(), compression: 'gzip' as const, createdBy: 'ADD rootfs.tar /' };
  // Same size, different bytes: only a content hash tells these apart.
  const one = await pushLayers(
    access,
    repository,
    '1',
    [base, ...upper('{"mode":"one"}\n')],
    config('one'),
  );
  const gzipped = [base, ...upper('{"mode":"one"}\n')].map((l) => ({
    ...l,
    compression: 'gzip' as const,
  }));
  await pushLayers(access, repository, 'gz', gzipped, config('one'));
  const two = await pushLayers(
    access,
    repository,
    '2',
    [base, ...upper('{"mode":"two"}\n')],
    config('two'),
  );

  const arm = await pushLayers(
    access,
    repository,
    'arm64-only',
    [
      {
        items: [{ name: 'hello.txt', content: 'arm\n' }],
        compression: 'gzip',
        createdBy: 'COPY hello.txt /',
      },
    ],
    {},
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  );
  const provenance = {
    source: 'https://github.com/example/berth-content.git',
    revision: 'c0ffee1234567890c0ffee1234567890c0ffee12',
    builder: 'https://github.com/example/berth-content/actions/runs/42',
  };
  const statement = JSON.stringify({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [{ name: `pkg:docker/${repository}@1`, digest: { sha256: one.digest.slice(7) } }],
    predicate: {
      builder: { id: provenance.builder },
      buildType: 'https://mobyproject.org/buildkit@v1',
      metadata: {
        'https://mobyproject.org/buildkit@v1#metadata': {
          vcs: { source: provenance.source, revision: provenance.revision },
        },
      },
    },
  });
  const statementBlob = await putBlob(access, repository, statement);
  const emptyConfig = await putBlob(access, repository, '{}');
  const attestationManifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: emptyConfig.digest, size: emptyConfig.size },
    layers: [
      {
        mediaType: 'application/vnd.in-toto+json',
        digest: statementBlob.digest,
        size: statementBlob.size,
        annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' },
      },
    ],
  });
  const attestation = await putManifest(
    access,
    repository,
    sha(attestationManifest),
    attestationManifest,
    OCI_MANIFEST,
  );
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: OCI_MANIFEST,
        digest: one.digest,
        size: one.size,
        platform: { os: 'linux', architecture: 'amd64' },
      },
      {
        mediaType: OCI_MANIFEST,
        digest: arm.digest,
        size: arm.size,
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      },
      {
        mediaType: OCI_MANIFEST,
        digest: attestation,
        size: Buffer.byteLength(attestationManifest),
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': one.digest,
        },
      },
    ],
  });
  const multi = await putManifest(access, repository, 'multi', index, OCI_INDEX);

  // cosign's signature layout (sigstore/cosign specs/SIGNATURE_SPEC.md): simple signing payload.
  const payload = JSON.stringify({
    critical: {
      identity: { 'docker-reference': `${repository}` },
      image: { 'docker-manifest-digest': one.digest },
      type: 'cosign container image signature',
    },
    optional: null,
  });
  const payloadBlob = await putBlob(access, repository, payload);
  const signatureManifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: emptyConfig.digest, size: emptyConfig.size },
    layers: [
      {
        mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
        digest: payloadBlob.digest,
        size: payloadBlob.size,
        annotations: {
          'dev.cosignproject.cosign/signature':
            Buffer.from('not-a-real-signature').toString('base64'),
        },
      },
    ],
  });
  const signatureTag = `${one.digest.replace(':', '-')}.sig`;
  const signature = await putManifest(
    access,
    repository,
    signatureTag,
    signatureManifest,
    OCI_MANIFEST,
  );

  const sbomBlob = await putBlob(
    access,
    repository,
    JSON.stringify({ spdxVersion: 'SPDX-2.3', name: 'content' }),
  );
  const sbomManifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: 'application/spdx+json',
    config: {
      mediaType: 'application/vnd.oci.empty.v1+json',
      digest: emptyConfig.digest,
      size: emptyConfig.size,
    },
    layers: [{ mediaType: 'application/spdx+json', digest: sbomBlob.digest, size: sbomBlob.size }],
    subject: { mediaType: OCI_MANIFEST, digest: one.digest, size: one.size },
  });
  const sbom = await putManifest(access, repository, sha(sbomManifest), sbomManifest, OCI_MANIFEST);

  return {
    repository,
    one,
    two,
    multi: { digest: multi, amd64: one.digest, arm64: arm.digest, attestation },
    signature: { tag: signatureTag, digest: signature },
    sbom: { digest: sbom },
    provenance,
  };
}
