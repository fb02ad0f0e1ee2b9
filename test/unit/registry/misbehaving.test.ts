/** Bad servers get clear errors within their bounds: no crash, no hang, no unbounded memory. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  RegistryClient,
  createUndiciFetch,
  getManifest,
  headManifest,
  listTags,
} from '../../../src/registry';
import { startTestServer, streamHugeBody } from '../../harness/misbehaving-servers';
import type { TestServer } from '../../harness/misbehaving-servers';
import { failure } from '../../harness/failures';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function drain(
  client: RegistryClient,
  registry: string,
  repository = 'team/app',
): Promise<string[]> {
  const tags: string[] = [];
  for await (const page of listTags(client, { registry, repository })) tags.push(...page.tags);
  return tags;
}

const clientWith = (
  timeoutMs = 5000,
  credentials: Record<string, { username: string; secret: string }> = {},
) =>
  new RegistryClient({
    fetch: createUndiciFetch(),
    timeoutMs,
    credentials: ({ registry }) => Promise.resolve(credentials[registry] ?? null),
  });

describe('misbehaving registries', () => {
  it('explains garbage instead of JSON as a bad response', async () => {
    const s = await startTestServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>proxy login</html>'),
    );
    servers.push(s);
    const error = await failure(() => drain(clientWith(), s.host));
    expect(error.code).toBe('registry.bad_response');
    expect(error.message).toContain('not JSON');
  });

  it('refuses a Docker-Content-Digest header that is not a digest, on HEAD and GET', async () => {
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    });
    const s = await startTestServer((_req, res) =>
      res
        .writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'docker-content-digest': 'sha256:zz',
        })
        .end(manifest),
    );
    servers.push(s);
    const repo = { registry: s.host, repository: 'team/app' };
    for (const read of [headManifest, getManifest]) {
      const error = await failure(() => read(clientWith(), repo, 'v1'));
      expect(error.code).toBe('registry.bad_response');
      expect(error.message).toContain('"sha256:zz" is not a valid digest');
    }
  });

  it('stops reading a 50 MB manifest at the limit, quickly and with bounded memory', async () => {
    const s = await startTestServer((_req, res) => streamHugeBody(res, 50 * 1024 * 1024));
    servers.push(s);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const error = await failure(() =>
      getManifest(clientWith(), { registry: s.host, repository: 'team/app' }, 'v1'),
    );
    expect(error.code).toBe('registry.body_too_large');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(40 * 1024 * 1024);
  });

  it('gives up on a server that never answers within the timeout', async () => {
    const s = await startTestServer(() => {
      /* never answers */
    });
    servers.push(s);
    const started = Date.now();
    const error = await failure(() => drain(clientWith(500), s.host));
    expect(error.code).toBe('registry.timeout');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(error.message).toContain(s.host);
  });

  it('detects a Link header that points back to a page already read', async () => {
    const s = await startTestServer((_req, res) =>
      res
        .writeHead(200, {
          'content-type': 'application/json',
          link: '</v2/team/app/tags/list?n=2>; rel="next"',
        })
        .end('{"tags":["a","b"]}'),
    );
    servers.push(s);
    const error = await failure(() => drain(clientWith(), s.host));
    expect(error.code).toBe('registry.pagination_loop');
  });

  it('refuses a next-page Link to another host', async () => {
    const s = await startTestServer((_req, res) =>
      res
        .writeHead(200, {
          'content-type': 'application/json',
          link: '<http://evil.example/v2/team/app/tags/list?last=b>; rel="next"',
        })
        .end('{"tags":["a","b"]}'),
    );
    servers.push(s);
    const error = await failure(() => drain(clientWith(), s.host));
    expect(error.code).toBe('registry.bad_response');
    expect(error.message).toContain('evil.example');
  });

  it('reports a registry that refuses connections as unreachable, with the cause', async () => {
    const s = await startTestServer(() => {});
    const host = s.host;
    await s.stop();
    const error = await failure(() => drain(clientWith(), host));
    expect(error.code).toBe('registry.unreachable');
    expect(error.details).toMatchObject({ cause: 'ECONNREFUSED' });
  });

  it('reads an HTML 500 page as the registry failing, not as a crash', async () => {
    const s = await startTestServer((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
    );
    servers.push(s);
    const error = await failure(() => drain(clientWith(), s.host));
    expect(error.code).toBe('registry.unavailable');
  });

  it('reads 429 with Retry-After as rate limiting', async () => {
    const s = await startTestServer((_req, res) =>
      res
        .writeHead(429, { 'retry-after': '120', 'content-type': 'application/json' })
        .end(
          '{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}',
        ),
    );
    servers.push(s);
    const error = await failure(() => drain(clientWith(), s.host));
    expect(error.code).toBe('registry.rate_limited');
    expect(error.message).toContain('120');
    expect(error.message).toContain('TOOMANYREQUESTS');
  });
});

describe('redirects', () => {
  it('strips Authorization when a redirect leaves the registry host, and never restores it', async () => {
    // A (the registry) → B (another host) → A again: B must never see the credential, and
    // the hop back to A must not get it back either.
    const back = { url: '' };
    const b = await startTestServer((_req, res) =>
      res.writeHead(307, { location: `${back.url}/final` }).end(),
    );
    const a = await startTestServer((req, res) => {
      if (!req.headers.authorization && req.url === '/v2/team/app/tags/list') {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="a"' }).end();
      } else if (req.url === '/v2/team/app/tags/list') {
        res.writeHead(307, { location: `${b.url}/blob` }).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["x"]}');
      }
    });
    back.url = a.url;
    servers.push(a, b);
    const tags = await drain(
      clientWith(5000, { [a.host]: { username: 'u', secret: 'p' } }),
      a.host,
    );
    expect(tags).toEqual(['x']);
    expect(b.seen).toHaveLength(1);
    expect(b.seen[0]?.authorization).toBeUndefined();
    expect(a.seen.find((r) => r.path === '/final')?.authorization).toBeUndefined();
    // It was sent where it belonged.
    expect(
      a.seen.some(
        (r) => r.path === '/v2/team/app/tags/list' && r.authorization?.startsWith('Basic '),
      ),
    ).toBe(true);
  });

  it('keeps Authorization on a redirect within the same registry origin', async () => {
    const a = await startTestServer((req, res) => {
      if (!req.headers.authorization)
        res.writeHead(401, { 'www-authenticate': 'Basic realm="a"' }).end();
      else if (req.url === '/v2/team/app/tags/list')
        res.writeHead(302, { location: '/v2/team/app/tags/list2' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["y"]}');
    });
    servers.push(a);
    expect(
      await drain(clientWith(5000, { [a.host]: { username: 'u', secret: 'p' } }), a.host),
    ).toEqual(['y']);
    expect(a.seen.find((r) => r.path === '/v2/team/app/tags/list2')?.authorization).toMatch(
      /^Basic /,
    );
  });
});
