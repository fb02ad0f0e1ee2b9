/**
 * A registry answered in memory, for host tests that check wiring rather than HTTP: one
 * repository (team/app) with two pages of tags and a single-platform image.
 */
import { createHash } from 'node:crypto';
import type { Fetch } from '../../../src/registry';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const config = JSON.stringify({
  created: '2026-01-02T03:04:05Z',
  os: 'linux',
  architecture: 'amd64',
});
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: sha(config),
    size: config.length,
  },
  layers: [
    { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha('layer'), size: 1234 },
  ],
});
export const fakeManifestDigest = sha(manifest);

export const fakeRegistryFetch: Fetch = (url) => {
  const { pathname, search } = new URL(url);
  const json = (body: string, headers: Record<string, string> = {}) =>
    Promise.resolve(
      new Response(body, {
        status: 200,
        headers: { 'content-type': 'application/json', ...headers },
      }),
    );
  if (pathname === '/v2/team/app/tags/list' && search === '') {
    return json(JSON.stringify({ name: 'team/app', tags: ['1', '2'] }), {
      link: '</v2/team/app/tags/list?last=2>; rel="next"',
    });
  }
  if (pathname === '/v2/team/app/tags/list')
    return json(JSON.stringify({ name: 'team/app', tags: ['3'] }));
  if (pathname === '/v2/team/app/manifests/1') {
    return json(manifest, {
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
      'docker-content-digest': fakeManifestDigest,
    });
  }
  if (pathname === `/v2/team/app/blobs/${sha(config)}`) return json(config);
  return Promise.resolve(
    new Response(
      '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}',
      { status: 404 },
    ),
  );
};
