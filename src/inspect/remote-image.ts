/**
 * An image described from its registry alone: the reference's manifest (an index is
 * resolved to one platform, like the engine does), the config blob and the history lined up
 * with the layers. Only manifests and the config are read: nothing is pulled.
 */
import * as z from 'zod';
import { BerthError } from '../shared/errors';
import type { RemoteImage, RemoteLayer, IndexEntry, PlatformName } from '../shared/image-content';
import { parseNormalizedNamed, referenceString } from '../shared/reference';
import { MEDIA_TYPES, getConfigBlob, getManifest } from '../registry';
import type { Manifest, RegistryClient, Repo } from '../registry';
import {
  REFERENCE_DIGEST_ANNOTATION,
  isAttestation,
  pickPlatform,
  platformText,
} from './platform-match';
import { lazySchema } from '../shared/lazy-schema';

const Descriptor = lazySchema(() =>
  z.object({
    mediaType: z.string().default(''),
    digest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,}$/),
    size: z.number().nonnegative().default(0),
    annotations: z.record(z.string(), z.string()).optional(),
    platform: z
      .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
      .optional(),
  }),
);
export type Descriptor = z.infer<typeof Descriptor>;

export const IndexJson = lazySchema(() => z.object({ manifests: z.array(Descriptor) }));
export const ManifestJson = lazySchema(() =>
  z.object({
    mediaType: z.string().optional(),
    artifactType: z.string().optional(),
    config: Descriptor,
    layers: z.array(Descriptor),
    subject: Descriptor.optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
);
export type ManifestJson = z.infer<typeof ManifestJson>;

const ConfigJson = lazySchema(() =>
  z.object({
    created: z.string().optional(),
    author: z.string().optional(),
    os: z.string().optional(),
    architecture: z.string().optional(),
    variant: z.string().optional(),
    config: z
      .object({
        Entrypoint: z.array(z.string()).nullish(),
        Cmd: z.array(z.string()).nullish(),
        Env: z.array(z.string()).nullish(),
        User: z.string().nullish(),
        WorkingDir: z.string().nullish(),
        Labels: z.record(z.string(), z.string()).nullish(),
        ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
      })
      .nullish(),
    rootfs: z.object({ diff_ids: z.array(z.string()).nullish() }).nullish(),
    history: z
      .array(
        z.object({
          created: z.string().optional(),
          created_by: z.string().optional(),
          comment: z.string().optional(),
          empty_layer: z.boolean().optional(),
        }),
      )
      .nullish(),
  }),
);

export interface ResolvedImage {
  image: RemoteImage;
  repo: Repo;
  manifest: ManifestJson;
}

export interface ResolvedManifest {
  repo: Repo;
  /** The canonical reference. */
  reference: string;
  /** What the reference points to: an index or a manifest. */
  top: Manifest;
  /** The platform's manifest (top itself when it is not an index). */
  chosen: Manifest;
  index: IndexEntry[] | null;
  manifest: ManifestJson;
}

export interface ResolveOptions {
  /** The platform to pick from an index; the engine's, or linux/amd64. */
  platform?: PlatformName;
  signal?: AbortSignal;
}

export function repoOf(input: string): { repo: Repo; reference: string; canonical: string } {
  const ref = parseNormalizedNamed(input);
  return {
    repo: { registry: ref.domain, repository: ref.path },
    reference: ref.digest || ref.tag || 'latest',
    canonical: referenceString(ref),
  };
}

export const isIndexMediaType = (mediaType: string) =>
  mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList;

function badContent(repo: Repo, what: string): BerthError {
  return new BerthError(
    'inspect.bad_manifest',
    `${repo.registry}/${repo.repository}: ${what}.`,
    'The registry sent something that is not an image manifest Berth can read (a schema1 manifest, or an artifact that is not an image).',
    { host: repo.registry, repository: repo.repository },
  );
}

export function indexEntries(json: unknown): IndexEntry[] {
  const index = IndexJson.safeParse(json);
  if (!index.success) return [];
  return index.data.manifests.map((m) => ({
    digest: m.digest,
    mediaType: m.mediaType,
    size: m.size,
    platform: m.platform ?? null,
    attestationFor: isAttestation(m) ? (m.annotations?.[REFERENCE_DIGEST_ANNOTATION] ?? '') : null,
  }));
}

/**
 * The manifest alone (an index resolved to the platform): all a file listing needs, so its
 * layers start without waiting for the config blob.
 */
export async function resolveManifest(
  client: RegistryClient,
  input: string,
  options: ResolveOptions = {},
): Promise<ResolvedManifest> {
  const { repo, reference, canonical } = repoOf(input);
  const want = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const top: Manifest = await getManifest(client, repo, reference, options.signal);
  let index: IndexEntry[] | null = null;
  let chosen: Manifest = top;
  if (isIndexMediaType(top.mediaType) || IndexJson.safeParse(top.json).success) {
    const parsed = IndexJson.safeParse(top.json);
    if (!parsed.success) throw badContent(repo, 'the index has no valid "manifests" list');
    index = indexEntries(top.json);
    const entry = pickPlatform(parsed.data.manifests, want);
    if (!entry) {
      const offered = index
        .filter((e) => e.platform && e.attestationFor === null)
        .map((e) => platformText(e.platform ?? { os: '', architecture: '' }));
      throw new BerthError(
        'inspect.platform_unavailable',
        `${canonical} has no image for ${platformText(want)}; it offers ${offered.join(', ') || 'no runnable platform'}.`,
        'Pick one of the offered platforms with --platform.',
        { offered, wanted: platformText(want) },
      );
    }
    chosen = await getManifest(client, repo, entry.digest, options.signal);
  }
  const manifest = ManifestJson.safeParse(chosen.json);
  if (!manifest.success) throw badContent(repo, 'the manifest has no config and layers');
  return { repo, reference: canonical, top, chosen, index, manifest: manifest.data };
}

export async function resolveImage(
  client: RegistryClient,
  input: string,
  options: ResolveOptions = {},
): Promise<ResolvedImage> {
  const resolved = await resolveManifest(client, input, options);
  const { repo, top, chosen, index } = resolved;
  const canonical = resolved.reference;
  const raw = await getConfigBlob(client, repo, resolved.manifest.config.digest, options.signal);
  const parsedConfig = ConfigJson.safeParse(raw);
  if (!parsedConfig.success) throw badContent(repo, 'the image config is not an image config');
  const config = parsedConfig.data;
  const c = config.config ?? {};
  const history = (config.history ?? []).map((h) => ({
    created: h.created ?? null,
    createdBy: h.created_by ?? '',
    comment: h.comment ?? null,
    emptyLayer: h.empty_layer ?? false,
  }));
  // History steps with empty_layer=false line up with the layers, in order (image-spec config.md).
  const layerSteps = history.filter((h) => !h.emptyLayer);
  const diffIds = config.rootfs?.diff_ids ?? [];
  const aligned = layerSteps.length === resolved.manifest.layers.length;
  const layers: RemoteLayer[] = resolved.manifest.layers.map((l, i) => ({
    digest: l.digest,
    mediaType: l.mediaType,
    size: l.size,
    diffId: diffIds.length === resolved.manifest.layers.length ? (diffIds[i] ?? null) : null,
    createdBy: aligned ? (layerSteps[i]?.createdBy ?? null) : null,
  }));
  const image: RemoteImage = {
    reference: canonical,
    digest: top.digest,
    mediaType: top.mediaType,
    index,
    manifestDigest: chosen.digest,
    configDigest: resolved.manifest.config.digest,
    platform: {
      os: config.os ?? '',
      architecture: config.architecture ?? '',
      ...(config.variant ? { variant: config.variant } : {}),
    },
    created: config.created ?? null,
    author: config.author ?? null,
    entrypoint: c.Entrypoint ?? [],
    cmd: c.Cmd ?? [],
    env: c.Env ?? [],
    user: c.User ?? '',
    workingDir: c.WorkingDir ?? '',
    labels: c.Labels ?? {},
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).sort(),
    history,
    layers,
    compressedSize: layers.reduce((sum, l) => sum + l.size, 0),
    rateLimit: top.rateLimit,
  };
  return { image, repo, manifest: resolved.manifest };
}
