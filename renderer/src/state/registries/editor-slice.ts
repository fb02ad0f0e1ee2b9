/**
 * The add / edit form's progress. The form's draft, and with it a typed secret, stays in the
 * form component: the slice only carries it through to the request and keeps nothing of it.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { Response } from '../../../../src/shared/contract';
import type { LoginReport } from '../../../../src/shared/credentials';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import { saveRequest, testRequest } from '../credential-draft';
import type { CredentialDraft } from '../credential-draft';
import { checkRequest } from '../request-errors';
import type { RegistriesState } from '../registries-store';
import { who } from './list-slice';

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

export interface EditorSlice {
  editor: CredentialEditor | undefined;
  openEditor(id?: string, registry?: string): void;
  closeEditor(): void;
  testDraft(draft: CredentialDraft): Promise<void>;
  save(draft: CredentialDraft, verify: boolean): Promise<void>;
}

/**
 * Each opening of the form is a session: a late answer for a closed form is dropped. Shared
 * with removal, which closes the form when it removes the credential being edited.
 */
export class EditorSessions {
  current = 0;
  /** Ends the current session (the form closed or reopened). */
  end(): void {
    this.current++;
  }
}

export function editorSlice(
  client: BerthClient,
  sessions: EditorSessions,
): StateCreator<RegistriesState, [], [], EditorSlice> {
  return (set, get) => {
    /** Applies a change to the form if it is still the session that asked. */
    const updateEditor = (session: number, change: Partial<CredentialEditor>) => {
      const editor = get().editor;
      if (editor && session === sessions.current) set({ editor: { ...editor, ...change } });
    };

    /** What a save's answer means for the form: kept open with the steps, or closed. */
    const settleSave = async (session: number, result: Response<'registries.save'>) => {
      if (session !== sessions.current) {
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
      sessions.end();
      set({
        editor: undefined,
        notice: `Saved ${who(result.saved)} (${how}). The secret is in the OS keychain.`,
      });
      await get().load();
    };

    return {
      editor: undefined,

      openEditor(id, registry) {
        sessions.end();
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
        sessions.end();
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
        const session = sessions.current;
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
        const session = sessions.current;
        const busy = verify ? 'save' : 'save-unverified';
        set({ editor: { ...editor, busy, error: undefined, notSaved: false } });
        let result: Response<'registries.save'>;
        try {
          result = await client.invoke('registries.save', request);
        } catch (error) {
          updateEditor(session, { busy: undefined, error: toErrorShape(error) });
          return;
        }
        await settleSave(session, result);
      },
    };
  };
}
