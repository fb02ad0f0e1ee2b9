/**
 * Seeding a real registry over its HTTP API: blobs, manifests, an OCI index of two
 * platforms, and thousands of tags made by PUTting one manifest under many names
 * (shared/notes/real-services.md).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RegistryAccess {
  url: string;
  username: string;
  password: string;
  /** Token registries: the issuer; Basic registries: undefined. */
  issuerUrl?: string;
}

const sha = (data: Uint8Array | string) =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function authorization(access: RegistryAccess, repository: string): Promise<string> {
  const basic = `Basic ${Buffer.from(`${access.username}:${access.password}`).toString('base64')}`;
  if (!access.issuerUrl) return basic;
  const url = `${access.issuerUrl}?service=test-registry&scope=repository:${repository}:pull,push`;
  const res = await fetch(url, { headers: { authorization: basic } });
  const body = (await res.json()) as { token: string };
  return `Bearer ${body.token}`;
}

async function check(res: Response, what: string): Promise<void> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
}

export async function putBlob(
  access: RegistryAccess,
  repository: string,
  data: Uint8Array | string,
): Promise<{ digest: string; size: number }> {
  const auth = await authorization(access, repository);
  const digest = sha(data);
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
  const start = await fetch(`${access.url}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
    headers: { authorization: auth },
  });
  await check(start, 'start upload');
  const location = new URL(start.headers.get('location') ?? '', access.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { authorization: auth, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  await check(put, 'put blob');
  return { digest, size: bytes.length };
}

export async function putManifest(
  access: RegistryAccess,
  repository: string,
  reference: string,
  manifest: string,
  mediaType: string,
  auth?: string,
): Promise<string> {
  const res = await fetch(`${access.url}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: {
      authorization: auth ?? (await authorization(access, repository)),
      'content-type': mediaType,
    },
    body: manifest,
  });
  await check(res, `put manifest ${reference}`);
  return sha(manifest);
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** A one-layer image for a platform; returns its manifest's digest, size and JSON. */
export async function pushImage(
  access: RegistryAccess,
  repository: string,
  platform: { os: string; architecture: string; variant?: string },
  created: string,
  layerText: string,
): Promise<{ digest: string; size: number; manifest: string; layerSize: number }> {
  const layer = await putBlob(access, repository, layerText);
  const config = JSON.stringify({
    created,
    ...platform,
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
    config: {},
  });
  const configBlob = await putBlob(access, repository, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: configBlob.digest,
      size: configBlob.size,
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: layer.digest,
        size: layer.size,
      },
    ],
  });
  const digest = await putManifest(access, repository, sha(manifest), manifest, OCI_MANIFEST);
  return { digest, size: manifest.length, manifest, layerSize: layer.size };
}

/** An OCI index over linux/amd64 and linux/arm64 images, tagged `tag`. */
export async function pushTwoPlatformIndex(
  access: RegistryAccess,
  repository: string,
  tag: string,
): Promise<{ digest: string; amd64: string; arm64: string }> {
  const amd64 = await pushImage(
    access,
    repository,
    { os: 'linux', architecture: 'amd64' },
    '2026-03-01T10:00:00Z',
    'amd64 layer '.repeat(100),
  );
  const arm64 = await pushImage(
    access,
    repository,
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    '2026-03-01T10:00:00Z',
    'arm64 layer',
  );
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: OCI_MANIFEST,
        digest: amd64.digest,
        size: amd64.size,
        platform: { os: 'linux', architecture: 'amd64' },
      },
      {
        mediaType: OCI_MANIFEST,
        digest: arm64.digest,
        size: arm64.size,
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      },
    ],
  });
  const digest = await putManifest(access, repository, tag, index, OCI_INDEX);
  return { digest, amd64: amd64.digest, arm64: arm64.digest };
}

/** `count` tags (t00000 … ) on one single-platform image, PUT with bounded concurrency. */
export async function seedManyTags(
  access: RegistryAccess,
  repository: string,
  count: number,
  concurrency = 24,
): Promise<string[]> {
  const image = await pushImage(
    access,
    repository,
    { os: 'linux', architecture: 'amd64' },
    '2026-02-01T08:00:00Z',
    'many tags',
  );
  const auth = await authorization(access, repository);
  const tags = Array.from({ length: count }, (_, i) => `t${String(i).padStart(5, '0')}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tags.length) {
        const tag = tags[next++] ?? '';
        await putManifest(access, repository, tag, image.manifest, OCI_MANIFEST, auth);
      }
    }),
  );
  return tags;
}

/**
 * A real image of `bytes` random (incompressible) bytes in one gzipped tar layer, pushed
 * over the registry API: big enough to keep a pull busy, and never already on the engine.
 */
export async function pushRandomImage(
  access: RegistryAccess,
  repository: string,
  tag: string,
  bytes: number,
  platform: { os: string; architecture: string } = { os: 'linux', architecture: 'amd64' },
): Promise<{ digest: string; layerSize: number }> {
  const { digest, layerSizes } = await pushRandomLayers(access, repository, tag, [bytes], platform);
  return { digest, layerSize: layerSizes[0] ?? 0 };
}

/** The same with a layer of random bytes for each size given, so a pull shows several bars. */
export async function pushRandomLayers(
  access: RegistryAccess,
  repository: string,
  tag: string,
  sizes: readonly number[],
  platform: { os: string; architecture: string } = { os: 'linux', architecture: 'amd64' },
): Promise<{ digest: string; layerSizes: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-layer-'));
  try {
    const layers: { digest: string; size: number }[] = [];
    const diffIds: string[] = [];
    for (const [index, bytes] of sizes.entries()) {
      const name = `payload-${index}.bin`;
      writeFileSync(join(dir, name), randomBytes(bytes));
      const tar = execFileSync('tar', ['-C', dir, '-c', name], {
        maxBuffer: bytes + 1024 * 1024,
      });
      diffIds.push(sha(tar));
      layers.push(await putBlob(access, repository, gzipSync(tar, { level: 1 })));
    }
    const config = JSON.stringify({
      created: new Date().toISOString(),
      ...platform,
      rootfs: { type: 'layers', diff_ids: diffIds },
      config: { Cmd: ['/payload-0.bin'] },
    });
    const configBlob = await putBlob(access, repository, config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configBlob.digest,
        size: configBlob.size,
      },
      layers: layers.map((layer) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: layer.digest,
        size: layer.size,
      })),
    });
    const digest = await putManifest(access, repository, tag, manifest, OCI_MANIFEST);
    return { digest, layerSizes: layers.map((layer) => layer.size) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
