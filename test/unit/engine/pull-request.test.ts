import { describe, expect, it } from 'vitest';
import { createQuery, registryAuthHeader } from '../../../src/engine/pull-request';

describe('the engine pull request', () => {
  it('sends the name and the tag apart, a port not taken for a tag', () => {
    expect(createQuery('docker.io/library/busybox:1.36')).toEqual({
      fromImage: 'docker.io/library/busybox',
      tag: '1.36',
    });
    expect(createQuery('localhost:5000/team/app')).toEqual({
      fromImage: 'localhost:5000/team/app',
      tag: 'latest',
    });
    expect(createQuery('localhost:5000/team/app:v2')).toEqual({
      fromImage: 'localhost:5000/team/app',
      tag: 'v2',
    });
  });

  it('sends a digest as the tag, dropping a tag beside it as the docker CLI does', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(createQuery(`ghcr.io/o/r:1@${digest}`)).toEqual({
      fromImage: 'ghcr.io/o/r',
      tag: digest,
    });
    expect(createQuery(`10.0.0.5:5000/r@${digest}`)).toEqual({
      fromImage: '10.0.0.5:5000/r',
      tag: digest,
    });
  });

  it('encodes the login as padded base64url JSON, which dockerd decodes back', () => {
    // A password whose JSON needs "+" and "/" in plain base64, and padding.
    const auth = { username: 'u', password: '??>>~~', serveraddress: 'r.example' };
    const header = registryAuthHeader(auth);
    expect(header).not.toMatch(/[+/]/);
    expect(header.length % 4).toBe(0);
    const decoded = Buffer.from(header.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
    expect(JSON.parse(decoded.toString('utf8'))).toEqual(auth);
  });
});
