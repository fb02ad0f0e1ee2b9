/** What `berth ref --json` prints, and what the UI shows for a typed reference. */
import { DEFAULT_DOMAIN, familiarString, parseDockerRef, parseNormalizedNamed } from './normalize';
import { referenceString } from './reference';

export interface ReferenceDescription {
  input: string;
  domain: string;
  path: string;
  tag: string | null;
  digest: string | null;
  /** As the docker CLI prints it: nginx:1.27, ghcr.io/org/app@sha256:… */
  familiar: string;
  /** Fully qualified: docker.io/library/nginx:1.27 */
  canonical: string;
  /** What the engine would pull: no tag means :latest, and a digest wins over a tag. */
  pullable: string;
}

export function describeReference(input: string): ReferenceDescription {
  const ref = parseNormalizedNamed(input.trim());
  return {
    input,
    domain: ref.domain,
    path: ref.path,
    tag: ref.tag || null,
    digest: ref.digest || null,
    familiar: familiarString(ref),
    canonical: referenceString(ref),
    pullable: referenceString(parseDockerRef(input.trim())),
  };
}

/** The host to talk to for a domain: Docker Hub's API lives at registry-1.docker.io. */
export function registryApiHost(domain: string): string {
  return domain === DEFAULT_DOMAIN ? 'registry-1.docker.io' : domain;
}
