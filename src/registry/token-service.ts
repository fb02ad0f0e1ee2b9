/**
 * The token flow of distribution's auth spec: GET <realm>?service=&scope= with optional
 * Basic credentials (anonymous without), answer `token` or `access_token` with expires_in.
 * https://distribution.github.io/distribution/spec/auth/token/
 */
import { BerthError } from '../shared/errors';
import type { Challenge } from './challenge';
import { exchange } from './http';
import type { Fetch } from './http';
import { isLoopbackHost } from './scheme';

export interface Credential {
  username: string;
  secret: string;
  /** Where it came from, by name only: keeps tokens of two credentials apart in the cache. */
  source?: string;
  /** `secret` is an identity (refresh) token: exchanged by the OAuth2 refresh_token grant. */
  identityToken?: boolean;
}

/** The client_id Berth names in OAuth2 grants (docker sends "docker", podman "containers/image"). */
const CLIENT_ID = 'berth';

export interface IssuedToken {
  token: string;
  expiresIn: number | undefined;
}

const TOKEN_MAX_BYTES = 1024 * 1024;

export function basicAuthorization(credential: Credential): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.secret}`).toString('base64')}`;
}

export async function fetchToken(
  fetch: Fetch,
  registryHost: string,
  challenge: Challenge,
  scope: string,
  credential: Credential | null,
  options: { timeoutMs: number; signal?: AbortSignal; insecure: boolean },
): Promise<IssuedToken> {
  const realm = challenge.params.realm;
  let url: URL;
  try {
    url = new URL(realm ?? '');
  } catch {
    throw new BerthError(
      'registry.bad_challenge',
      `${registryHost} sent a Bearer challenge without a usable realm.`,
      undefined,
      {
        host: registryHost,
      },
    );
  }
  // Credentials go to the token service only over TLS, unless it is on this machine or the
  // user marked the registry insecure.
  if (url.protocol !== 'https:' && credential && !isLoopbackHost(url.host) && !options.insecure) {
    throw new BerthError(
      'registry.insecure_realm',
      `${registryHost} asks for credentials to be sent to ${url.origin} without TLS; Berth refused.`,
      'Use the registry over https, or mark it as an insecure registry if you trust this network.',
      { host: registryHost, realm: url.origin },
    );
  }
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  const scopes = (challenge.params.scope ?? scope).split(' ').filter(Boolean);
  // No scope at all is a plain login check (what `docker login` asks Docker Hub for).
  for (const s of scopes) url.searchParams.append('scope', s);

  const common = {
    timeoutMs: options.timeoutMs,
    maxBytes: TOKEN_MAX_BYTES,
    what: 'a token',
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let answer;
  if (credential?.identityToken) {
    // An identity token is never a password: like dockerd (distribution
    // registry/client/auth/session.go fetchTokenWithOAuth) Berth POSTs the refresh_token grant
    // to the realm (docs/spec/auth/oauth.md). A realm without the OAuth2 endpoint answers 404;
    // the spec's fallback is the GET flow, where the token cannot go, so that GET is anonymous.
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credential.secret,
      client_id: CLIENT_ID,
      service: challenge.params.service ?? '',
      scope: scopes.join(' '),
    });
    const realmUrl = new URL(url.href);
    realmUrl.search = '';
    answer = await exchange(fetch, realmUrl.href, { ...common, method: 'POST', form });
    if (answer.status === 404 || answer.status === 405)
      answer = await exchange(fetch, url.href, common);
  } else {
    answer = await exchange(fetch, url.href, {
      ...common,
      ...(credential ? { authorization: basicAuthorization(credential) } : {}),
    });
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new BerthError(
      'registry.unauthorized',
      credential?.identityToken
        ? `The token service of ${registryHost} refused the identity token (from ${credential.source ?? 'the credential'}).`
        : credential
          ? `The token service of ${registryHost} refused the username or password for "${credential.username}".`
          : `The token service of ${registryHost} refused anonymous access.`,
      credential?.identityToken
        ? 'Identity tokens expire or are revoked: log in again (docker login / az acr login) to get a new one.'
        : credential
          ? 'Check the credential: Docker Hub needs a personal access token, not the account password; GHCR a classic token with read:packages.'
          : `Add a credential for ${registryHost}.`,
      { host: registryHost, status: answer.status, step: 'token' },
    );
  }
  let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(new TextDecoder().decode(answer.body)) as typeof body;
  } catch {
    body = {};
  }
  const token =
    typeof body.token === 'string'
      ? body.token
      : typeof body.access_token === 'string'
        ? body.access_token
        : '';
  if (answer.status !== 200 || !token) {
    throw new BerthError(
      'registry.bad_response',
      `The token service of ${registryHost} answered HTTP ${answer.status} without a token.`,
      'The registry or its token service may be misconfigured or down: try again later.',
      { host: registryHost, status: answer.status, step: 'token' },
    );
  }
  return { token, expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined };
}
