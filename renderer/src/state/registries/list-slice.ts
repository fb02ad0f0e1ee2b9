/** The stored credentials (never their secrets) and the one-line notice after a change. */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { CredentialView } from '../../../../src/shared/credentials';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import type { RegistriesState } from '../registries-store';

export interface CredentialListSlice {
  /** undefined until the first list arrives. */
  credentials: CredentialView[] | undefined;
  /** The metadata file could not be read and was kept aside. */
  warning: ErrorShape | null;
  loading: boolean;
  error: ErrorShape | undefined;
  /** One line after a save, import or removal. */
  notice: string | undefined;
  load(): Promise<void>;
}

/** How a notice names a credential. */
export const who = (c: Pick<CredentialView, 'username' | 'registry'>) =>
  `${c.username}@${c.registry}`;

export function credentialListSlice(
  client: BerthClient,
): StateCreator<RegistriesState, [], [], CredentialListSlice> {
  // Only the newest list request may land: an older answer arriving late is stale.
  let listRequest = 0;
  return (set) => ({
    credentials: undefined,
    warning: null,
    loading: false,
    error: undefined,
    notice: undefined,

    async load() {
      const request = ++listRequest;
      set({ loading: true });
      try {
        const { credentials, warning } = await client.invoke('registries.list', {});
        if (request !== listRequest) return;
        set({ credentials, warning, loading: false, error: undefined });
      } catch (error) {
        if (request !== listRequest) return;
        set({ loading: false, error: toErrorShape(error) });
      }
    },
  });
}
