/**
 * What Berth shows of an image straight from its registry, without pulling it: the config,
 * history and layers (remote inspect), the merged file tree, a diff of two images, and the
 * signatures, SBOMs and attestations that refer to it.
 */
import * as z from 'zod';
import { RateLimit } from './rate-limit';
import { lazySchema } from './lazy-schema';

export const PlatformName = lazySchema(() =>
  z.object({
    os: z.string(),
    architecture: z.string(),
    variant: z.string().optional(),
  }),
);
export type PlatformName = z.infer<typeof PlatformName>;

export function platformText(p: PlatformName): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

export const RemoteLayer = lazySchema(() =>
  z.object({
    digest: z.string(),
    mediaType: z.string(),
    /** Compressed bytes, as the manifest says. */
    size: z.number(),
    /** The uncompressed digest from the config's rootfs, when it lines up. */
    diffId: z.string().nullable(),
    /** The history step that made it (created_by), when it lines up. */
    createdBy: z.string().nullable(),
  }),
);
export type RemoteLayer = z.infer<typeof RemoteLayer>;

export const HistoryStep = lazySchema(() =>
  z.object({
    created: z.string().nullable(),
    createdBy: z.string(),
    comment: z.string().nullable(),
    emptyLayer: z.boolean(),
  }),
);
export type HistoryStep = z.infer<typeof HistoryStep>;

export const IndexEntry = lazySchema(() =>
  z.object({
    digest: z.string(),
    mediaType: z.string(),
    size: z.number(),
    platform: PlatformName.nullable(),
    /** A BuildKit attestation manifest (vnd.docker.reference.type), not an image to run. */
    attestationFor: z.string().nullable(),
  }),
);
export type IndexEntry = z.infer<typeof IndexEntry>;

export const RemoteImage = lazySchema(() =>
  z.object({
    reference: z.string(),
    /** The digest the reference resolves to: the index digest for a multi-platform tag. */
    digest: z.string(),
    mediaType: z.string(),
    /** Present when the reference is an index: every entry, attestations included. */
    index: z.array(IndexEntry).nullable(),
    /** The platform manifest actually described. */
    manifestDigest: z.string(),
    configDigest: z.string(),
    platform: PlatformName,
    created: z.string().nullable(),
    author: z.string().nullable(),
    entrypoint: z.array(z.string()),
    cmd: z.array(z.string()),
    env: z.array(z.string()),
    user: z.string(),
    workingDir: z.string(),
    labels: z.record(z.string(), z.string()),
    exposedPorts: z.array(z.string()),
    history: z.array(HistoryStep),
    layers: z.array(RemoteLayer),
    /** Sum of the layers' compressed sizes. */
    compressedSize: z.number(),
    rateLimit: RateLimit.nullable(),
  }),
);
export type RemoteImage = z.infer<typeof RemoteImage>;

export const FileKind = lazySchema(() => z.enum(['file', 'dir', 'symlink', 'hardlink', 'other']));
export type FileKind = z.infer<typeof FileKind>;

export const ImageFile = lazySchema(() =>
  z.object({
    /** Without a leading slash, as in the layer tar: "etc/passwd". */
    path: z.string(),
    kind: FileKind,
    size: z.number(),
    mode: z.number(),
    linkTarget: z.string().optional(),
    /** sha256 of the content, when the listing was asked to hash (diffs). */
    contentDigest: z.string().optional(),
    /** The index of the layer that last wrote it (0 = base). */
    layer: z.number(),
    /** Layers that wrote it before the last one (changed), oldest first. */
    earlierLayers: z.array(z.number()),
  }),
);
export type ImageFile = z.infer<typeof ImageFile>;

/** Rows a listing streams before its merged tree (images.files.rows): a screenful and more. */
export const FIRST_ROWS_LIMIT = 5_000;

export const RemovedFile = lazySchema(() =>
  z.object({
    path: z.string(),
    /** The layer whose whiteout removed it. */
    layer: z.number(),
    /** Bytes the removed entry still takes in the layers below. */
    size: z.number(),
  }),
);
export type RemovedFile = z.infer<typeof RemovedFile>;

export const LayerFiles = lazySchema(() =>
  z.object({
    index: z.number(),
    digest: z.string(),
    mediaType: z.string(),
    compressedSize: z.number(),
    /** Bytes of file content in the layer's tar. */
    contentSize: z.number(),
    entries: z.number(),
    added: z.number(),
    changed: z.number(),
    removed: z.number(),
  }),
);
export type LayerFiles = z.infer<typeof LayerFiles>;

export const FileTree = lazySchema(() =>
  z.object({
    reference: z.string(),
    manifestDigest: z.string(),
    layers: z.array(LayerFiles),
    files: z.array(ImageFile),
    removed: z.array(RemovedFile),
    /** Bytes in lower layers that the final image cannot see (overwritten or removed). */
    wastedBytes: z.number(),
    totalBytes: z.number(),
  }),
);
export type FileTree = z.infer<typeof FileTree>;

export const Change = lazySchema(() => z.enum(['added', 'removed', 'changed']));

export const ImageDiff = lazySchema(() =>
  z.object({
    a: z.object({ reference: z.string(), digest: z.string(), manifestDigest: z.string() }),
    b: z.object({ reference: z.string(), digest: z.string(), manifestDigest: z.string() }),
    sameDigest: z.boolean(),
    sameManifest: z.boolean(),
    manifest: z.array(z.object({ field: z.string(), a: z.string(), b: z.string() })),
    config: z.array(
      z.object({
        field: z.string(),
        change: Change,
        a: z.string().nullable(),
        b: z.string().nullable(),
      }),
    ),
    layers: z.object({
      shared: z.array(z.string()),
      onlyA: z.array(RemoteLayer),
      onlyB: z.array(RemoteLayer),
    }),
    files: z
      .array(
        z.object({
          path: z.string(),
          change: Change,
          sizeA: z.number().nullable(),
          sizeB: z.number().nullable(),
        }),
      )
      .nullable(),
  }),
);
export type ImageDiff = z.infer<typeof ImageDiff>;

export const ReferrerKind = lazySchema(() =>
  z.enum([
    'cosign-signature',
    'notation-signature',
    'sbom-spdx',
    'sbom-cyclonedx',
    'slsa-provenance',
    'in-toto',
    'other',
  ]),
);
export type ReferrerKind = z.infer<typeof ReferrerKind>;

export const Provenance = lazySchema(() =>
  z.object({
    sourceRepository: z.string().nullable(),
    commit: z.string().nullable(),
    builder: z.string().nullable(),
    buildType: z.string().nullable(),
  }),
);
export type Provenance = z.infer<typeof Provenance>;

export const Referrer = lazySchema(() =>
  z.object({
    digest: z.string(),
    kind: ReferrerKind,
    artifactType: z.string().nullable(),
    /** How Berth found it. */
    via: z.enum(['referrers-api', 'fallback-index', 'cosign-tag', 'attestation-manifest']),
    /** The tag it sits under (fallback schemes). */
    tag: z.string().nullable(),
    /** The in-toto predicate types inside (attestations). */
    predicateTypes: z.array(z.string()),
    /** For the subject's platform manifest, in an index. */
    subject: z.string(),
    provenance: Provenance.nullable(),
  }),
);
export type Referrer = z.infer<typeof Referrer>;

export const ReferrerList = lazySchema(() =>
  z.object({
    reference: z.string(),
    digest: z.string(),
    /** Whether the registry answered the OCI 1.1 referrers API, or Berth fell back to tags. */
    api: z.enum(['supported', 'fallback']),
    referrers: z.array(Referrer),
  }),
);
export type ReferrerList = z.infer<typeof ReferrerList>;

/**
 * Tags that name no image: cosign's `sha256-<hex>.sig|.att|.sbom` (sigstore/cosign
 * pkg/oci/remote/remote.go) and the referrers fallback index `sha256-<hex>`
 * (distribution-spec v1.1.0 "Referrers Tag Schema"). Tag lists hide them unless asked.
 */
export function isFallbackTag(tag: string): boolean {
  return /^sha256-[a-f0-9]{64}(\.(sig|att|sbom))?$/.test(tag);
}

/**
 * Whether a local image's tag still points where the engine recorded it. `current`: the tag
 * serves the digest the engine holds; `changed`: it serves another; `local_only`: the engine
 * holds no registry digest for this repository (built or loaded locally), so nothing can be
 * compared; `missing`: the registry no longer has the tag; `failed`: the registry did not
 * answer (error says why).
 */
export const UpdateStatus = lazySchema(() =>
  z.enum(['current', 'changed', 'local_only', 'missing', 'failed']),
);
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const UpdateCheck = lazySchema(() =>
  z.object({
    /** Canonical, with its tag: docker.io/library/nginx:latest. */
    reference: z.string(),
    status: UpdateStatus,
    /** The engine's RepoDigests for this repository (several after a tag moved and was re-pulled). */
    localDigests: z.array(z.string()),
    /** What the tag points to now (HEAD only); null when the registry did not say. */
    remoteDigest: z.string().nullable(),
    /** True when the tag now points to an index: its digest changes when any platform changes. */
    remoteIsIndex: z.boolean(),
    /** Docker Hub's pull-limit headers, when the registry sent them on the HEAD. */
    rateLimit: RateLimit.nullable(),
    /** One sentence a user can act on. */
    summary: z.string(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
);
export type UpdateCheck = z.infer<typeof UpdateCheck>;
