/**
 * A CONNECT tunnel through an HTTP(S) proxy, for the probe's TCP and TLS steps: registry HTTP
 * goes through the proxy (undici's ProxyAgent tunnels the same way), so the probe must too,
 * or it would test a road the pull never takes. RFC 9110 §9.3.6: any 2xx opens the tunnel.
 */
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { BerthError } from '../shared/errors';

/** A proxy's answer to CONNECT is a status line and a few headers; more is not a proxy. */
const MAX_REPLY_BYTES = 16 * 1024;

export function openTunnel(
  proxy: string,
  target: { host: string; port: number },
  timeoutMs: number,
): Promise<Socket> {
  const url = new URL(proxy);
  const secure = url.protocol === 'https:';
  const proxyHost = url.hostname.replace(/^\[|\]$/g, '');
  const proxyPort = Number(url.port) || (secure ? 443 : 80);
  const authority = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const auth =
    url.username || url.password
      ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}\r\n`
      : '';
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tlsConnect({ host: proxyHost, port: proxyPort, servername: proxyHost })
      : tcpConnect({ host: proxyHost, port: proxyPort });
    let reply = Buffer.alloc(0);
    const fail = (message: string) => {
      socket.destroy();
      reject(new BerthError('probe.proxy_refused', message));
    };
    socket.setTimeout(timeoutMs, () =>
      fail(`The proxy ${url.host} did not open a tunnel to ${authority} within ${timeoutMs} ms.`),
    );
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
    });
    socket.on('error', (e: NodeJS.ErrnoException) =>
      fail(`The proxy ${url.host}: ${e.code ?? e.message}`),
    );
    const onData = (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      const end = reply.indexOf('\r\n\r\n');
      if (end < 0) {
        if (reply.length > MAX_REPLY_BYTES) fail(`The proxy ${url.host} sent no HTTP answer.`);
        return;
      }
      socket.off('data', onData);
      const status = reply.subarray(0, reply.indexOf('\r\n')).toString('latin1');
      if (!/^HTTP\/1\.[01] 2\d\d\b/.test(status)) {
        fail(`The proxy ${url.host} refused the tunnel to ${authority}: ${status.slice(0, 200)}`);
        return;
      }
      socket.setTimeout(0);
      socket.removeAllListeners('error');
      resolve(socket);
    };
    socket.on('data', onData);
  });
}
