/**
 * The registry client: authenticated requests (Basic, or Bearer tokens cached per scope),
 * paginated tags, manifests with digest checks. HTTP goes through an injected fetch:
 * Electron's net.fetch in the app, undici in the CLI and tests.
 */
import { registryApiHost } from '../shared/reference';
import { BerthError } from '../shared/errors';
import { parseChallenges } from './challenge';
import { refusal } from './errors';
import { dropBody, exchange, openExchange, readOpenBody } from './http';
import type { HeaderBag } from './http';
import type { Exchange, Fetch, OpenExchange } from './http';
import { registryBaseUrl } from './scheme';
import { TokenCache } from './token-cache';
import { basicAuthorization, fetchToken } from './token-service';
import type { Credential } from './token-service';

export interface RegistryClientOptions {
  fetch: Fetch;
  /** The credential for a repository: patterns can give two repos of one registry different ones. */
  credentials?: (repo: Repo) => Promise<Credential | null>;
  timeoutMs?: number;
  insecureRegistries?: string[];
  now?: () => number;
}

export interface RequestOptions {
  method?: 'GET' | 'HEAD';
  accept?: string;
  maxBytes: number;
  signal?: AbortSignal;
  what: string;
  /** For telling a missing tag from a missing repository on 404. */
  tag?: string;
}

export interface Repo {
  /** As in references: docker.io, ghcr.io, 127.0.0.1:5000. */
  registry: string;
  /** The path: library/nginx, org/app. */
  repository: string;
}

export class RegistryClient {
  readonly fetch: Fetch;
  readonly timeoutMs: number;
  private readonly tokens: TokenCache;
  /** Registries that challenged with Basic: send it up front next time. */
  private readonly basicRegistries = new Set<string>();

  constructor(private readonly options: RegistryClientOptions) {
    this.fetch = options.fetch;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.tokens = new TokenCache(options.now);
  }

  baseUrl(registry: string): string {
    return registryBaseUrl(registryApiHost(registry), this.options.insecureRegistries);
  }

  isInsecure(registry: string): boolean {
    return (this.options.insecureRegistries ?? []).includes(registry);
  }

  async credentialFor(repo: Repo): Promise<Credential | null> {
    return (await this.options.credentials?.(repo)) ?? null;
  }

  /** GET /v2/: whether the registry speaks the API, and how it wants to be authenticated. */
  async ping(registry: string, signal?: AbortSignal): Promise<Exchange> {
    return exchange(this.fetch, `${this.baseUrl(registry)}/v2/`, {
      timeoutMs: this.timeoutMs,
      maxBytes: 64 * 1024,
      what: 'the /v2/ ping',
      ...(signal ? { signal } : {}),
    });
  }

  /** An authenticated request for `path` (or an absolute URL on the same registry). */
  async request(repo: Repo, pathOrUrl: string, options: RequestOptions): Promise<Exchange> {
    const url = this.urlOf(repo, pathOrUrl);
    const answer = await this.authorized(repo, options, (authorization) =>
      exchange(this.fetch, url, {
        method: options.method ?? 'GET',
        headers: options.accept ? { accept: options.accept } : {},
        timeoutMs: this.timeoutMs,
        maxBytes: options.maxBytes,
        what: options.what,
        ...(authorization ? { authorization } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    this.check(repo, answer, answer.body, options);
    return answer;
  }

  /**
   * An authenticated GET whose body is left to the caller to stream (layer blobs), as a Node
   * stream. The client's timeout bounds the wait for headers; the caller bounds the body.
   */
  async open(
    repo: Repo,
    pathOrUrl: string,
    options: Omit<RequestOptions, 'method' | 'maxBytes'>,
  ): Promise<OpenExchange> {
    const url = this.urlOf(repo, pathOrUrl);
    const answer = await this.authorized(
      repo,
      options,
      (authorization) =>
        openExchange(this.fetch, url, {
          headers: options.accept ? { accept: options.accept } : {},
          timeoutMs: this.timeoutMs,
          what: options.what,
          ...(authorization ? { authorization } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        }),
      async (unused) => dropBody(unused.body),
    );
    if (answer.status >= 300) {
      const body = await readOpenBody(answer.body, 64 * 1024).catch(() => new Uint8Array());
      this.check(repo, answer, body, options);
    }
    return answer;
  }

  private urlOf(repo: Repo, pathOrUrl: string): string {
    return pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl(repo.registry)}${pathOrUrl}`;
  }

  /** Sends with the cached token or Basic, answers a 401 challenge once, and sends again. */
  private async authorized<A extends { status: number; headers: HeaderBag }>(
    repo: Repo,
    options: Pick<RequestOptions, 'signal'>,
    send: (authorization: string | undefined) => Promise<A>,
    discard?: (answer: A) => Promise<unknown> | undefined,
  ): Promise<A> {
    const credential = await this.credentialFor(repo);
    const scope = `repository:${repo.repository}:pull`;
    const tokenKey = TokenCache.key(
      repo.registry,
      scope,
      credential ? `${credential.source ?? ''}:${credential.username}` : null,
    );
    const cached = this.tokens.get(tokenKey);
    const upfront = cached
      ? `Bearer ${cached}`
      : credential && !credential.identityToken && this.basicRegistries.has(repo.registry)
        ? basicAuthorization(credential)
        : undefined;
    let answer = await send(upfront);
    if (answer.status === 401) {
      const challenges = parseChallenges(answer.headers.get('www-authenticate'));
      const bearer = challenges.find((c) => c.scheme === 'bearer');
      const basic = challenges.find((c) => c.scheme === 'basic');
      let authorization: string | undefined;
      if (bearer) {
        this.tokens.delete(tokenKey);
        const issued = await fetchToken(this.fetch, repo.registry, bearer, scope, credential, {
          timeoutMs: this.timeoutMs,
          insecure: this.isInsecure(repo.registry),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        this.tokens.set(tokenKey, issued.token, issued.expiresIn);
        authorization = `Bearer ${issued.token}`;
      } else if (basic && credential && !credential.identityToken) {
        // An identity token only works through a token service; it is never a Basic password.
        this.basicRegistries.add(repo.registry);
        authorization = basicAuthorization(credential);
      }
      if (authorization && authorization !== upfront) {
        await discard?.(answer);
        answer = await send(authorization);
      }
    }
    this.hadCredential.set(answer, credential !== null);
    return answer;
  }

  private readonly hadCredential = new WeakMap<object, boolean>();

  private check(
    repo: Repo,
    answer: { status: number; headers: HeaderBag },
    body: Uint8Array,
    options: Pick<RequestOptions, 'what' | 'tag'>,
  ): void {
    if (answer.status >= 400) {
      throw refusal(answer.status, body, answer.headers, {
        host: repo.registry,
        repository: repo.repository,
        what: options.what,
        hadCredential: this.hadCredential.get(answer) ?? false,
        ...(options.tag !== undefined ? { tag: options.tag } : {}),
      });
    }
    if (answer.status >= 300) {
      throw new BerthError(
        'registry.bad_response',
        `${repo.registry} answered HTTP ${answer.status} for ${options.what}.`,
      );
    }
  }
}
