/**
 * Manifests by tag or digest, with the Accept header every registry needs to answer with
 * the real thing (without it a registry may downgrade to schema1 or pick one platform of an
 * index), and the digest checked against the body's sha256.
 */
import { BerthError } from '../shared/errors';
import { validateDigest } from '../shared/reference';
import type { RateLimit } from '../shared/contract';
import type { Repo, RegistryClient } from './client';
import { badResponse } from './errors';
import { parseRateLimit } from './rate-limit';
import type { HeaderBag } from './http';

export const MEDIA_TYPES = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

export const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerList,
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.dockerManifest,
].join(', ');

const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
  rateLimit: RateLimit | null;
}

export interface Manifest extends ManifestHead {
  body: Uint8Array;
  json: unknown;
}

export function sha256Digest(body: Uint8Array): string {
  // node:crypto loads on first use, not with this file: a pull's start does without it
  // (cli-bundle.test.ts).
  return `sha256:${process.getBuiltinModule('node:crypto').createHash('sha256').update(body).digest('hex')}`;
}

function mediaTypeOf(headers: HeaderBag, json?: unknown): string {
  const header = headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  const declared = (json as { mediaType?: unknown } | undefined)?.mediaType;
  return typeof declared === 'string' && declared ? declared : header;
}

/**
 * The Docker-Content-Digest header, checked against go-digest's grammar (a malformed one such as
 * `sha256:zz` is the registry's fault, never a digest to record or compare); '' when absent.
 */
function declaredDigest(headers: HeaderBag, repo: Repo, what: string): string {
  const value = headers.get('docker-content-digest');
  if (value === null) return '';
  try {
    validateDigest(value);
  } catch {
    throw badResponse(
      { host: repo.registry, repository: repo.repository, what, hadCredential: false },
      `its Docker-Content-Digest header "${value.slice(0, 100)}" is not a valid digest`,
    );
  }
  return value;
}

export async function headManifest(
  client: RegistryClient,
  repo: Repo,
  reference: string,
  signal?: AbortSignal,
): Promise<ManifestHead> {
  const answer = await client.request(repo, `/v2/${repo.repository}/manifests/${reference}`, {
    method: 'HEAD',
    accept: MANIFEST_ACCEPT,
    maxBytes: MANIFEST_MAX_BYTES,
    what: `the manifest of ${reference}`,
    ...(reference.includes(':') ? {} : { tag: reference }),
    ...(signal ? { signal } : {}),
  });
  return {
    // Older registries may omit the header; the spec then says to assume sha256 of the body.
    digest: declaredDigest(answer.headers, repo, `the manifest of ${reference}`),
    mediaType: mediaTypeOf(answer.headers),
    size: Number(answer.headers.get('content-length') ?? 0),
    rateLimit: parseRateLimit(answer.headers),
  };
}

export async function getManifest(
  client: RegistryClient,
  repo: Repo,
  reference: string,
  signal?: AbortSignal,
): Promise<Manifest> {
  const what = `the manifest of ${reference}`;
  const answer = await client.request(repo, `/v2/${repo.repository}/manifests/${reference}`, {
    accept: MANIFEST_ACCEPT,
    maxBytes: MANIFEST_MAX_BYTES,
    what,
    ...(reference.includes(':') ? {} : { tag: reference }),
    ...(signal ? { signal } : {}),
  });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(answer.body));
  } catch {
    throw badResponse(
      { host: repo.registry, repository: repo.repository, what, hadCredential: false },
      'the manifest is not JSON',
    );
  }
  const computed = sha256Digest(answer.body);
  const declared = declaredDigest(answer.headers, repo, what) || null;
  const expected = reference.startsWith('sha256:')
    ? reference
    : declared?.startsWith('sha256:')
      ? declared
      : null;
  if (expected && expected !== computed) {
    throw new BerthError(
      'registry.digest_mismatch',
      `The manifest ${repo.registry} sent for ${reference} does not match its digest (expected ${expected}, got ${computed}).`,
      'The content changed in transit or the registry is inconsistent: do not use it; try again, and report it to the registry owner if it persists.',
      { host: repo.registry, expected, computed },
    );
  }
  return {
    digest: declared ?? computed,
    mediaType: mediaTypeOf(answer.headers, json),
    size: answer.body.byteLength,
    rateLimit: parseRateLimit(answer.headers),
    body: answer.body,
    json,
  };
}

export async function getConfigBlob(
  client: RegistryClient,
  repo: Repo,
  digest: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const what = `the image config ${digest.slice(0, 19)}`;
  const answer = await client.request(repo, `/v2/${repo.repository}/blobs/${digest}`, {
    maxBytes: 4 * 1024 * 1024,
    what,
    ...(signal ? { signal } : {}),
  });
  if (sha256Digest(answer.body) !== digest) {
    throw new BerthError(
      'registry.digest_mismatch',
      `The config blob ${digest} does not match its digest.`,
      undefined,
      {
        host: repo.registry,
      },
    );
  }
  try {
    return JSON.parse(new TextDecoder().decode(answer.body));
  } catch {
    throw badResponse(
      { host: repo.registry, repository: repo.repository, what, hadCredential: false },
      'the config is not JSON',
    );
  }
}
