/**
 * What refers to an image: signatures, SBOMs and attestations, found three ways.
 * - The OCI 1.1 referrers API, `GET /v2/<name>/referrers/<digest>`, and where a registry lacks
 *   it (404), the referrers tag schema: an index under the tag `sha256-<hex>`
 *   (opencontainers/distribution-spec spec.md v1.1.0 "Listing Referrers", "Unavailable
 *   Referrers API").
 * - cosign's tags `sha256-<hex>.sig`, `.att` and `.sbom` (sigstore/cosign
 *   pkg/oci/remote/remote.go SignatureTag/AttestationTag/SBOMTag @v2.2.4).
 * - BuildKit's attestation manifests inside the image's own index
 *   (moby/buildkit docs/attestations/attestation-storage.md).
 */
import * as z from 'zod';
import type { Provenance, Referrer, ReferrerKind, ReferrerList } from '../shared/image-content';
import { BerthError } from '../shared/errors';
import { MEDIA_TYPES, getManifest } from '../registry';
import type { RegistryClient, Repo } from '../registry';
import { IndexJson, ManifestJson, indexEntries, isIndexMediaType, repoOf } from './remote-image';
import { isProvenanceType, statementOf, summarizeProvenance } from './provenance';
import { lazySchema } from '../shared/lazy-schema';

const PREDICATE_ANNOTATION = 'in-toto.io/predicate-type';
const COSIGN_SUFFIXES = {
  '.sig': 'cosign-signature',
  '.att': 'in-toto',
  '.sbom': 'other',
} as const;
const BLOB_MAX_BYTES = 4 * 1024 * 1024;

/** `sha256:abc…` -> `sha256-abc…`, the tag both fallback schemes use. */
export function fallbackTag(digest: string): string {
  return digest.replace(':', '-');
}

export { isFallbackTag } from '../shared/image-content';

export function kindOf(
  types: readonly (string | undefined)[],
  predicateTypes: readonly string[],
): ReferrerKind {
  const all = types.filter((t): t is string => Boolean(t));
  const has = (re: RegExp) => all.some((t) => re.test(t));
  if (has(/cosign\.simplesigning|sigstore\.bundle/)) return 'cosign-signature';
  if (has(/notary\.signature/)) return 'notation-signature';
  if (has(/spdx/) || predicateTypes.some((p) => p.startsWith('https://spdx.dev/')))
    return 'sbom-spdx';
  if (has(/cyclonedx/) || predicateTypes.some((p) => p.startsWith('https://cyclonedx.org/')))
    return 'sbom-cyclonedx';
  if (predicateTypes.some(isProvenanceType)) return 'slsa-provenance';
  if (has(/in-toto|dsse/) || predicateTypes.length > 0) return 'in-toto';
  return 'other';
}

async function getJsonBlob(
  client: RegistryClient,
  repo: Repo,
  digest: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const answer = await client.request(repo, `/v2/${repo.repository}/blobs/${digest}`, {
    maxBytes: BLOB_MAX_BYTES,
    what: `the blob ${digest.slice(0, 19)}`,
    ...(signal ? { signal } : {}),
  });
  try {
    return JSON.parse(new TextDecoder().decode(answer.body));
  } catch {
    return null;
  }
}

/** Reads one referrer manifest: its kind, in-toto predicate types and provenance summary. */
async function describe(
  client: RegistryClient,
  repo: Repo,
  digest: string,
  base: Pick<Referrer, 'via' | 'tag' | 'subject'> & { artifactType?: string | undefined },
  signal?: AbortSignal,
): Promise<Referrer> {
  const m = await getManifest(client, repo, digest, signal);
  const manifest = ManifestJson.safeParse(m.json);
  const layers = manifest.success ? manifest.data.layers : [];
  const predicateTypes = [
    ...new Set(
      layers.flatMap(
        (l) => l.annotations?.[PREDICATE_ANNOTATION] ?? l.annotations?.predicateType ?? [],
      ),
    ),
  ];
  const artifactType =
    base.artifactType ?? (manifest.success ? manifest.data.artifactType : undefined) ?? null;
  const types = [
    artifactType ?? undefined,
    manifest.success ? manifest.data.config.mediaType : undefined,
    ...layers.map((l) => l.mediaType),
  ];
  let provenance: Provenance | null = null;
  for (const layer of layers) {
    const predicate =
      layer.annotations?.[PREDICATE_ANNOTATION] ?? layer.annotations?.predicateType ?? '';
    const maybe = isProvenanceType(predicate) || /in-toto|dsse/.test(layer.mediaType);
    if (!maybe || layer.size > BLOB_MAX_BYTES) continue;
    const statement = statementOf(await getJsonBlob(client, repo, layer.digest, signal));
    if (!statement) continue;
    if (
      typeof statement.predicateType === 'string' &&
      !predicateTypes.includes(statement.predicateType)
    )
      predicateTypes.push(statement.predicateType);
    provenance ??= summarizeProvenance(statement);
  }
  let kind = kindOf(types, predicateTypes);
  if (kind === 'other' && base.tag) {
    const suffix = Object.entries(COSIGN_SUFFIXES).find(([s]) => base.tag?.endsWith(s));
    if (suffix) kind = suffix[1];
  }
  return {
    digest: m.digest,
    kind,
    artifactType,
    via: base.via,
    tag: base.tag,
    predicateTypes,
    subject: base.subject,
    provenance,
  };
}

const ReferrersIndex = lazySchema(() =>
  z.object({
    manifests: z.array(
      z.object({
        digest: z.string(),
        artifactType: z.string().optional(),
        mediaType: z.string().optional(),
      }),
    ),
  }),
);

/** The referrers API, or the fallback index; null when neither exists. */
async function listedReferrers(
  client: RegistryClient,
  repo: Repo,
  subject: string,
  signal?: AbortSignal,
): Promise<{
  api: 'supported' | 'fallback';
  entries: z.infer<typeof ReferrersIndex>['manifests'];
}> {
  try {
    const answer = await client.request(repo, `/v2/${repo.repository}/referrers/${subject}`, {
      accept: MEDIA_TYPES.ociIndex,
      maxBytes: BLOB_MAX_BYTES,
      what: `the referrers of ${subject.slice(0, 19)}`,
      ...(signal ? { signal } : {}),
    });
    const parsed = ReferrersIndex.safeParse(JSON.parse(new TextDecoder().decode(answer.body)));
    if (parsed.success) return { api: 'supported', entries: parsed.data.manifests };
  } catch (error) {
    // 404 (and 405 on some proxies) means the registry has no referrers API: fall back.
    const status = error instanceof BerthError ? error.details?.status : undefined;
    if (
      !(error instanceof BerthError) ||
      (status !== 404 && status !== 405 && error.code !== 'registry.bad_response')
    )
      throw error;
  }
  try {
    const tagged = await getManifest(client, repo, fallbackTag(subject), signal);
    const parsed = ReferrersIndex.safeParse(tagged.json);
    return { api: 'fallback', entries: parsed.success ? parsed.data.manifests : [] };
  } catch (error) {
    if (error instanceof BerthError && error.code === 'registry.tag_unknown')
      return { api: 'fallback', entries: [] };
    throw error;
  }
}

export async function listReferrers(
  client: RegistryClient,
  input: string,
  options: { signal?: AbortSignal } = {},
): Promise<ReferrerList> {
  const { repo, reference, canonical } = repoOf(input);
  const { signal } = options;
  const top = await getManifest(client, repo, reference, signal);
  const referrers: Referrer[] = [];
  const { api, entries } = await listedReferrers(client, repo, top.digest, signal);
  for (const entry of entries) {
    referrers.push(
      await describe(
        client,
        repo,
        entry.digest,
        {
          via: api === 'supported' ? 'referrers-api' : 'fallback-index',
          tag: api === 'fallback' ? fallbackTag(top.digest) : null,
          subject: top.digest,
          artifactType: entry.artifactType,
        },
        signal,
      ),
    );
  }
  for (const suffix of Object.keys(COSIGN_SUFFIXES)) {
    const tag = `${fallbackTag(top.digest)}${suffix}`;
    try {
      const head = await getManifest(client, repo, tag, signal);
      if (referrers.some((r) => r.digest === head.digest)) continue;
      referrers.push(
        await describe(
          client,
          repo,
          head.digest,
          { via: 'cosign-tag', tag, subject: top.digest },
          signal,
        ),
      );
    } catch (error) {
      if (!(error instanceof BerthError && error.code === 'registry.tag_unknown')) throw error;
    }
  }
  if (isIndexMediaType(top.mediaType) && IndexJson.safeParse(top.json).success) {
    for (const entry of indexEntries(top.json)) {
      if (entry.attestationFor === null) continue;
      referrers.push(
        await describe(
          client,
          repo,
          entry.digest,
          { via: 'attestation-manifest', tag: null, subject: entry.attestationFor || top.digest },
          signal,
        ),
      );
    }
  }
  return { reference: canonical, digest: top.digest, api, referrers };
}
