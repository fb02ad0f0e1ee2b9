/**
 * A test token issuer for docker-registry's token auth (shared/notes/real-services.md): it
 * answers GET /token?service=&scope= with an RS256 JWT carrying an x5c chain the registry
 * trusts. Like Docker Hub, it decides what to grant, so tests can play a wrong password
 * (401), no scope (empty access) and anonymous access.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
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
  /**
   * Identity (refresh) tokens the issuer accepts in the OAuth2 `refresh_token` grant (POST
   * /token, distribution docs/spec/auth/oauth.md), each naming its user. A password grant with
   * `access_type=offline` mints a new one.
   */
  refreshTokens?: Record<string, string>;
}

export interface RunningIssuer {
  url: string;
  /** Every /token request seen, for assertions about scopes and credentials. */
  requests: {
    user: string | null;
    scopes: string[];
    grant: 'get' | 'password' | 'refresh_token';
  }[];
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

  const refreshTokens = new Map(Object.entries(options.refreshTokens ?? {}));
  const passwordOk = (name: string, password: string) =>
    options.users[name] !== undefined && options.users[name] === password;
  const refuse = (res: ServerResponse, status: number, details: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ details }));
  };

  const answer = (
    res: ServerResponse,
    user: string | null,
    scopes: string[],
    grantKind: 'get' | 'password' | 'refresh_token',
    extra: Record<string, unknown> = {},
  ) => {
    requests.push({ user, scopes, grant: grantKind });
    const access = scopes
      .map(parseScope)
      .filter((a): a is IssuerAccess => a !== null)
      .map((a) => ({ ...a, actions: grant(user, a).filter((x) => a.actions.includes(x)) }))
      .filter((a) => a.actions.length > 0);
    const token = sign(user, access);
    const field = grantKind === 'get' ? (options.tokenField ?? 'token') : 'access_token';
    const body: Record<string, unknown> = { ...extra };
    if (field === 'token' || field === 'both') body.token = token;
    if (field === 'access_token' || field === 'both') body.access_token = token;
    if (options.expiresIn !== null) body.expires_in = options.expiresIn ?? 300;
    body.issued_at = new Date().toISOString();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const mintRefreshToken = (user: string) => {
    const minted = `refresh-${randomUUID()}`;
    refreshTokens.set(minted, user);
    return minted;
  };

  /** OAuth2 (distribution docs/spec/auth/oauth.md): password or refresh_token grant, form body. */
  const oauth = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 64 * 1024) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > 64 * 1024) return refuse(res, 413, 'form too large');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      if (!form.get('client_id')) return refuse(res, 400, 'client_id is required');
      if (form.get('service') !== options.service) return refuse(res, 400, 'unknown service');
      const kind = form.get('grant_type');
      if (kind === 'refresh_token') {
        const user = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!user) return refuse(res, 401, 'invalid refresh token');
        return answer(res, user, scopes, 'refresh_token');
      }
      if (kind === 'password') {
        const name = form.get('username') ?? '';
        if (!passwordOk(name, form.get('password') ?? '')) {
          return refuse(res, 401, 'incorrect username or password');
        }
        const offline = form.get('access_type') === 'offline';
        return answer(res, name, scopes, 'password', {
          ...(offline ? { refresh_token: mintRefreshToken(name) } : {}),
        });
      }
      return refuse(res, 400, 'unsupported grant_type');
    });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://issuer');
    if (url.pathname !== '/token') {
      res.writeHead(404).end();
      return;
    }
    if (req.method === 'POST') return oauth(req, res);
    let user: string | null = null;
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString();
      const colon = decoded.indexOf(':');
      const name = decoded.slice(0, colon);
      if (colon < 0 || !passwordOk(name, decoded.slice(colon + 1))) {
        return refuse(res, 401, 'incorrect username or password');
      }
      user = name;
    }
    const scopes = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter(Boolean);
    const offline = user !== null && url.searchParams.get('offline_token') === 'true';
    answer(
      res,
      user,
      scopes,
      'get',
      offline && user ? { refresh_token: mintRefreshToken(user) } : {},
    );
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
