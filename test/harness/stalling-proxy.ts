/**
 * A loopback front for a harness registry that holds one blob back: it sends the blob's first
 * bytes, then nothing until the test releases it. A listing can then be seen half-read, for as
 * long as the test needs, with no race against a fast local registry. It adds the registry's
 * basic credential to every request, so Berth needs none for it (loopback is plain HTTP).
 */
import { Readable } from 'node:stream';
import { startTestServer } from './misbehaving-servers';
import type { TestServer } from './misbehaving-servers';

export interface StallingProxy extends TestServer {
  /** Resolves when the held blob's first bytes have been written (ms since epoch). */
  firstBytesSent: Promise<number>;
  /** Sends the rest of the held blob. */
  release(): void;
}

export async function startStallingProxy(options: {
  upstream: string;
  username: string;
  password: string;
  /** The blob to hold back (a layer digest). */
  digest: string;
  /** How many of its bytes go before the stall. */
  firstBytes: number;
}): Promise<StallingProxy> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let sent = (_at: number) => {};
  const firstBytesSent = new Promise<number>((resolve) => {
    sent = resolve;
  });
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;

  const server = await startTestServer((req, res) => {
    void (async () => {
      const upstream = await fetch(`${options.upstream}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: { authorization, accept: req.headers.accept ?? '*/*' },
        redirect: 'follow',
      });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['transfer-encoding', 'connection', 'content-encoding'].includes(name))
          headers[name] = value;
      });
      res.writeHead(upstream.status, headers);
      if (!upstream.body || req.method === 'HEAD') {
        res.end();
        return;
      }
      const held = req.method === 'GET' && (req.url ?? '').endsWith(`/blobs/${options.digest}`);
      const body = Buffer.from(await upstream.arrayBuffer());
      if (!held) {
        res.end(body);
        return;
      }
      res.write(body.subarray(0, options.firstBytes));
      sent(Date.now());
      await released;
      Readable.from([body.subarray(options.firstBytes)]).pipe(res);
    })().catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  return { ...server, firstBytesSent, release: () => release() };
}
