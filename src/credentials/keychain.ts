/**
 * The Keychain port: secrets go in and out of the OS store (macOS Keychain, Windows
 * Credential Manager, Secret Service on Linux) and nowhere else. On Linux the entry is pinned
 * to Secret Service: @napi-rs/keyring would otherwise fall back to the kernel keyring, which
 * forgets everything at logout, and a store that silently loses secrets is no better than one
 * that silently writes them in plaintext.
 */
import type { AsyncEntry } from '@napi-rs/keyring';
import type * as Keyring from '@napi-rs/keyring';
import { BerthError } from '../shared/errors';

export interface Keychain {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'dev.berth.registry';

/** Keychain operations are bounded: a locked store can block on an unlock prompt forever. */
const KEYCHAIN_TIMEOUT_MS = 20_000;

export function keychainUnavailable(cause: unknown, platform = process.platform): BerthError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const hint =
    platform === 'linux'
      ? 'Berth keeps secrets in the Secret Service. Install and unlock a keyring (gnome-keyring or KeePassXC with Secret Service enabled), and make sure DBUS_SESSION_BUS_ADDRESS is set; on a headless machine run Berth inside `dbus-run-session` with `gnome-keyring-daemon --unlock`.'
      : platform === 'darwin'
        ? 'Unlock the login keychain in Keychain Access, then try again.'
        : 'Check that Windows Credential Manager is available for this user, then try again.';
  return new BerthError(
    'keychain.unavailable',
    `The OS keychain is not available: ${detail.slice(0, 300)}`,
    hint,
  );
}

/**
 * The native keyring module loads on the first keychain operation, not at start-up: most
 * commands never touch a stored secret (a pull with the credential in ~/.docker/config.json,
 * `berth engine`, `berth ref`), and loading it means a native library and its D-Bus client.
 */
let keyring: Promise<typeof Keyring> | undefined;

export function osKeychain(service = KEYCHAIN_SERVICE): Keychain {
  const entry = async (account: string): Promise<AsyncEntry> => {
    const { AsyncEntry: Entry } = await (keyring ??= import('@napi-rs/keyring'));
    return new Entry(service, account, { linux: { store: 'secret-service' } });
  };
  const bounded = async <T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const signal = AbortSignal.timeout(KEYCHAIN_TIMEOUT_MS);
    try {
      return await run(signal);
    } catch (error) {
      if (signal.aborted) {
        throw new BerthError(
          'keychain.timeout',
          `The OS keychain did not answer within ${KEYCHAIN_TIMEOUT_MS / 1000} s.`,
          'It may be waiting for you to unlock it: unlock the keyring, then try again.',
        );
      }
      throw keychainUnavailable(error);
    }
  };
  return {
    get: (account) => bounded(async (signal) => (await entry(account)).getPassword(signal)),
    set: (account, secret) =>
      bounded(async (signal) => (await entry(account)).setPassword(secret, signal)),
    delete: (account) => bounded(async (signal) => (await entry(account)).deleteCredential(signal)),
  };
}
