/** The registry client against real docker-registry instances (Basic and token auth). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  RegistryClient,
  createUndiciFetch,
  describeTag,
  getManifest,
  listTags,
} from '../../src/registry';
import type { Credential, Repo } from '../../src/registry';
import { describeWithHarness } from '../harness/context';
import { startPaginatingServer } from '../harness/paginating-server';
import type { PaginatingServer } from '../harness/paginating-server';
import { startRegistry } from '../harness/registry';
import type { RunningRegistry } from '../harness/registry';
import { putManifest, pushImage } from '../harness/registry-seed';
import { failure } from '../harness/failures';

const fetch = createUndiciFetch();

function client(creds: Record<string, Credential>): RegistryClient {
  return new RegistryClient({
    fetch,
    credentials: ({ registry }) => Promise.resolve(creds[registry] ?? null),
    timeoutMs: 10_000,
  });
}

async function collect(
  c: RegistryClient,
  repo: Repo,
  pageSize?: number,
): Promise<{ tags: string[]; pages: number }> {
  const tags: string[] = [];
  let pages = 0;
  for await (const page of listTags(c, repo, pageSize ? { pageSize } : {})) {
    tags.push(...page.tags);
    pages++;
  }
  return { tags, pages };
}

describeWithHarness('registry client against real registries', (h) => {
  const alice = { username: 'alice', secret: h.users.alice ?? '' };
  let pager: PaginatingServer;

  beforeAll(async () => {
    pager = await startPaginatingServer({ upstream: h.basicRegistry.url, defaultPageSize: 100 });
  });
  afterAll(async () => {
    await pager.stop();
  });

  it('lists tags with Basic auth', async () => {
    const { tags } = await collect(client({ [h.basicRegistry.host]: alice }), {
      registry: h.basicRegistry.host,
      repository: 'team/flows',
    });
    expect(tags).toEqual(['1']);
  });

  it('follows Link pagination over all 10,000 tags, 100 per page, reusing the connection and credential', async () => {
    const c = client({ [pager.host]: alice });
    const before = pager.requests.length;
    const { tags, pages } = await collect(
      c,
      { registry: pager.host, repository: 'team/many' },
      100,
    );
    expect(tags).toHaveLength(h.seeded.manyTags);
    expect(new Set(tags).size).toBe(h.seeded.manyTags);
    expect(tags[0]).toBe('t00000');
    expect(tags.at(-1)).toBe(`t${String(h.seeded.manyTags - 1).padStart(5, '0')}`);
    expect(pages).toBe(h.seeded.manyTags / 100);
    // One 401 round trip to learn the scheme, then Basic up front on every page.
    const listed = pager.requests.slice(before).filter((r) => r.path.includes('/tags/list'));
    expect(listed.length).toBe(pages + 1);
    expect(listed.slice(1).every((r) => r.authorization)).toBe(true);
  });

  it('does not stop at a short page: the Link header decides', async () => {
    const c = client({ [pager.host]: alice });
    // A page size that does not divide the total leaves a short page only at the very end.
    const { tags } = await collect(c, { registry: pager.host, repository: 'team/many' }, 3000);
    expect(tags).toHaveLength(h.seeded.manyTags);
  });

  it('describes a two-platform index: platforms, size and created of the engine platform', async () => {
    const c = client({ [h.basicRegistry.host]: alice });
    const details = await describeTag(
      c,
      { registry: h.basicRegistry.host, repository: 'team/multi' },
      '1',
      {
        platform: { os: 'linux', architecture: 'arm64' },
      },
    );
    expect(details.kind).toBe('index');
    expect(details.digest).toBe(h.seeded.index.digest);
    expect(
      details.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`),
    ).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(details.platforms[1]?.digest).toBe(h.seeded.index.arm64);
    expect(details.compressedSize).toBe('arm64 layer'.length);
    expect(details.created).toBe('2026-03-01T10:00:00Z');
  });

  it('checks the manifest digest against the body it received', async () => {
    const c = client({ [h.basicRegistry.host]: alice });
    const m = await getManifest(
      c,
      { registry: h.basicRegistry.host, repository: 'team/multi' },
      h.seeded.index.amd64,
    );
    expect(m.digest).toBe(h.seeded.index.amd64);
  });

  it('tells a missing repository from a missing tag', async () => {
    const c = client({ [h.basicRegistry.host]: alice });
    const repo = await failure(() =>
      collect(c, { registry: h.basicRegistry.host, repository: 'team/nothing' }),
    );
    expect(repo.code).toBe('registry.name_unknown');
    const tag = await failure(() =>
      describeTag(c, { registry: h.basicRegistry.host, repository: 'team/flows' }, 'nope'),
    );
    expect(tag.code).toBe('registry.tag_unknown');
    expect(tag.message).toContain('"nope"');
  });

  it('says no credential is stored when a Basic registry asks for one', async () => {
    const error = await failure(() =>
      collect(client({}), { registry: h.basicRegistry.host, repository: 'team/flows' }),
    );
    expect(error.code).toBe('registry.unauthorized');
    expect(error.message).toContain('none are stored');
    expect(error.hint).toContain(`berth login ${h.basicRegistry.host}`);
  });

  it('refuses a wrong password with Basic auth, naming the credential as the problem', async () => {
    const error = await failure(() =>
      collect(client({ [h.basicRegistry.host]: { username: 'alice', secret: 'Wr0ng-Pa55' } }), {
        registry: h.basicRegistry.host,
        repository: 'team/flows',
      }),
    );
    expect(error.code).toBe('registry.unauthorized');
    expect(error.message).toContain('refused the stored credential');
    expect(JSON.stringify({ ...error, message: error.message, hint: error.hint })).not.toContain(
      'Wr0ng-Pa55',
    );
  });

  it('lists and describes through Bearer tokens from the test issuer', async () => {
    const c = client({ [h.tokenRegistry.host]: alice });
    const repo = { registry: h.tokenRegistry.host, repository: 'team/app' };
    const { tags } = await collect(c, repo);
    expect(tags).toEqual(['1']);
    const details = await describeTag(c, repo, '1');
    expect(details.kind).toBe('manifest');
    expect(details.compressedSize).toBeGreaterThan(500_000);
  });

  it('refuses a wrong password at the token service step', async () => {
    const error = await failure(() =>
      collect(client({ [h.tokenRegistry.host]: { username: 'alice', secret: 'nope' } }), {
        registry: h.tokenRegistry.host,
        repository: 'team/app',
      }),
    );
    expect(error.code).toBe('registry.unauthorized');
    expect(error.details).toMatchObject({ step: 'token' });
    expect(error.hint).toMatch(/personal access token/);
  });

  it('reports an anonymous token without access as insufficient scope', async () => {
    const error = await failure(() =>
      collect(client({}), { registry: h.tokenRegistry.host, repository: 'team/app' }),
    );
    expect(error.code).toBe('registry.insufficient_scope');
    expect(error.hint).toMatch(/private/);
  });
});

describeWithHarness('token auth edge cases on a registry of their own', () => {
  let registry: RunningRegistry;

  beforeAll(async () => {
    // Alice may pull team/app; nobody may pull team/secret; anonymous pulls team/public.
    registry = await startRegistry({
      auth: 'token',
      users: { alice: 'pw' },
      grant: (user, access) => {
        if (access.name === 'team/public') return ['pull', ...(user ? ['push'] : [])];
        if (access.name === 'team/secret') return user ? ['push'] : [];
        return user ? access.actions : [];
      },
    });
    const access = {
      url: registry.url,
      username: 'alice',
      password: 'pw',
      issuerUrl: registry.issuer?.url ?? '',
    };
    const image = await pushImage(
      access,
      'team/public',
      { os: 'linux', architecture: 'amd64' },
      '2026-01-01T00:00:00Z',
      'public',
    );
    await putManifest(
      access,
      'team/public',
      'v1',
      image.manifest,
      'application/vnd.oci.image.manifest.v1+json',
    );
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('pulls a public repository anonymously through the token flow', async () => {
    const c = client({});
    const { tags } = await collect(c, { registry: registry.host, repository: 'team/public' });
    expect(tags).toEqual(['v1']);
    expect(registry.issuer?.requests.at(-1)).toMatchObject({
      user: null,
      scopes: ['repository:team/public:pull'],
    });
  });

  it('says the credential lacks the scope when the issuer grants nothing for the repository', async () => {
    const error = await failure(() =>
      collect(client({ [registry.host]: { username: 'alice', secret: 'pw' } }), {
        registry: registry.host,
        repository: 'team/secret',
      }),
    );
    expect(error.code).toBe('registry.insufficient_scope');
    expect(error.message).toContain('team/secret');
  });

  it('asks the issuer once for many requests with the same scope', async () => {
    const c = client({ [registry.host]: { username: 'alice', secret: 'pw' } });
    const repo = { registry: registry.host, repository: 'team/public' };
    const before = registry.issuer?.requests.length ?? 0;
    for (let i = 0; i < 5; i++) await collect(c, repo);
    await describeTag(c, repo, 'v1');
    expect((registry.issuer?.requests.length ?? 0) - before).toBe(1);
  });
});
