/**
 * A layer blob read from a loopback HTTP server through the registry client, both transports
 * (node:http for a plain registry, undici's request() through a proxy): the entries and each
 * file's bytes must be what GNU tar wrote (the gathered pieces reuse their buffers, so a
 * buffer handed back too early would show as wrong bytes or a gzip error), and a blob that
 * is not the layer (another digest, more bytes than the manifest says) is an error, as it is
 * for skopeo. A redirect to another host carries no Authorization.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, createUndiciFetch } from '../../../src/registry';
import { readLayer } from '../../../src/inspect/layer-stream';
import type { EntryContent } from '../../../src/inspect/tar-reader';
import { startTestServer } from '../../harness/misbehaving-servers';
import type { TestServer } from '../../harness/misbehaving-servers';
import { startConnectProxy } from '../../harness/tls-registry';
import { failure } from '../../harness/failures';

const repo = (server: TestServer) => ({ registry: server.host, repository: 'team/app' });
const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

let root: string;
/** A gzip layer of ~6 MB of incompressible files: many 256 KB pieces, buffers reused. */
let layer: Buffer;
/** Another valid gzip layer, served under the first one's digest. */
let other: Buffer;
let files: Map<string, string>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'berth-layer-'));
  const tree = join(root, 'tree');
  mkdirSync(join(tree, 'usr/lib'), { recursive: true });
  files = new Map();
  for (let i = 0; i < 12; i++) {
    // Sizes that are not multiples of 512 or of any buffer size.
    const bytes = randomBytes(300_000 + i * 77_777);
    const path = `usr/lib/f${i}.bin`;
    writeFileSync(join(tree, path), bytes);
    files.set(path, sha256(bytes));
  }
  execFileSync('tar', ['-czf', join(root, 'layer.tar.gz'), '-C', tree, 'usr']);
  layer = readFileSync(join(root, 'layer.tar.gz'));
  writeFileSync(join(tree, 'usr/lib/f0.bin'), 'changed\n');
  execFileSync('tar', ['-czf', join(root, 'other.tar.gz'), '-C', tree, 'usr']);
  other = readFileSync(join(root, 'other.tar.gz'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const servers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

/** A registry that wants Basic auth and answers the blob with `send`. */
async function registry(send: (res: ServerResponse) => void): Promise<TestServer> {
  const server = await startTestServer((req, res) => {
    if (!req.headers.authorization)
      res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
    else if (req.url?.startsWith('/v2/team/app/blobs/')) send(res);
    else res.writeHead(404).end();
  });
  servers.push(server);
  return server;
}

const client = (server: TestServer, env: NodeJS.ProcessEnv = {}) =>
  new RegistryClient({
    fetch: createUndiciFetch({ env }),
    timeoutMs: 5000,
    credentials: ({ registry: host }) =>
      Promise.resolve(host === server.host ? { username: 'u', secret: 'p' } : null),
  });

/** Reads the layer, hashing every file's content as the listing's diff mode does. */
async function list(
  registryClient: RegistryClient,
  server: TestServer,
  descriptor = { digest: sha256(layer), size: layer.length },
): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  await readLayer(registryClient, repo(server), descriptor, {
    onEntry: (header): EntryContent | undefined => {
      if (header.type !== 'file') return undefined;
      const hash = createHash('sha256');
      return {
        data: (chunk) => {
          hash.update(chunk);
        },
        end: () => {
          seen.set(header.name, `sha256:${hash.digest('hex')}`);
        },
      };
    },
  });
  return seen;
}

describe('reading a layer blob', () => {
  it('lists every file with its exact bytes, over node:http', async () => {
    const server = await registry((res) =>
      res.writeHead(200, { 'content-length': layer.length }).end(layer),
    );
    expect(await list(client(server), server)).toEqual(files);
  });

  it("lists the same through a proxy, over undici's request()", async () => {
    const server = await registry((res) =>
      res.writeHead(200, { 'content-length': layer.length }).end(layer),
    );
    const proxy = await startConnectProxy();
    servers.push(proxy);
    const env = { HTTP_PROXY: proxy.url, NO_PROXY: '' };
    expect(await list(client(server, env), server)).toEqual(files);
    expect(proxy.tunnels).toContain(server.host);
  });

  it('refuses a valid layer whose bytes do not match the digest', async () => {
    const server = await registry((res) =>
      res.writeHead(200, { 'content-length': other.length }).end(other),
    );
    const error = await failure(() =>
      list(client(server), server, { digest: sha256(layer), size: other.length }),
    );
    expect(error.code).toBe('registry.digest_mismatch');
    expect(error.details).toMatchObject({ expected: sha256(layer), computed: sha256(other) });
  });

  it('stops at the size the manifest gives, declared or not', async () => {
    const declared = await registry((res) =>
      res.writeHead(200, { 'content-length': layer.length }).end(layer),
    );
    const short = { digest: sha256(layer), size: layer.length - 1 };
    expect((await failure(() => list(client(declared), declared, short))).code).toBe(
      'registry.body_too_large',
    );
    // Chunked: no length up front, so the count while reading stops it.
    const chunked = await registry((res) => {
      res.writeHead(200);
      res.write(layer.subarray(0, 100_000));
      res.end(layer.subarray(100_000));
    });
    expect((await failure(() => list(client(chunked), chunked, short))).code).toBe(
      'registry.body_too_large',
    );
  });

  it('follows a redirect to another host without the Authorization', async () => {
    const storage = await startTestServer((_req, res) =>
      res.writeHead(200, { 'content-length': layer.length }).end(layer),
    );
    servers.push(storage);
    const server = await registry((res) =>
      res.writeHead(307, { location: `${storage.url}/signed-blob` }).end(),
    );
    expect(await list(client(server), server)).toEqual(files);
    expect(storage.seen).toHaveLength(1);
    expect(storage.seen[0]?.authorization).toBeUndefined();
    expect(server.seen.some((r) => r.authorization?.startsWith('Basic '))).toBe(true);
  });
});
