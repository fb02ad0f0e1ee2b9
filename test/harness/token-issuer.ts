/**
 * A test token issuer for docker-registry's token auth (shared/notes/real-services.md): it
 * answers GET /token?service=&scope= with an RS256 JWT carrying an x5c chain the registry
 * trusts. Like Docker Hub, it decides what to grant, so tests can play a wrong password
 * (401), no scope (empty access) and anonymous access.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createSign, randomUUID, X509Certificate } from 'node:crypto';

export interface IssuerAccess {
  type: string;
  name: string;
  actions: string[];
}

/** user is null for an anonymous request. Returns the actions granted for one scope. */
export type GrantPolicy = (user: string | null, access: IssuerAccess) => string[];

export interface TokenIssuerOptions {
  users: Record<string, string>;
  service: string;
  issuer: string;
  certPem: string;
  keyPem: string;
  grant?: GrantPolicy;
  /** The response field that carries the token: Docker's `token` or OAuth2's `access_token`. */
  tokenField?: 'token' | 'access_token' | 'both';
  expiresIn?: number | null;
}

export interface RunningIssuer {
  url: string;
  /** Every /token request seen, for assertions about scopes and credentials. */
  requests: { user: string | null; scopes: string[] }[];
  setGrant(policy: GrantPolicy): void;
  stop(): Promise<void>;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** `repository:team/app:pull,push`; the name may contain a `:port`, so split from both ends. */
export function parseScope(scope: string): IssuerAccess | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return null;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean),
  };
}

export const grantEverythingToUsers: GrantPolicy = (user, access) => (user ? access.actions : []);

export async function startTokenIssuer(
  options: TokenIssuerOptions,
  port = 0,
): Promise<RunningIssuer> {
  let grant = options.grant ?? grantEverythingToUsers;
  const requests: RunningIssuer['requests'] = [];
  const certDer = new X509Certificate(options.certPem).raw;

  const sign = (user: string | null, access: IssuerAccess[]) => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer.toString('base64')] };
    const claims = {
      iss: options.issuer,
      sub: user ?? '',
      aud: options.service,
      exp: now + 600,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(input).sign(options.keyPem);
    return `${input}.${base64url(signature)}`;
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://issuer');
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    let user: string | null = null;
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString();
      const colon = decoded.indexOf(':');
      const name = decoded.slice(0, colon);
      if (
        colon < 0 ||
        options.users[name] === undefined ||
        options.users[name] !== decoded.slice(colon + 1)
      ) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ details: 'incorrect username or password' }));
        return;
      }
      user = name;
    }
    const scopes = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter(Boolean);
    requests.push({ user, scopes });
    const access = scopes
      .map(parseScope)
      .filter((a): a is IssuerAccess => a !== null)
      .map((a) => ({ ...a, actions: grant(user, a).filter((x) => a.actions.includes(x)) }))
      .filter((a) => a.actions.length > 0);
    const token = sign(user, access);
    const field = options.tokenField ?? 'token';
    const body: Record<string, unknown> = {};
    if (field === 'token' || field === 'both') body.token = token;
    if (field === 'access_token' || field === 'both') body.access_token = token;
    if (options.expiresIn !== null) body.expires_in = options.expiresIn ?? 300;
    body.issued_at = new Date().toISOString();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${boundPort}/token`,
    requests,
    setGrant: (policy) => {
      grant = policy;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
