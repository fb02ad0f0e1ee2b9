/**
 * Bearer tokens per registry, scope and credential identity, kept until they expire (less a
 * margin), so a listing of a hundred pages asks the token service once.
 */

export interface CachedToken {
  token: string;
  expiresAt: number;
}

/** The token spec's floor: a missing or smaller expires_in means 60 seconds. */
export const MIN_TOKEN_LIFETIME_S = 60;
const MARGIN_MS = 5_000;

export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly now: () => number = Date.now) {}

  static key(registry: string, scope: string, username: string | null): string {
    return `${registry}\u0000${scope}\u0000${username ?? ''}`;
  }

  get(key: string): string | undefined {
    const entry = this.tokens.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt - MARGIN_MS <= this.now()) {
      this.tokens.delete(key);
      return undefined;
    }
    return entry.token;
  }

  set(key: string, token: string, expiresInSeconds: number | undefined): void {
    const lifetime = Math.max(MIN_TOKEN_LIFETIME_S, expiresInSeconds ?? MIN_TOKEN_LIFETIME_S);
    this.tokens.set(key, { token, expiresAt: this.now() + lifetime * 1000 });
  }

  delete(key: string): void {
    this.tokens.delete(key);
  }
}
