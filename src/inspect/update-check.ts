/**
 * Has the tag moved since the engine pulled it? One HEAD per tag (a HEAD does not count
 * against Docker Hub's pull limit; a GET of a manifest does), compared with the digest the
 * engine recorded.
 *
 * What the engine records decides what is compared: moby's pull (distribution/pull_v2.go,
 * pullTag → addDigestReference with the digest of the manifest it fetched by tag) stores the
 * top-level digest, which for a multi-platform tag is the index's. So an index digest is
 * compared with an index digest and a single manifest's with a single manifest's, which is
 * exactly what the tag's HEAD answers (with the index media types accepted). Comparing the
 * image ID or a platform manifest with the tag's index would call every multi-arch image stale.
 */
import { BerthError, toErrorShape } from '../shared/errors';
import type { UpdateCheck } from '../shared/image-content';
import {
  parseNormalizedNamed,
  referenceString,
  repositoryDigests,
  withTag,
} from '../shared/reference';
import { headManifest } from '../registry';
import type { RegistryClient } from '../registry';
import { isIndexMediaType } from './remote-image';

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const GONE = new Set(['registry.tag_unknown', 'registry.name_unknown']);

const short = (digest: string) => `${digest.slice(0, 19)}…`;

/** The tag a check is about: a digest reference has nothing to move, `latest` is implied. */
export function tagReference(input: string): string {
  const ref = parseNormalizedNamed(input.trim());
  if (ref.digest && !ref.tag)
    throw new BerthError(
      'request.invalid',
      `${input} names a digest, which never moves: only a tag can have an update.`,
      'Check the tag instead, e.g. repo:latest.',
    );
  return referenceString(ref.tag ? { ...ref, digest: '' } : withTag(ref, 'latest'));
}

export async function checkUpdate(
  registry: RegistryClient,
  input: string,
  repoDigests: string[],
  signal?: AbortSignal,
): Promise<UpdateCheck> {
  const reference = tagReference(input);
  const ref = parseNormalizedNamed(reference);
  const localDigests = repositoryDigests(repoDigests, ref);
  const base = { reference, localDigests, remoteIsIndex: false, rateLimit: null, error: null };
  if (localDigests.length === 0) {
    return {
      ...base,
      status: 'local_only',
      remoteDigest: null,
      summary: `The engine holds no registry digest for ${reference} (built or loaded locally): there is nothing to compare with the registry.`,
    };
  }
  try {
    const head = await headManifest(
      registry,
      { registry: ref.domain, repository: ref.path },
      ref.tag,
      signal,
    );
    const remoteIsIndex = isIndexMediaType(head.mediaType);
    const answered = { ...base, remoteIsIndex, rateLimit: head.rateLimit };
    if (!DIGEST.test(head.digest)) {
      return {
        ...answered,
        status: 'failed',
        remoteDigest: null,
        summary: `${ref.domain} answered the HEAD for ${reference} without a Docker-Content-Digest, so it cannot be compared without a GET.`,
        error: { code: 'registry.bad_response', message: 'No Docker-Content-Digest on HEAD.' },
      };
    }
    if (localDigests.includes(head.digest)) {
      return {
        ...answered,
        status: 'current',
        remoteDigest: head.digest,
        summary: `${reference} is current: the tag still points to ${short(head.digest)}.`,
      };
    }
    const held = short(localDigests[0] ?? '');
    return {
      ...answered,
      status: 'changed',
      remoteDigest: head.digest,
      summary: remoteIsIndex
        ? `${reference} now points to another index (${short(head.digest)}; the engine holds ${held}). An index changes when any of its platforms is rebuilt: pull to refresh, and the engine will say whether this platform's image changed.`
        : `${reference} has a newer image: the tag now points to ${short(head.digest)}, the engine holds ${held}. Pull to refresh.`,
    };
  } catch (error) {
    const shape = toErrorShape(error);
    const gone = GONE.has(shape.code);
    return {
      ...base,
      status: gone ? 'missing' : 'failed',
      remoteDigest: null,
      summary: gone
        ? `${ref.domain} no longer has ${reference}: the local image is all that is left of it.`
        : `Could not ask ${ref.domain} about ${reference}: ${shape.message}`,
      error: { code: shape.code, message: shape.message },
    };
  }
}
