/** The form before a run: the flow chosen, its values, and the prod-parity check. */
import type { StateCreator } from 'zustand/vanilla';
import type { BerthClient } from '../../../../src/shared/client';
import type { ErrorShape } from '../../../../src/shared/errors';
import { toErrorShape } from '../../../../src/shared/errors';
import type { FlowDefinition, PullPolicy } from '../../../../src/shared/flows';
import type { ParityReport } from '../../../../src/shared/runs';
import type { RunForm } from '../run-form';
import { initialForm, runRequest } from '../run-form';
import type { RunsState } from '../runs-store';

export interface FormSlice {
  selectedFlowId: string | undefined;
  form: RunForm | undefined;
  selectFlow(flowId: string): void;
  setParameter(name: string, text: string): void;
  /** A value for an env variable the file leaves to the worker. */
  setEnv(name: string, text: string): void;
  setImageSource(source: RunForm['imageSource'], image?: string): void;
  setImage(image: string): void;
  setPullPolicy(policy: PullPolicy): void;
  /** Valohai input paths and run options (GPUs, memory, network, init). */
  setFormFields(fields: Partial<Pick<RunForm, 'gpus' | 'memory' | 'network' | 'init'>>): void;
  setInput(name: string, path: string): void;
  setEngine(engine: string): void;
  setBuild(build: RunForm['build']): void;
  setBuildTag(tag: string): void;
  /** The prod-parity check of the selected flow with the form as it is. */
  parity:
    { flowId: string; report?: ParityReport; error?: ErrorShape; loading: boolean } | undefined;
  checkParity(): Promise<void>;
}

export function selectedFlow(state: RunsState): FlowDefinition | undefined {
  return state.discovery?.flows.find((flow) => flow.id === state.selectedFlowId);
}

export function formSlice(client: BerthClient): StateCreator<RunsState, [], [], FormSlice> {
  return (set, get) => {
    const editForm = (change: (form: RunForm) => RunForm) => {
      const form = get().form;
      if (form) set({ form: change(form), startError: undefined });
    };

    return {
      selectedFlowId: undefined,
      form: undefined,
      parity: undefined,

      selectFlow(flowId) {
        const flow = get().discovery?.flows.find((f) => f.id === flowId);
        if (!flow || get().selectedFlowId === flowId) return;
        set({ selectedFlowId: flowId, form: initialForm(flow), startError: undefined });
      },

      setParameter: (name, text) =>
        editForm((form) => ({ ...form, values: { ...form.values, [name]: text } })),
      setEnv: (name, text) => editForm((form) => ({ ...form, env: { ...form.env, [name]: text } })),
      setImageSource: (imageSource, image) =>
        editForm((form) => ({ ...form, imageSource, image: image ?? form.image })),
      setImage: (image) => editForm((form) => ({ ...form, image })),
      setPullPolicy: (pullPolicy) => editForm((form) => ({ ...form, pullPolicy })),
      setFormFields: (fields) => editForm((form) => ({ ...form, ...fields })),
      setInput: (name, path) =>
        editForm((form) => ({ ...form, inputs: { ...form.inputs, [name]: path } })),
      setEngine: (engine) => editForm((form) => ({ ...form, engine })),
      setBuild: (build) => editForm((form) => ({ ...form, build })),
      setBuildTag: (buildTag) => editForm((form) => ({ ...form, buildTag })),

      async checkParity() {
        const { discovery, form } = get();
        const flow = selectedFlow(get());
        if (!discovery || !form || !flow) return;
        const flowId = flow.id;
        set({ parity: { flowId, loading: true } });
        try {
          const report = await client.invoke('runs.check', runRequest(discovery.root, flow, form));
          if (get().selectedFlowId === flowId) set({ parity: { flowId, report, loading: false } });
        } catch (error) {
          if (get().selectedFlowId === flowId)
            set({ parity: { flowId, error: toErrorShape(error), loading: false } });
        }
      },
    };
  };
}
