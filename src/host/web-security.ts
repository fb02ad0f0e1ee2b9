/**
 * Browser mode's gate: loopback only, a random token on every API request, and Host and
 * Origin checks so a web page elsewhere cannot reach the API through DNS rebinding or a
 * cross-site request.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '../shared/error-catalogue';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export type GateVerdict =
  { ok: true } | { ok: false; status: 401 | 403; code: ErrorCode; message: string };

/** Host must name this server: a rebinding attack arrives with the attacker's host name. */
export function checkHostAndOrigin(req: IncomingMessage, port: number): GateVerdict {
  const hosts = allowedHosts(port);
  const host = req.headers.host ?? '';
  if (!hosts.has(host)) {
    return {
      ok: false,
      status: 403,
      code: 'host.forbidden_host',
      message: `Host "${host.slice(0, 100)}" is not allowed.`,
    };
  }
  const origin = req.headers.origin;
  if (
    origin !== undefined &&
    !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length)))
  ) {
    return {
      ok: false,
      status: 403,
      code: 'host.forbidden_origin',
      message: `Origin "${origin.slice(0, 100)}" is not allowed.`,
    };
  }
  // A browser that knows the request is cross-site says so even where Origin is absent.
  if (req.headers['sec-fetch-site'] === 'cross-site') {
    return {
      ok: false,
      status: 403,
      code: 'host.forbidden_origin',
      message: 'Cross-site requests are not allowed.',
    };
  }
  return { ok: true };
}

export function checkToken(req: IncomingMessage, token: string): GateVerdict {
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      status: 401,
      code: 'host.unauthorized',
      message:
        'Missing or wrong token. Open the URL that `berth serve` printed, including its #token=… part.',
    };
  }
  return { ok: true };
}
