/**
 * The Registries screen's state: the stored credentials (never their secrets), the add / edit
 * form's progress, per-card login tests, removal, import, the "which credential?" explainer
 * and the pull-secret export. Each part is a slice in registries/ (zustand's slices pattern);
 * this module puts them into one store, so that a part can read another through get().
 */
import { createStore } from 'zustand/vanilla';
import type { BerthClient } from '../../../src/shared/client';
import { cardsSlice } from './registries/cards-slice';
import type { CardsSlice } from './registries/cards-slice';
import { editorSlice, EditorSessions } from './registries/editor-slice';
import type { EditorSlice } from './registries/editor-slice';
import { explainSlice } from './registries/explain-slice';
import type { ExplainSlice } from './registries/explain-slice';
import { exportSlice } from './registries/export-slice';
import type { ExportSlice } from './registries/export-slice';
import { importSlice } from './registries/import-slice';
import type { ImportSlice } from './registries/import-slice';
import { credentialListSlice } from './registries/list-slice';
import type { CredentialListSlice } from './registries/list-slice';

export type { CardTest, CredentialRemoval } from './registries/cards-slice';
export type { CredentialEditor } from './registries/editor-slice';
export type { ExplainState, ToolAlignment } from './registries/explain-slice';
export type { PullSecretExport, PullSecretOptions } from './registries/export-slice';
export type { CredentialImport, ImportFrom } from './registries/import-slice';

export type RegistriesState = CredentialListSlice &
  EditorSlice &
  CardsSlice &
  ImportSlice &
  ExplainSlice &
  ExportSlice;

export type RegistriesStore = ReturnType<typeof createRegistriesStore>;

export function createRegistriesStore(client: BerthClient) {
  // Removing the credential being edited closes the form, so the two share its sessions.
  const editorSessions = new EditorSessions();
  return createStore<RegistriesState>()((...store) => ({
    ...credentialListSlice(client)(...store),
    ...editorSlice(client, editorSessions)(...store),
    ...cardsSlice(client, editorSessions)(...store),
    ...importSlice(client)(...store),
    ...explainSlice(client)(...store),
    ...exportSlice(client)(...store),
  }));
}
