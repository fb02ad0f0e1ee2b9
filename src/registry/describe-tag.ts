/**
 * What the tag browser shows for one tag: digest, media type, platforms, compressed size and
 * created date. An index is described through the manifest of the engine's platform.
 */
import * as z from 'zod';
import type { Platform, TagDetails } from '../shared/contract';
import type { Repo, RegistryClient } from './client';
import { badResponse } from './errors';
import { MEDIA_TYPES, getConfigBlob, getManifest, headManifest } from './manifests';
import { lazySchema } from '../shared/lazy-schema';

const Descriptor = lazySchema(() =>
  z.object({
    digest: z.string(),
    size: z.number().optional(),
    mediaType: z.string().optional(),
    platform: z
      .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
      .optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
);
const IndexJson = lazySchema(() => z.object({ manifests: z.array(Descriptor) }));
const ManifestJson = lazySchema(() =>
  z.object({ config: Descriptor, layers: z.array(Descriptor) }),
);
const ConfigJson = lazySchema(() =>
  z.object({
    created: z.string().optional(),
    os: z.string().optional(),
    architecture: z.string().optional(),
    variant: z.string().optional(),
  }),
);

export interface DescribeOptions {
  /** The engine's platform, to pick from an index; linux/amd64 by default. */
  platform?: { os: string; architecture: string };
  signal?: AbortSignal;
}

const isIndex = (mediaType: string, json: unknown) =>
  mediaType === MEDIA_TYPES.ociIndex ||
  mediaType === MEDIA_TYPES.dockerList ||
  IndexJson.safeParse(json).success;

// BuildKit's annotations on an attestation manifest (moby/buildkit docs/attestations/
// attestation-storage.md): its type, and the digest of the image it describes.
const REFERENCE_TYPE = 'vnd.docker.reference.type';
const REFERENCE_DIGEST = 'vnd.docker.reference.digest';

function isAttestation(m: z.infer<typeof Descriptor>): boolean {
  return (
    m.annotations?.[REFERENCE_TYPE] === 'attestation-manifest' ||
    (m.platform?.os === 'unknown' && m.platform.architecture === 'unknown')
  );
}

export async function describeTag(
  client: RegistryClient,
  repo: Repo,
  tag: string,
  options: DescribeOptions = {},
): Promise<TagDetails> {
  // Docker Hub counts every manifest GET as a pull against the user's rate limit; a HEAD is
  // free. So on Docker Hub the browser shows what a HEAD tells, and never spends pulls.
  if (repo.registry === 'docker.io') {
    const head = await headManifest(client, repo, tag, options.signal);
    return {
      tag,
      digest: head.digest,
      mediaType: head.mediaType,
      kind:
        head.mediaType === MEDIA_TYPES.ociIndex || head.mediaType === MEDIA_TYPES.dockerList
          ? 'index'
          : 'manifest',
      platforms: [],
      compressedSize: null,
      created: null,
      rateLimit: head.rateLimit,
    };
  }
  const ctx = {
    host: repo.registry,
    repository: repo.repository,
    what: `the manifest of ${tag}`,
    hadCredential: false,
  };
  const top = await getManifest(client, repo, tag, options.signal);
  const want = options.platform ?? { os: 'linux', architecture: 'amd64' };

  if (isIndex(top.mediaType, top.json)) {
    const index = IndexJson.safeParse(top.json);
    if (!index.success) throw badResponse(ctx, 'the index has no valid "manifests" list');
    // Attestation manifests carry platform unknown/unknown: they are not images to run.
    const images = index.data.manifests.filter((m) => m.platform && !isAttestation(m));
    const attestations = index.data.manifests.filter(isAttestation).map((m) => ({
      digest: m.digest,
      subject: m.annotations?.[REFERENCE_DIGEST] ?? null,
    }));
    const chosen =
      images.find(
        (m) => m.platform?.os === want.os && m.platform.architecture === want.architecture,
      ) ?? images[0];
    let chosenSize: number | null = null;
    let created: string | null = null;
    if (chosen) {
      const child = await getManifest(client, repo, chosen.digest, options.signal);
      const manifest = ManifestJson.safeParse(child.json);
      if (manifest.success) {
        chosenSize = manifest.data.layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
        const config = ConfigJson.safeParse(
          await getConfigBlob(client, repo, manifest.data.config.digest, options.signal),
        );
        created = config.success ? (config.data.created ?? null) : null;
      }
    }
    const platforms: Platform[] = images.map((m) => ({
      os: m.platform?.os ?? '',
      architecture: m.platform?.architecture ?? '',
      ...(m.platform?.variant ? { variant: m.platform.variant } : {}),
      digest: m.digest,
      size: m.digest === chosen?.digest ? chosenSize : null,
    }));
    return {
      tag,
      digest: top.digest,
      mediaType: top.mediaType,
      kind: 'index',
      platforms,
      compressedSize: chosenSize,
      created,
      rateLimit: top.rateLimit,
      ...(attestations.length > 0 ? { attestations } : {}),
    };
  }

  const manifest = ManifestJson.safeParse(top.json);
  if (!manifest.success)
    throw badResponse(ctx, 'the manifest has no config and layers (a schema1 manifest?)');
  const size = manifest.data.layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
  const config = ConfigJson.safeParse(
    await getConfigBlob(client, repo, manifest.data.config.digest, options.signal),
  );
  const c = config.success ? config.data : {};
  return {
    tag,
    digest: top.digest,
    mediaType: top.mediaType,
    kind: 'manifest',
    platforms: [
      {
        os: c.os ?? '',
        architecture: c.architecture ?? '',
        ...(c.variant ? { variant: c.variant } : {}),
        digest: top.digest,
        size,
      },
    ],
    compressedSize: size,
    created: c.created ?? null,
    rateLimit: top.rateLimit,
  };
}
