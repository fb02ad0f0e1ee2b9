/**
 * A registry password never crosses the network in clear text to a remote engine unless the
 * user opts in (issue 12, point 7). The "remote engine" is the harness's real dockerd behind a
 * TCP front on this machine's non-loopback address (no TLS), which records whether any request
 * carried X-Registry-Auth: what a sniffer on the wire would have seen.
 */
import { createConnection, createServer } from 'node:net';
import type { Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { berth } from './berth-cli';
import { berthWith } from './pull-setup';

function nonLoopbackAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new Error('this machine has no non-loopback IPv4 address for the test');
}

describeWithHarness('a password for a remote engine over plain tcp://', (h) => {
  let front: Server;
  let address = '';
  const seen: string[] = [];

  beforeAll(async () => {
    front = createServer((client) => {
      const engine = createConnection(h.socketPath);
      client.on('data', (chunk: Buffer) => {
        const text = chunk.toString('latin1');
        const line = /^(GET|POST|HEAD|DELETE|PUT) (\S+)/m.exec(text);
        if (line)
          seen.push(`${line[1]} ${line[2]}${/x-registry-auth:/i.test(text) ? ' +auth' : ''}`);
      });
      client.pipe(engine).pipe(client);
      client.on('error', () => engine.destroy());
      engine.on('error', () => client.destroy());
    });
    const host = nonLoopbackAddress();
    await new Promise<void>((resolve) => front.listen(0, host, resolve));
    const port = (front.address() as { port: number }).port;
    address = `tcp://${host}:${port}`;
  });
  afterAll(() => new Promise<void>((resolve) => front.close(() => resolve())));

  const image = () => `${h.basicRegistry.host}/team/flows:1`;
  const creates = () => seen.filter((s) => s.startsWith('POST /') && s.includes('/images/create'));

  it('refuses to send it, says why and how to opt in, and the wire carries no password', async () => {
    const { env } = await berthWith(h, {
      logins: [{ registry: h.basicRegistry.host, username: 'alice', secret: h.users.alice ?? '' }],
      dockerHost: address,
    });
    seen.length = 0;
    const r = await berth(['pull', image(), '--json'], env);
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout) as { error: { code: string; hint: string } };
    expect(error.code).toBe('pull.plaintext_auth_refused');
    expect(error.hint).toContain('--allow-plaintext-auth');
    expect(creates()).toEqual([]);
    expect(seen.some((s) => s.includes('+auth'))).toBe(false);
  });

  it('sends it with --allow-plaintext-auth, with a warning, and the pull succeeds', async () => {
    const { env } = await berthWith(h, {
      logins: [{ registry: h.basicRegistry.host, username: 'alice', secret: h.users.alice ?? '' }],
      dockerHost: address,
    });
    seen.length = 0;
    const r = await berth(['pull', image(), '--allow-plaintext-auth'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('over plain TCP (no TLS), as you allowed');
    expect(creates().length).toBeGreaterThan(0);
    expect(creates().every((s) => s.endsWith('+auth'))).toBe(true);
  });

  it('an anonymous pull over the same connection needs no opt-in', async () => {
    const { env } = await berthWith(h, { dockerHost: address });
    seen.length = 0;
    const r = await berth(['pull', image(), '--json'], env);
    // No credential, so nothing to protect: the registry refuses it (401), not Berth.
    expect(r.stdout).not.toContain('plaintext_auth_refused');
    expect(creates().length).toBeGreaterThan(0);
  });
});
