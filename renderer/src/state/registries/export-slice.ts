/** Exporting a credential as a Kubernetes pull secret (the dialog asks first). */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { Request, Response } from '../../../../src/shared/contract';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import { checkRequest } from '../request-errors';
import type { RegistriesState } from '../registries-store';

export interface PullSecretExport {
  id: string;
  busy: boolean;
  result: Response<'credentials.exportPullSecret'> | undefined;
  error: ErrorShape | undefined;
}

export interface PullSecretOptions {
  name: string;
  namespace: string;
  /** Browser mode only; in the app the main process asks with a save dialog. */
  path: string | undefined;
}

export interface ExportSlice {
  exporter: PullSecretExport | undefined;
  openExport(id: string): void;
  closeExport(): void;
  exportPullSecret(options: PullSecretOptions): Promise<void>;
}

function exportRequest(
  id: string,
  { name, namespace, path }: PullSecretOptions,
): Request<'credentials.exportPullSecret'> {
  return {
    id,
    name: name.trim() || 'berth-pull-secret',
    ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
    ...(path?.trim() ? { path: path.trim() } : {}),
    // The dialog's checkbox: the user has read that the file holds the secret.
    confirmed: true,
  };
}

export function exportSlice(
  client: BerthClient,
): StateCreator<RegistriesState, [], [], ExportSlice> {
  return (set, get) => ({
    exporter: undefined,

    openExport(id) {
      set({ exporter: { id, busy: false, result: undefined, error: undefined } });
    },

    closeExport() {
      if (!get().exporter?.busy) set({ exporter: undefined });
    },

    async exportPullSecret(options) {
      const exporter = get().exporter;
      if (!exporter || exporter.busy) return;
      const request = exportRequest(exporter.id, options);
      const invalid = checkRequest('credentials.exportPullSecret', request);
      if (invalid) {
        set({ exporter: { ...exporter, error: invalid } });
        return;
      }
      set({ exporter: { ...exporter, busy: true, error: undefined, result: undefined } });
      // The dialog may have closed or moved to another credential meanwhile.
      const stillOpen = () => get().exporter?.id === exporter.id;
      try {
        const result = await client.invoke('credentials.exportPullSecret', request);
        if (stillOpen()) set({ exporter: { ...exporter, busy: false, result, error: undefined } });
      } catch (error) {
        if (stillOpen())
          set({ exporter: { ...exporter, busy: false, error: toErrorShape(error) } });
      }
    },
  });
}
