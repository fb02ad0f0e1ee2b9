import type { FormEvent } from 'react';
import type { FlowDefinition, FlowParameter } from '../../../src/shared/flows';
import { PullPolicy } from '../../../src/shared/flows';
import { ErrorDetails } from '../common/ErrorDetails';
import { FormField } from '../common/FormField';
import { HintText } from '../common/HintText';
import { PlayIcon } from '../common/icons';
import { Spinner } from '../common/Spinner';
import { useRuns } from '../state';
import { parameterType, typeLabel } from '../state/parameter-input';
import { BuildField } from './BuildField';
import { FlowImageBar, registryImage } from './FlowImageBar';
import {
  PREFECT_IMAGES,
  askedEnv,
  formProblems,
  hasProblems,
  imageUnusable,
  isPrefect,
} from '../state/run-form';
import type { RunForm } from '../state/run-form';
import { ParityPanel } from './ParityPanel';
import { InputFields, OptionFields } from './RunOptionsFields';

const POLICY_WORDS: Record<PullPolicy, string> = {
  ALWAYS: 'Always pull',
  IF_NOT_PRESENT: 'Pull if missing',
  IF_POSSIBLE: 'Pull if the registry answers, else use the local copy',
  NEVER: 'Never pull',
};

/** An env value the file leaves to the worker: its template is shown, never sent. */
function EnvField({
  name,
  template,
  value,
  problem,
}: {
  name: string;
  template: string;
  value: string;
  problem: string | undefined;
}) {
  const setEnv = useRuns((s) => s.setEnv);
  const testId = `env-${name}`;
  const label = (
    <>
      <span className="mono">{name}</span> <span className="muted mono">{template}</span>
      <span className="run-field__required"> required</span>
    </>
  );
  return (
    <FormField label={label} problem={problem ? { message: problem } : undefined} testId={testId}>
      {({ id, describedBy }) => (
        <input
          id={id}
          className="input mono"
          data-testid={testId}
          type={/SECRET|TOKEN|PASSWORD|KEY|AUTH/i.test(name) ? 'password' : 'text'}
          autoComplete="off"
          value={value}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => setEnv(name, e.target.value)}
        />
      )}
    </FormField>
  );
}

function ParameterField({
  parameter,
  value,
  problem,
}: {
  parameter: FlowParameter;
  value: string;
  problem: string | undefined;
}) {
  const setParameter = useRuns((s) => s.setParameter);
  const { kind } = parameterType(parameter);
  const testId = `param-${parameter.name}`;
  const label = (
    <>
      <span className="mono">{parameter.name}</span>{' '}
      <span className="muted mono">{typeLabel(parameter)}</span>
      {parameter.required ? <span className="run-field__required"> required</span> : null}
    </>
  );
  return (
    <FormField label={label} problem={problem ? { message: problem } : undefined} testId={testId}>
      {({ id, describedBy }) =>
        kind === 'bool' ? (
          <select
            id={id}
            className="input"
            data-testid={testId}
            value={value}
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => setParameter(parameter.name, e.target.value)}
          >
            {parameter.required ? null : <option value="">the flow&apos;s default</option>}
            <option value="true">true</option>
            <option value="false">false</option>
            {/* A default written another way ("yes", "1") stays selectable as it is. */}
            {value !== '' && value !== 'true' && value !== 'false' ? (
              <option value={value}>{value}</option>
            ) : null}
          </select>
        ) : (
          <input
            id={id}
            className={`input${kind === 'str' ? '' : ' mono'}`}
            data-testid={testId}
            value={value}
            inputMode={kind === 'int' ? 'numeric' : kind === 'float' ? 'decimal' : undefined}
            placeholder={
              parameter.default === null && !parameter.required ? 'the flow computes it' : undefined
            }
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setParameter(parameter.name, e.target.value)}
          />
        )
      }
    </FormField>
  );
}

function ImageField({
  flow,
  form,
  problem,
}: {
  flow: FlowDefinition;
  form: RunForm;
  problem?: string;
}) {
  const setImageSource = useRuns((s) => s.setImageSource);
  const setImage = useRuns((s) => s.setImage);
  const presets = isPrefect(flow) ? PREFECT_IMAGES : [];
  const preset = presets.find((p) => p.reference === form.image.trim());
  const choice = form.imageSource === 'flow' ? 'flow' : preset ? preset.reference : 'other';
  const usable = !imageUnusable(flow);

  const pick = (value: string) => {
    if (value === 'flow') setImageSource('flow');
    else if (value === 'other') setImageSource('other', preset ? '' : form.image);
    else setImageSource('other', value);
  };

  return (
    <FormField
      label="Image"
      problem={problem ? { message: problem } : undefined}
      testId="run-image"
    >
      {({ id, describedBy }) => (
        <div className="run-image">
          <select
            id={id}
            className="input"
            data-testid="run-image-choice"
            value={choice}
            onChange={(e) => pick(e.target.value)}
          >
            {usable ? <option value="flow">The flow&apos;s: {flow.image}</option> : null}
            {presets.length > 0 ? (
              <optgroup label="prefecthq/prefect">
                {presets.map((p) => (
                  <option key={p.reference} value={p.reference}>
                    {p.reference} — {p.description}
                  </option>
                ))}
              </optgroup>
            ) : null}
            <option value="other">Another image…</option>
          </select>
          {form.imageSource === 'other' ? (
            <input
              className="input mono"
              data-testid="run-image"
              aria-label="Image reference"
              placeholder="registry.example.com/team/flows:1.4"
              value={form.image}
              aria-invalid={problem ? true : undefined}
              aria-describedby={describedBy}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setImage(e.target.value)}
            />
          ) : null}
        </div>
      )}
    </FormField>
  );
}

function EngineField({ form }: { form: RunForm }) {
  const engines = useRuns((s) => s.engines);
  const enginesError = useRuns((s) => s.enginesError);
  const setEngine = useRuns((s) => s.setEngine);
  const current = engines?.find((e) => e.current);
  return (
    <FormField
      label="Engine"
      problem={
        enginesError
          ? { message: `Only the current engine can run this: ${enginesError.message}` }
          : undefined
      }
      testId="run-engine"
    >
      {({ id, describedBy }) => (
        <select
          id={id}
          className="input"
          data-testid="run-engine"
          value={form.engine}
          aria-describedby={describedBy}
          onChange={(e) => setEngine(e.target.value)}
        >
          <option value="">
            Current engine{current ? `: ${current.name} (${current.address})` : ''}
          </option>
          {engines
            ?.filter((e) => !e.current)
            .map((e) => (
              <option key={e.name} value={e.name}>
                {e.name} ({e.address}){e.description ? ` — ${e.description}` : ''}
              </option>
            ))}
        </select>
      )}
    </FormField>
  );
}

/** The selected flow, what it will run with, and the one button that runs it. */
export function FlowRunForm({ flow }: { flow: FlowDefinition }) {
  const form = useRuns((s) => s.form);
  const starting = useRuns((s) => s.starting);
  const startError = useRuns((s) => s.startError);
  const setPullPolicy = useRuns((s) => s.setPullPolicy);
  const start = useRuns((s) => s.start);
  if (!form || form.flowId !== flow.id) return null;
  const problems = formProblems(flow, form);
  const blocked = hasProblems(problems);
  const image = problems.image ? undefined : registryImage(flow, form);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void start();
  };

  return (
    <form className="run-form" data-testid="run-form" onSubmit={submit} noValidate>
      <header className="run-form__header">
        <h2>{flow.name}</h2>
        <span className="muted mono">
          {flow.entrypoint
            ? `${flow.entrypoint.path}:${flow.entrypoint.function}`
            : (flow.command?.join(' ') ?? '')}
        </span>
      </header>
      {flow.parameters.length > 0 ? (
        <fieldset className="run-form__params">
          <legend>Parameters</legend>
          {flow.parameters.map((parameter) => (
            <ParameterField
              key={parameter.name}
              parameter={parameter}
              value={form.values[parameter.name] ?? ''}
              problem={problems.parameters[parameter.name]}
            />
          ))}
        </fieldset>
      ) : (
        <p className="muted">This flow takes no parameters.</p>
      )}
      {askedEnv(flow).length > 0 ? (
        <fieldset className="run-form__params" data-testid="run-env">
          <legend>Env the worker would fill in</legend>
          {askedEnv(flow).map((asked) => (
            <EnvField
              key={asked.name}
              name={asked.name}
              template={asked.template}
              value={form.env[asked.name] ?? ''}
              problem={problems.env[asked.name]}
            />
          ))}
        </fieldset>
      ) : null}
      <InputFields flow={flow} form={form} />
      <div className="run-form__options">
        <ImageField
          flow={flow}
          form={form}
          {...(problems.image ? { problem: problems.image } : {})}
        />
        <FormField label="Pull policy" problem={undefined} testId="run-pull-policy">
          {({ id }) => (
            <select
              id={id}
              className="input"
              data-testid="run-pull-policy"
              value={form.pullPolicy}
              onChange={(e) => setPullPolicy(PullPolicy.parse(e.target.value))}
            >
              {PullPolicy.options.map((policy) => (
                <option key={policy} value={policy}>
                  {POLICY_WORDS[policy]}
                  {policy === flow.pullPolicy ? ' (the flow’s)' : ''}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <EngineField form={form} />
      </div>
      {image ? <FlowImageBar reference={image} /> : null}
      <BuildField flow={flow} form={form} problem={problems.buildTag} />
      <OptionFields form={form} problems={problems} />
      <RunFacts flow={flow} />
      <ParityPanel flowId={flow.id} />
      <div className="run-form__actions">
        <button
          type="submit"
          className="button button--primary"
          data-testid="run-start"
          disabled={blocked || starting}
        >
          {starting ? <Spinner /> : <PlayIcon />}
          {starting ? 'Starting…' : 'Run'}
        </button>
        {blocked ? (
          <span className="muted" data-testid="run-blocked">
            Fix the marked fields to run.
          </span>
        ) : null}
      </div>
      {startError ? (
        <div className="run-error" role="alert" data-testid="run-start-error">
          <p className="run-error__message">{startError.message}</p>
          {startError.hint ? (
            <p className="muted">
              <HintText text={startError.hint} />
            </p>
          ) : null}
          <ErrorDetails error={startError} />
        </div>
      ) : null}
    </form>
  );
}

/** Env, volumes and the rest the worker would apply: the run gets the same. */
function RunFacts({ flow }: { flow: FlowDefinition }) {
  const env = Object.keys(flow.env);
  return (
    <dl className="facts run-facts">
      {env.length > 0 ? (
        <div className="facts__row">
          <dt>Env</dt>
          <dd className="mono">{env.join(', ')}</dd>
        </div>
      ) : null}
      {flow.volumes.length > 0 ? (
        <div className="facts__row">
          <dt>Volumes</dt>
          <dd className="mono">
            {flow.volumes
              .map((v) => `${v.host} → ${v.container}${v.readOnly ? ' (read-only)' : ''}`)
              .join(', ')}
          </dd>
        </div>
      ) : null}
      {flow.workingDir ? (
        <div className="facts__row">
          <dt>Working dir</dt>
          <dd className="mono">{flow.workingDir}</dd>
        </div>
      ) : null}
      {flow.networkMode ? (
        <div className="facts__row">
          <dt>Network</dt>
          <dd className="mono">{flow.networkMode}</dd>
        </div>
      ) : null}
    </dl>
  );
}
