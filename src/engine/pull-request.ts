/**
 * The engine's pull request, as the docker CLI makes it (docker/cli cli/command/image/pull.go
 * and client/image_pull.go): POST /images/create with `fromImage` (the name without its tag)
 * and `tag` (the tag, or the digest when there is one: a digest wins), and the registry login
 * as X-Registry-Auth, base64url JSON (registry.EncodeAuthConfig).
 */
import type { PullAuth } from './engine-port';

export function createQuery(reference: string): { fromImage: string; tag: string } {
  const at = reference.indexOf('@');
  if (at >= 0) {
    return { fromImage: withoutTag(reference.slice(0, at)), tag: reference.slice(at + 1) };
  }
  const colon = tagColon(reference);
  return colon < 0
    ? { fromImage: reference, tag: 'latest' }
    : { fromImage: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}

/** The colon before a tag: after the last slash, so a registry's port is not one. */
function tagColon(name: string): number {
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? colon : -1;
}

function withoutTag(name: string): string {
  const colon = tagColon(name);
  return colon < 0 ? name : name.slice(0, colon);
}

/** Padded, as Go's base64.URLEncoding writes it and dockerd 20.10 requires ('base64url' is not). */
export function registryAuthHeader(auth: PullAuth): string {
  return Buffer.from(JSON.stringify(auth))
    .toString('base64')
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}
