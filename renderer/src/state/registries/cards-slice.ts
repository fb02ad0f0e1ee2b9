/** What a credential's card does on its own: test the stored login, and removal (asked first). */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { CredentialView, LoginReport } from '../../../../src/shared/credentials';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import type { RegistriesState } from '../registries-store';
import type { EditorSessions } from './editor-slice';
import { who } from './list-slice';

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

export interface CardsSlice {
  tests: ReadonlyMap<string, CardTest>;
  removal: CredentialRemoval | undefined;
  testStored(id: string): Promise<void>;
  askRemove(id: string): void;
  cancelRemove(): void;
  confirmRemove(): Promise<void>;
}

export function cardsSlice(
  client: BerthClient,
  editorSessions: EditorSessions,
): StateCreator<RegistriesState, [], [], CardsSlice> {
  return (set, get) => {
    const setTest = (id: string, test: CardTest) =>
      set({ tests: new Map(get().tests).set(id, test) });

    /** Forgets a removed credential: its test result, and the form if it was open on it. */
    const forgetRemoved = (removal: CredentialRemoval, credential: CredentialView | undefined) => {
      const tests = new Map(get().tests);
      tests.delete(removal.id);
      const editingIt = get().editor?.id === removal.id;
      if (editingIt) editorSessions.end();
      set({
        removal: undefined,
        tests,
        notice: credential ? `Removed ${who(credential)} and its secret.` : undefined,
        ...(editingIt ? { editor: undefined } : {}),
      });
    };

    return {
      tests: new Map(),
      removal: undefined,

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
        // Named before it goes: a list arriving meanwhile may no longer hold it.
        const credential = get().credentials?.find((c) => c.id === removal.id);
        set({ removal: { ...removal, busy: true, error: undefined } });
        try {
          await client.invoke('registries.remove', { id: removal.id });
        } catch (error) {
          set({ removal: { ...removal, busy: false, error: toErrorShape(error) } });
          return;
        }
        forgetRemoved(removal, credential);
        await get().load();
      },
    };
  };
}
