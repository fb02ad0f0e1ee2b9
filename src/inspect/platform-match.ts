/**
 * Picking an index entry for a platform the way the engine does. containerd normalises
 * before comparing (containerd/platforms `database.go` normalizeArch @v0.2.1: aarch64 ->
 * arm64, x86_64 -> amd64, arm64's default variant v8, arm's v7) and skips entries without a
 * usable platform. BuildKit's attestation manifests sit in the index as `unknown/unknown`
 * with the annotation `vnd.docker.reference.type: attestation-manifest`
 * (moby/buildkit docs/attestations/attestation-storage.md; util/attestation/types.go).
 */
import type { PlatformName } from '../shared/image-content';
export { platformText } from '../shared/image-content';

export const ATTESTATION_TYPE = 'attestation-manifest';
export const REFERENCE_TYPE_ANNOTATION = 'vnd.docker.reference.type';
export const REFERENCE_DIGEST_ANNOTATION = 'vnd.docker.reference.digest';

const ARCH_ALIASES: Record<string, string> = {
  aarch64: 'arm64',
  x86_64: 'amd64',
  'x86-64': 'amd64',
  i386: '386',
};
const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7', amd64: 'v1' };

export function normalizePlatform(p: PlatformName): Required<PlatformName> {
  const architecture = ARCH_ALIASES[p.architecture] ?? p.architecture;
  return {
    os: p.os.toLowerCase(),
    architecture,
    variant: p.variant || DEFAULT_VARIANT[architecture] || '',
  };
}

export function samePlatform(a: PlatformName, b: PlatformName): boolean {
  const x = normalizePlatform(a);
  const y = normalizePlatform(b);
  return x.os === y.os && x.architecture === y.architecture && x.variant === y.variant;
}

/** "linux/arm64/v8" -> {os, architecture, variant}; null when it is not one. */
export function parsePlatform(text: string): PlatformName | null {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/i.test(p)))
    return null;
  const [os = '', architecture = '', variant] = parts;
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export interface IndexCandidate {
  platform?: PlatformName | undefined;
  annotations?: Record<string, string> | undefined;
}

export function isAttestation(entry: IndexCandidate): boolean {
  return (
    entry.annotations?.[REFERENCE_TYPE_ANNOTATION] === ATTESTATION_TYPE ||
    (entry.platform?.os === 'unknown' && entry.platform.architecture === 'unknown')
  );
}

/** The entry the engine would pull for `want`: exact match after normalising, else none. */
export function pickPlatform<E extends IndexCandidate>(
  entries: readonly E[],
  want: PlatformName,
): E | null {
  const runnable = entries.filter((e) => e.platform && !isAttestation(e));
  return runnable.find((e) => e.platform && samePlatform(e.platform, want)) ?? null;
}
