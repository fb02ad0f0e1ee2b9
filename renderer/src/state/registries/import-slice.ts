/** Importing logins from docker's, podman's or the kubelet's files: pick, scan, review, apply. */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { Request } from '../../../../src/shared/contract';
import type { CredentialView, ImportEntry } from '../../../../src/shared/credentials';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import type { RegistriesState } from '../registries-store';

export type ImportFrom = Request<'credentials.importScan'>['from'] & string;

export interface CredentialImport {
  from: ImportFrom;
  phase: 'pick' | 'scanning' | 'review' | 'applying' | 'done';
  entries: ImportEntry[];
  problems: ErrorShape[];
  selected: ReadonlySet<string>;
  imported: CredentialView[];
  error: ErrorShape | undefined;
}

export interface ImportSlice {
  importer: CredentialImport | undefined;
  openImport(): void;
  closeImport(): void;
  setImportSource(from: ImportFrom): void;
  scanImport(): Promise<void>;
  toggleImport(key: string): void;
  selectAllImport(all: boolean): void;
  applyImport(): Promise<void>;
}

/** A scan or an apply is under way: the dialog holds still until it answers. */
const working = (importer: CredentialImport | undefined) =>
  importer?.phase === 'scanning' || importer?.phase === 'applying';

const importedNotice = (count: number) =>
  `Imported ${count} credential${count === 1 ? '' : 's'} into the OS keychain.`;

export function importSlice(
  client: BerthClient,
): StateCreator<RegistriesState, [], [], ImportSlice> {
  return (set, get) => {
    const updateImport = (change: Partial<CredentialImport>) => {
      const current = get().importer;
      if (current) set({ importer: { ...current, ...change } });
    };
    /** The importer while its scan is shown for review; undefined otherwise. */
    const reviewing = () => {
      const importer = get().importer;
      return importer?.phase === 'review' ? importer : undefined;
    };

    return {
      importer: undefined,

      openImport() {
        set({
          importer: {
            from: 'all',
            phase: 'pick',
            entries: [],
            problems: [],
            selected: new Set(),
            imported: [],
            error: undefined,
          },
        });
      },

      closeImport() {
        if (!working(get().importer)) set({ importer: undefined });
      },

      setImportSource(from) {
        const importer = get().importer;
        // A new source means a new scan: keys from another source do not carry over.
        if (importer && !working(importer))
          set({
            importer: {
              ...importer,
              from,
              phase: 'pick',
              entries: [],
              problems: [],
              selected: new Set(),
            },
          });
      },

      async scanImport() {
        const importer = get().importer;
        if (!importer || working(importer)) return;
        updateImport({ phase: 'scanning', error: undefined });
        try {
          const { entries, problems } = await client.invoke('credentials.importScan', {
            from: importer.from,
          });
          updateImport({
            phase: 'review',
            entries,
            problems,
            // Everything found starts ticked; nothing happens until "Import N" is pressed.
            selected: new Set(entries.map((e) => e.key)),
          });
        } catch (error) {
          updateImport({ phase: 'pick', error: toErrorShape(error) });
        }
      },

      toggleImport(key) {
        const importer = reviewing();
        if (!importer) return;
        const selected = new Set(importer.selected);
        if (selected.has(key)) selected.delete(key);
        else selected.add(key);
        updateImport({ selected });
      },

      selectAllImport(all) {
        const importer = reviewing();
        if (!importer) return;
        updateImport({ selected: new Set(all ? importer.entries.map((e) => e.key) : []) });
      },

      async applyImport() {
        const importer = reviewing();
        if (!importer || importer.selected.size === 0) return;
        // Only keys from this scan, in the order shown.
        const keys = importer.entries.map((e) => e.key).filter((k) => importer.selected.has(k));
        updateImport({ phase: 'applying', error: undefined });
        try {
          const { imported, problems } = await client.invoke('credentials.importApply', {
            from: importer.from,
            keys,
          });
          updateImport({ phase: 'done', imported, problems });
          if (imported.length) set({ notice: importedNotice(imported.length) });
          await get().load();
        } catch (error) {
          updateImport({ phase: 'review', error: toErrorShape(error) });
        }
      },
    };
  };
}
