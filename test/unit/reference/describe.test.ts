import { describe, expect, it } from 'vitest';
import {
  ReferenceError,
  describeReference,
  familiarMatch,
  parseNormalizedNamed,
  pathMatch,
  registryApiHost,
} from '../../../src/shared/reference';

describe('describeReference (berth ref --json)', () => {
  it('normalises a Docker Hub official image and says what the engine would pull', () => {
    expect(describeReference('nginx')).toEqual({
      input: 'nginx',
      domain: 'docker.io',
      path: 'library/nginx',
      tag: null,
      digest: null,
      familiar: 'nginx',
      canonical: 'docker.io/library/nginx',
      pullable: 'docker.io/library/nginx:latest',
    });
  });

  it('keeps a loopback registry with its port as the domain', () => {
    expect(describeReference('127.0.0.1:5000/team/flows:1')).toMatchObject({
      domain: '127.0.0.1:5000',
      path: 'team/flows',
      tag: '1',
      familiar: '127.0.0.1:5000/team/flows:1',
      canonical: '127.0.0.1:5000/team/flows:1',
    });
  });

  it('pulls by digest when both a tag and a digest are given', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const d = describeReference(`ghcr.io/org/app:v2@${digest}`);
    expect(d).toMatchObject({ domain: 'ghcr.io', tag: 'v2', digest });
    expect(d.pullable).toBe(`ghcr.io/org/app@${digest}`);
  });

  it('explains an uppercase repository with the lowercase way to write it', () => {
    let error: unknown;
    try {
      describeReference('MyOrg/App');
    } catch (e) {
      error = e;
    }
    // "MyOrg" is taken as a registry host (uppercase is never a Hub namespace), so the
    // remote name "App" is what must be lowercase.
    expect(error).toBeInstanceOf(ReferenceError);
    expect((error as ReferenceError).code).toBe('reference.uppercase');
    expect((error as ReferenceError).hint).toMatch(/lowercase/);
  });

  it('refuses a bare image ID as a repository name', () => {
    expect(() => parseNormalizedNamed('a'.repeat(64))).toThrowError(/64-byte hexadecimal/);
  });

  it('talks to registry-1.docker.io for docker.io and to the domain itself otherwise', () => {
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('ghcr.io')).toBe('ghcr.io');
  });
});

describe('pattern matching (Go path.Match semantics)', () => {
  it('never lets * or ? cross a slash', () => {
    expect(pathMatch('foo/*', 'foo/bar/baz')).toBe(false);
    expect(pathMatch('foo/*', 'foo/bar')).toBe(true);
    expect(pathMatch('foo?bar', 'foo/bar')).toBe(false);
  });

  it('matches character classes, negation and escapes', () => {
    expect(pathMatch('ba[rz]', 'baz')).toBe(true);
    expect(pathMatch('ba[^rz]', 'baz')).toBe(false);
    expect(pathMatch('a\\*b', 'a*b')).toBe(true);
    expect(pathMatch('a\\*b', 'axb')).toBe(false);
  });

  it('reports a malformed pattern as an error, not as "no match"', () => {
    expect(() => pathMatch('[', 'a')).toThrowError(ReferenceError);
    expect(() => pathMatch('a\\', 'b')).toThrowError(ReferenceError);
  });

  it('matches familiar names of Docker Hub images', () => {
    expect(familiarMatch('nginx', parseNormalizedNamed('docker.io/library/nginx:1.27'))).toBe(true);
    expect(familiarMatch('team/*', parseNormalizedNamed('team/app'))).toBe(true);
  });
});
