import { describe, expect, it } from 'vitest';
import {
  TokenCache,
  isLoopbackHost,
  nextLink,
  parseChallenges,
  parseRateLimit,
  registryBaseUrl,
  sha256Digest,
} from '../../../src/registry';

describe('WWW-Authenticate parsing', () => {
  it('reads a Docker Hub Bearer challenge with a scope that contains a comma', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:samalba/my-app:pull,push',
        },
      },
    ]);
  });

  it('reads several challenges in one header, with unquoted values and odd spacing', () => {
    const parsed = parseChallenges(
      'Basic realm="r1" , Bearer realm=https://x/token, service=svc ,error="insufficient_scope"',
    );
    expect(parsed).toEqual([
      { scheme: 'basic', params: { realm: 'r1' } },
      {
        scheme: 'bearer',
        params: { realm: 'https://x/token', service: 'svc', error: 'insufficient_scope' },
      },
    ]);
  });

  it('unescapes quoted pairs and lowercases scheme and keys', () => {
    expect(parseChallenges('BASIC Realm="say \\"hi\\", ok"')).toEqual([
      { scheme: 'basic', params: { realm: 'say "hi", ok' } },
    ]);
  });

  it('keeps a port inside a scope value', () => {
    expect(
      parseChallenges(
        'Bearer realm="http://127.0.0.1:5001/token",scope="repository:127.0.0.1:5000/team/app:pull"',
      )[0]?.params.scope,
    ).toBe('repository:127.0.0.1:5000/team/app:pull');
  });

  it('returns nothing for an empty or missing header', () => {
    expect(parseChallenges('')).toEqual([]);
    expect(parseChallenges(null)).toEqual([]);
  });
});

describe('Link header', () => {
  it('finds rel="next" among several links, with commas inside the URL', () => {
    expect(
      nextLink('</v2/a/tags/list?n=2&last=b,c>; rel="next", </v2/a/tags/list>; rel="first"'),
    ).toBe('/v2/a/tags/list?n=2&last=b,c');
    expect(nextLink('<https://r/x>; rel="prev", <https://r/y>; rel=next')).toBe('https://r/y');
  });

  it('finds nothing without a next relation', () => {
    expect(nextLink('<https://r/x>; rel="prev"')).toBeNull();
    expect(nextLink(undefined)).toBeNull();
  });
});

describe('Docker Hub rate-limit headers', () => {
  it('reads limit, remaining, window and source', () => {
    const headers = new Headers({
      'ratelimit-limit': '100;w=21600',
      'ratelimit-remaining': '76;w=21600',
      'docker-ratelimit-source': '192.0.2.1',
    });
    expect(parseRateLimit(headers)).toEqual({
      limit: 100,
      remaining: 76,
      windowSeconds: 21600,
      source: '192.0.2.1',
    });
  });

  it('says "no limit" when the headers are absent', () => {
    expect(parseRateLimit(new Headers())).toBeNull();
  });
});

describe('token cache', () => {
  it('keeps a token until it expires, with at least the 60 s floor', () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    cache.set('k', 't', 10); // below the floor: kept for 60 s
    now = 50_000;
    expect(cache.get('k')).toBe('t');
    now = 56_000; // within the 5 s safety margin of expiry
    expect(cache.get('k')).toBeUndefined();
  });

  it('honours a longer expires_in, and 60 s when it is missing', () => {
    let now = 0;
    const cache = new TokenCache(() => now);
    cache.set('long', 'a', 300);
    cache.set('none', 'b', undefined);
    now = 100_000;
    expect(cache.get('long')).toBe('a');
    expect(cache.get('none')).toBeUndefined();
  });

  it('keys tokens by registry, scope and user', () => {
    expect(TokenCache.key('r', 'repository:a:pull', 'alice')).not.toBe(
      TokenCache.key('r', 'repository:a:pull', null),
    );
  });
});

describe('scheme and digests', () => {
  it('speaks plain http only to loopback or explicitly insecure registries', () => {
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('[::1]:5000')).toBe('http://[::1]:5000');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
    expect(registryBaseUrl('registry.lan:5000', ['registry.lan:5000'])).toBe(
      'http://registry.lan:5000',
    );
    expect(isLoopbackHost('127.0.0.1.evil.example')).toBe(false);
  });

  it('computes sha256 digests of manifest bodies', () => {
    expect(sha256Digest(new TextEncoder().encode(''))).toBe(
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
