/**
 * Browser mode's token: `berth serve` prints a URL with `#token=…`. The fragment never reaches
 * the server; the page keeps the token in sessionStorage (so a reload works) and takes it out
 * of the address bar (so it does not end up in screenshots, history or a shared link).
 */
export const TOKEN_KEY = 'berth.token';

export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
  history: Pick<History, 'replaceState' | 'state'>;
}

export function takeToken({ location, storage, history }: TokenPlace): string | undefined {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    try {
      storage?.setItem(TOKEN_KEY, fromHash);
    } catch {
      // Storage can be disabled; the token still works until the next reload.
    }
    params.delete('token');
    const rest = params.toString();
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`,
    );
    return fromHash;
  }
  try {
    return storage?.getItem(TOKEN_KEY) || undefined;
  } catch {
    return undefined;
  }
}

/** A refused token is useless after a reload too: forget it so the page asks for the link. */
export function forgetToken(storage: TokenPlace['storage']): void {
  try {
    storage?.removeItem(TOKEN_KEY);
  } catch {
    /* nothing stored */
  }
}
