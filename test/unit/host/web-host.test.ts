import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBerthCore } from '../../../src/host/core';
import { startWebHost } from '../../../src/host/web-host';
import type { WebHost } from '../../../src/host/web-host';
import { fakeEngine } from './fake-engine';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw node:http, so the test controls Host and Origin exactly as an attacker could. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser-mode host security', () => {
  let host: WebHost;
  let dir: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-renderer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Berth</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'berth-secret.txt'), 'TOP-SECRET-CONTENT');
    const core = createBerthCore({ engine: fakeEngine(), env: { BERTH_HOME: dir } });
    host = await startWebHost({ core, rendererDir: dir });
    auth = {
      host: `127.0.0.1:${host.port}`,
      authorization: `Bearer ${host.token}`,
      'content-type': 'application/json',
    };
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL that carries the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers an API call with the right token', async () => {
    const reply = await send(host.port, '/api/invoke/images.list', {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: true,
      data: [{ repoTags: ['local/busybox:1'] }],
    });
  });

  it('answers 401 without a token', async () => {
    const { authorization: _, ...noToken } = auth;
    const reply = await send(host.port, '/api/invoke/images.list', {
      method: 'POST',
      headers: noToken,
      body: '{}',
    });
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: false,
      error: { code: 'host.unauthorized' },
    });
  });

  it('answers 401 with a wrong token of the same length', async () => {
    const wrong = { ...auth, authorization: `Bearer ${'x'.repeat(host.token.length)}` };
    expect((await send(host.port, '/api/events', { headers: wrong })).status).toBe(401);
  });

  it('answers 403 to a foreign Host header (DNS rebinding), even with the token', async () => {
    const reply = await send(host.port, '/api/invoke/images.list', {
      method: 'POST',
      headers: { ...auth, host: `evil.example:${host.port}` },
      body: '{}',
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'host.forbidden_host' } });
  });

  it('answers 403 to a foreign Origin, even with the token', async () => {
    const reply = await send(host.port, '/api/invoke/images.list', {
      method: 'POST',
      headers: { ...auth, origin: 'https://evil.example' },
      body: '{}',
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'host.forbidden_origin' } });
  });

  it('accepts its own origin', async () => {
    const reply = await send(host.port, '/api/invoke/engine.status', {
      method: 'POST',
      headers: { ...auth, origin: `http://127.0.0.1:${host.port}` },
      body: '{}',
    });
    expect(reply.status).toBe(200);
  });

  it('answers 400 with a clear error for an unknown channel', async () => {
    const reply = await send(host.port, '/api/invoke/images.nuke', {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({
      error: { code: 'request.unknown_channel', message: 'Unknown channel: images.nuke' },
    });
  });

  it('answers 400 with a clear error for a body that is not JSON', async () => {
    const reply = await send(host.port, '/api/invoke/images.list', {
      method: 'POST',
      headers: auth,
      body: '{nope',
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'request.malformed' } });
  });

  it('answers 400 naming the field for a request that breaks the contract', async () => {
    const reply = await send(host.port, '/api/invoke/images.inspect', {
      method: 'POST',
      headers: auth,
      body: '{"id":7}',
    });
    expect(reply.status).toBe(400);
    const body = JSON.parse(reply.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('request.invalid');
    expect(body.error.message).toContain('id');
  });

  it('answers 400 request.bad_url to a malformed percent-encoding, in the API and for files', async () => {
    const api = await send(host.port, '/api/invoke/images.%ZZlist', {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: 'request.bad_url' } });
    for (const path of ['/assets/%E0%A4%A', '/%', '/index%2.html']) {
      const file = await send(host.port, path, { headers: { host: `127.0.0.1:${host.port}` } });
      expect(file.status, path).toBe(400);
      expect(JSON.parse(file.body), path).toMatchObject({ error: { code: 'request.bad_url' } });
    }
    // The server is still up and serving after them.
    const page = await send(host.port, '/', { headers: { host: `127.0.0.1:${host.port}` } });
    expect(page.status).toBe(200);
  });

  it('says serve.port_in_use, with the port, when the port is taken', async () => {
    const core = createBerthCore({ engine: fakeEngine(), env: { BERTH_HOME: dir } });
    const error = await startWebHost({ core, rendererDir: dir, port: host.port }).then(
      () => undefined,
      (e: unknown) => e,
    );
    core.close();
    expect(error).toMatchObject({ code: 'serve.port_in_use' });
    expect((error as Error).message).toContain(String(host.port));
  });

  it('answers 413 to an oversized body without reading it all', async () => {
    const reply = await send(host.port, '/api/invoke/images.list', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(reply.status).toBe(413);
  });

  it('serves the renderer with a strict CSP, and nothing outside its folder', async () => {
    const page = await send(host.port, '/', { headers: { host: `127.0.0.1:${host.port}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const escape = await send(host.port, '/..%2fberth-secret.txt', {
      headers: { host: `127.0.0.1:${host.port}` },
    });
    expect(escape.status).toBe(404);
    expect(escape.body).not.toContain('TOP-SECRET-CONTENT');
  });

  it('streams the current engine status to a new event subscriber at once', async () => {
    await host; // the core is watching since the host started
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/api/events', headers: auth },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if (text.includes('event: engine.status')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
      req.setTimeout(5000, () => reject(new Error('no event within 5 s')));
      req.end();
    });
    expect(body).toContain('"state":"up"');
  });

  it('listens on loopback only: no other local address accepts a connection', async () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .flatMap((a) => (a ? [a.address] : []));
    for (const address of addresses) {
      const connected = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: address, port: host.port, timeout: 1000 });
        socket.on('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
        socket.on('timeout', () => {
          socket.destroy();
          resolve(false);
        });
      });
      expect(connected, `${address}:${host.port}`).toBe(false);
    }
  });
});
