/**
 * The Registries screen's state: the stored credentials (never their secrets), the add / edit
 * form's progress, per-card login tests, removal, import, the "which credential?" explainer
 * and the pull-secret export. The form's draft, and with it a typed secret, stays in the form
 * component: the store only carries it through to the request and keeps nothing of it.
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import type { Request, Response } from '../../../src/shared/contract';
import type {
  CredentialView,
  Explanation,
  ImportEntry,
  LoginReport,
} from '../../../src/shared/credentials';
import type { KubeletMatch } from '../../../src/shared/kube-pull-secret';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import { saveRequest, testRequest } from './credential-draft';
import type { CredentialDraft } from './credential-draft';
import { checkRequest } from './request-errors';

export type ImportFrom = Request<'credentials.importScan'>['from'] & string;

export interface CredentialEditor {
  /** undefined: a new credential. */
  id: string | undefined;
  busy: 'test' | 'save' | 'save-unverified' | undefined;
  report: LoginReport | undefined;
  /** Set when a verified save was refused because the login failed. */
  notSaved: boolean;
  error: ErrorShape | undefined;
  /** A new credential's registry, filled in when a suggestion opened the form. */
  registry?: string;
}

export interface CardTest {
  busy: boolean;
  report: LoginReport | undefined;
  error: ErrorShape | undefined;
}

export interface CredentialRemoval {
  id: string;
  busy: boolean;
  error: ErrorShape | undefined;
}

export interface CredentialImport {
  from: ImportFrom;
  phase: 'pick' | 'scanning' | 'review' | 'applying' | 'done';
  entries: ImportEntry[];
  problems: ErrorShape[];
  selected: ReadonlySet<string>;
  imported: CredentialView[];
  error: ErrorShape | undefined;
}

export interface ExplainState {
  busy: boolean;
  result: Explanation | undefined;
  /** Which key of Berth's pull secret kubelet would try for the image; undefined if unknown. */
  kubelet?: KubeletMatch | undefined;
  error: ErrorShape | undefined;
  /** What the last aligning action wrote, in words. */
  aligned?: string | undefined;
}

/** Writing Berth's credential into docker's or podman's own file, asked first. */
export interface ToolAlignment {
  tool: 'docker' | 'podman';
  reference: string;
  busy: boolean;
  result: Response<'credentials.align'> | undefined;
  error: ErrorShape | undefined;
}

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

export interface RegistriesState {
  /** undefined until the first list arrives. */
  credentials: CredentialView[] | undefined;
  /** The metadata file could not be read and was kept aside. */
  warning: ErrorShape | null;
  loading: boolean;
  error: ErrorShape | undefined;
  /** One line after a save, import or removal. */
  notice: string | undefined;
  editor: CredentialEditor | undefined;
  tests: ReadonlyMap<string, CardTest>;
  removal: CredentialRemoval | undefined;
  importer: CredentialImport | undefined;
  explain: ExplainState;
  exporter: PullSecretExport | undefined;
  alignment: ToolAlignment | undefined;

  load(): Promise<void>;
  openEditor(id?: string, registry?: string): void;
  closeEditor(): void;
  testDraft(draft: CredentialDraft): Promise<void>;
  save(draft: CredentialDraft, verify: boolean): Promise<void>;
  testStored(id: string): Promise<void>;
  askRemove(id: string): void;
  cancelRemove(): void;
  confirmRemove(): Promise<void>;
  openImport(): void;
  closeImport(): void;
  setImportSource(from: ImportFrom): void;
  scanImport(): Promise<void>;
  toggleImport(key: string): void;
  selectAllImport(all: boolean): void;
  applyImport(): Promise<void>;
  runExplain(reference: string): Promise<void>;
  openExport(id: string): void;
  closeExport(): void;
  /** Asks before writing Berth's credential for the explained image into the tool's file. */
  askAlign(tool: 'docker' | 'podman'): void;
  cancelAlign(): void;
  confirmAlign(): Promise<void>;
  exportPullSecret(options: PullSecretOptions): Promise<void>;
}

export type RegistriesStore = ReturnType<typeof createRegistriesStore>;

const who = (c: Pick<CredentialView, 'username' | 'registry'>) => `${c.username}@${c.registry}`;

export function createRegistriesStore(client: BerthClient) {
  let listRequest = 0;
  let explainRequest = 0;
  // Each opening of the form is a session: a late answer for a closed form is dropped.
  let editorSession = 0;

  return createStore<RegistriesState>()((set, get) => {
    /** Applies a change to the form if it is still the session that asked. */
    const updateEditor = (session: number, change: Partial<CredentialEditor>) => {
      const editor = get().editor;
      if (editor && session === editorSession) set({ editor: { ...editor, ...change } });
    };
    const setTest = (id: string, test: CardTest) =>
      set({ tests: new Map(get().tests).set(id, test) });
    const updateImport = (change: Partial<CredentialImport>) => {
      const current = get().importer;
      if (current) set({ importer: { ...current, ...change } });
    };

    return {
      credentials: undefined,
      warning: null,
      loading: false,
      error: undefined,
      notice: undefined,
      editor: undefined,
      tests: new Map(),
      removal: undefined,
      importer: undefined,
      explain: { busy: false, result: undefined, error: undefined },
      alignment: undefined,
      exporter: undefined,

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

      openEditor(id, registry) {
        editorSession++;
        set({
          editor: {
            id,
            busy: undefined,
            report: undefined,
            notSaved: false,
            error: undefined,
            ...(registry ? { registry } : {}),
          },
          notice: undefined,
        });
      },

      closeEditor() {
        editorSession++;
        set({ editor: undefined });
      },

      async testDraft(draft) {
        const editor = get().editor;
        if (!editor || editor.busy) return;
        const request = testRequest(draft, editor.id);
        const invalid = checkRequest('registries.test', request);
        if (invalid) {
          set({ editor: { ...editor, error: invalid, report: undefined, notSaved: false } });
          return;
        }
        const session = editorSession;
        set({ editor: { ...editor, busy: 'test', error: undefined } });
        try {
          const report = await client.invoke('registries.test', request);
          updateEditor(session, { busy: undefined, report, notSaved: false });
          // Testing a stored credential records the result on it.
          if (request.id) void get().load();
        } catch (error) {
          updateEditor(session, { busy: undefined, error: toErrorShape(error), report: undefined });
        }
      },

      async save(draft, verify) {
        const editor = get().editor;
        if (!editor || editor.busy) return;
        const request = saveRequest(draft, editor.id, verify);
        const invalid = checkRequest('registries.save', request);
        if (invalid) {
          set({ editor: { ...editor, error: invalid, notSaved: false } });
          return;
        }
        const session = editorSession;
        set({
          editor: {
            ...editor,
            busy: verify ? 'save' : 'save-unverified',
            error: undefined,
            notSaved: false,
          },
        });
        let result: Response<'registries.save'>;
        try {
          result = await client.invoke('registries.save', request);
        } catch (error) {
          updateEditor(session, { busy: undefined, error: toErrorShape(error) });
          return;
        }
        if (session !== editorSession) {
          // Saved, but the form was closed meanwhile: only the list needs to know.
          await get().load();
          return;
        }
        if (!result.saved) {
          // A verified save stores nothing when the login fails: the steps say where.
          updateEditor(session, {
            busy: undefined,
            report: result.report ?? undefined,
            notSaved: true,
          });
          return;
        }
        const how = result.report?.ok ? 'login verified' : 'not verified';
        editorSession++;
        set({
          editor: undefined,
          notice: `Saved ${who(result.saved)} (${how}). The secret is in the OS keychain.`,
        });
        await get().load();
      },

      async testStored(id) {
        if (get().tests.get(id)?.busy) return;
        setTest(id, { busy: true, report: undefined, error: undefined });
        try {
          const report = await client.invoke('registries.test', { id });
          setTest(id, { busy: false, report, error: undefined });
          void get().load();
        } catch (error) {
          setTest(id, { busy: false, report: undefined, error: toErrorShape(error) });
        }
      },

      askRemove(id) {
        set({ removal: { id, busy: false, error: undefined } });
      },

      cancelRemove() {
        if (!get().removal?.busy) set({ removal: undefined });
      },

      async confirmRemove() {
        const removal = get().removal;
        if (!removal || removal.busy) return;
        const credential = get().credentials?.find((c) => c.id === removal.id);
        set({ removal: { ...removal, busy: true, error: undefined } });
        try {
          await client.invoke('registries.remove', { id: removal.id });
        } catch (error) {
          set({ removal: { ...removal, busy: false, error: toErrorShape(error) } });
          return;
        }
        const tests = new Map(get().tests);
        tests.delete(removal.id);
        const editingIt = get().editor?.id === removal.id;
        if (editingIt) editorSession++;
        set({
          removal: undefined,
          tests,
          notice: credential ? `Removed ${who(credential)} and its secret.` : undefined,
          ...(editingIt ? { editor: undefined } : {}),
        });
        await get().load();
      },

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
        const importer = get().importer;
        if (importer?.phase !== 'applying' && importer?.phase !== 'scanning')
          set({ importer: undefined });
      },

      setImportSource(from) {
        const importer = get().importer;
        // A new source means a new scan: keys from another source do not carry over.
        if (importer && importer.phase !== 'scanning' && importer.phase !== 'applying')
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
        if (!importer || importer.phase === 'scanning' || importer.phase === 'applying') return;
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
        const importer = get().importer;
        if (!importer || importer.phase !== 'review') return;
        const selected = new Set(importer.selected);
        if (selected.has(key)) selected.delete(key);
        else selected.add(key);
        updateImport({ selected });
      },

      selectAllImport(all) {
        const importer = get().importer;
        if (!importer || importer.phase !== 'review') return;
        updateImport({ selected: new Set(all ? importer.entries.map((e) => e.key) : []) });
      },

      async applyImport() {
        const importer = get().importer;
        if (!importer || importer.phase !== 'review' || importer.selected.size === 0) return;
        // Only keys from this scan, in the order shown.
        const keys = importer.entries.map((e) => e.key).filter((k) => importer.selected.has(k));
        updateImport({ phase: 'applying', error: undefined });
        try {
          const { imported, problems } = await client.invoke('credentials.importApply', {
            from: importer.from,
            keys,
          });
          updateImport({ phase: 'done', imported, problems });
          if (imported.length)
            set({
              notice: `Imported ${imported.length} credential${imported.length === 1 ? '' : 's'} into the OS keychain.`,
            });
          await get().load();
        } catch (error) {
          updateImport({ phase: 'review', error: toErrorShape(error) });
        }
      },

      async runExplain(reference) {
        const mine = ++explainRequest;
        const trimmed = reference.trim();
        const invalid = checkRequest('credentials.explain', { reference: trimmed });
        if (invalid) {
          set({ explain: { busy: false, result: undefined, error: invalid } });
          return;
        }
        set({ explain: { ...get().explain, busy: true, error: undefined, aligned: undefined } });
        try {
          // kubelet's line is extra: the explanation stands without it.
          const [result, kubelet] = await Promise.all([
            client.invoke('credentials.explain', { reference: trimmed }),
            client
              .invoke('credentials.kubeletMatch', { reference: trimmed })
              .catch(() => undefined),
          ]);
          if (mine === explainRequest)
            set({ explain: { busy: false, result, kubelet, error: undefined } });
        } catch (error) {
          if (mine === explainRequest)
            set({ explain: { busy: false, result: undefined, error: toErrorShape(error) } });
        }
      },

      askAlign(tool) {
        const reference = get().explain.result?.image;
        if (!reference) return;
        set({ alignment: { tool, reference, busy: false, result: undefined, error: undefined } });
      },
      cancelAlign: () => set({ alignment: undefined }),
      async confirmAlign() {
        const alignment = get().alignment;
        if (!alignment || alignment.busy) return;
        set({ alignment: { ...alignment, busy: true, error: undefined } });
        try {
          const result = await client.invoke('credentials.align', {
            reference: alignment.reference,
            tool: alignment.tool,
            confirmed: true,
          });
          // The explainer shows the tools' verdicts as they are now.
          set({
            alignment: undefined,
            explain: {
              ...get().explain,
              result: result.explanation,
              aligned: `${alignment.tool} now sends the same login as Berth: written to ${result.path}${result.backup ? `; the file as it was is kept as ${result.backup}` : ''}.`,
            },
          });
        } catch (error) {
          set({ alignment: { ...alignment, busy: false, error: toErrorShape(error) } });
        }
      },

      openExport(id) {
        set({ exporter: { id, busy: false, result: undefined, error: undefined } });
      },

      closeExport() {
        if (!get().exporter?.busy) set({ exporter: undefined });
      },

      async exportPullSecret({ name, namespace, path }) {
        const exporter = get().exporter;
        if (!exporter || exporter.busy) return;
        const request: Request<'credentials.exportPullSecret'> = {
          id: exporter.id,
          name: name.trim() || 'berth-pull-secret',
          ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
          ...(path?.trim() ? { path: path.trim() } : {}),
          // The dialog's checkbox: the user has read that the file holds the secret.
          confirmed: true,
        };
        const invalid = checkRequest('credentials.exportPullSecret', request);
        if (invalid) {
          set({ exporter: { ...exporter, error: invalid } });
          return;
        }
        set({ exporter: { ...exporter, busy: true, error: undefined, result: undefined } });
        try {
          const result = await client.invoke('credentials.exportPullSecret', request);
          if (get().exporter?.id === exporter.id)
            set({ exporter: { ...exporter, busy: false, result, error: undefined } });
        } catch (error) {
          if (get().exporter?.id === exporter.id)
            set({ exporter: { ...exporter, busy: false, error: toErrorShape(error) } });
        }
      },
    };
  });
}
