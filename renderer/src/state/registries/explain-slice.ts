/**
 * The "which credential?" explainer, and aligning docker's or podman's own file with Berth's
 * login for the explained image (asked first).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { Response } from '../../../../src/shared/contract';
import type { Explanation } from '../../../../src/shared/credentials';
import type { KubeletMatch } from '../../../../src/shared/kube-pull-secret';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import { checkRequest } from '../request-errors';
import type { RegistriesState } from '../registries-store';

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

export interface ExplainSlice {
  explain: ExplainState;
  alignment: ToolAlignment | undefined;
  runExplain(reference: string): Promise<void>;
  /** Asks before writing Berth's credential for the explained image into the tool's file. */
  askAlign(tool: 'docker' | 'podman'): void;
  cancelAlign(): void;
  confirmAlign(): Promise<void>;
}

const alignedNote = (tool: ToolAlignment['tool'], result: Response<'credentials.align'>) =>
  `${tool} now sends the same login as Berth: written to ${result.path}${result.backup ? `; the file as it was is kept as ${result.backup}` : ''}.`;

export function explainSlice(
  client: BerthClient,
): StateCreator<RegistriesState, [], [], ExplainSlice> {
  // Only the newest explanation asked for may land.
  let explainRequest = 0;
  return (set, get) => ({
    explain: { busy: false, result: undefined, error: undefined },
    alignment: undefined,

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
          client.invoke('credentials.kubeletMatch', { reference: trimmed }).catch(() => undefined),
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
            aligned: alignedNote(alignment.tool, result),
          },
        });
      } catch (error) {
        set({ alignment: { ...alignment, busy: false, error: toErrorShape(error) } });
      }
    },
  });
}
