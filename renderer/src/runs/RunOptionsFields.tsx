/**
 * What a run adds to the flow's own settings: a local file for each Valohai input (mounted
 * read-only at /valohai/inputs/<name>/), and GPUs, a memory limit, a network and an init
 * process, as `berth run --gpus --memory --network --init` take them.
 */
import type { FlowDefinition } from '../../../src/shared/flows';
import { FormField } from '../common/FormField';
import { useRuns } from '../state';
import type { FormProblems, RunForm } from '../state/run-form';

export function InputFields({ flow, form }: { flow: FlowDefinition; form: RunForm }) {
  const setInput = useRuns((s) => s.setInput);
  const inputs = flow.inputs ?? [];
  if (inputs.length === 0) return null;
  return (
    <fieldset className="run-form__params" data-testid="run-inputs">
      <legend>Inputs (local files, mounted read-only at /valohai/inputs/…)</legend>
      {inputs.map((input) => (
        <FormField
          key={input.name}
          label={
            <>
              <span className="mono">{input.name}</span>
              {input.defaults.length > 0 ? (
                <span className="muted"> Valohai would download {input.defaults.join(', ')}</span>
              ) : null}
            </>
          }
          problem={undefined}
          testId={`input-${input.name}`}
        >
          {({ id }) => (
            <input
              id={id}
              className="input mono"
              data-testid={`input-${input.name}`}
              placeholder="path/to/file, in the project or absolute"
              value={form.inputs[input.name] ?? ''}
              onChange={(e) => setInput(input.name, e.target.value)}
            />
          )}
        </FormField>
      ))}
    </fieldset>
  );
}

export function OptionFields({ form, problems }: { form: RunForm; problems: FormProblems }) {
  const setFields = useRuns((s) => s.setFormFields);
  const text = (
    key: 'gpus' | 'memory' | 'network',
    label: string,
    placeholder: string,
    problem?: string,
  ) => (
    <FormField
      label={label}
      problem={problem ? { message: problem } : undefined}
      testId={`run-${key}`}
    >
      {({ id, describedBy }) => (
        <input
          id={id}
          className="input mono"
          data-testid={`run-${key}`}
          placeholder={placeholder}
          value={form[key]}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => setFields({ [key]: e.target.value })}
        />
      )}
    </FormField>
  );
  return (
    <div className="run-form__options" data-testid="run-options">
      {text('gpus', 'GPUs', 'none, all, 2, device=0', problems.gpus)}
      {text('memory', 'Memory limit', 'the flow’s, e.g. 512m', problems.memory)}
      {text('network', 'Network', 'the flow’s, e.g. host')}
      <label className="run-form__check">
        <input
          type="checkbox"
          data-testid="run-init"
          checked={form.init}
          onChange={(e) => setFields({ init: e.target.checked })}
        />{' '}
        Init process (Cancel stops a Python flow at once)
      </label>
    </div>
  );
}
