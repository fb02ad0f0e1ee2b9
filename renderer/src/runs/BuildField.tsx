import { AUTO_DOCKERFILE, BuildMode } from '../../../src/shared/build';
import type { FlowDefinition } from '../../../src/shared/flows';
import { FormField } from '../common/FormField';
import { useRuns } from '../state';
import { buildsImage } from '../state/run-form';
import type { RunForm } from '../state/run-form';

const MODE_WORDS: Record<BuildMode, string> = {
  auto: 'Build if the context changed',
  always: 'Always rebuild',
  never: 'Do not build: run the tag as it is',
};

/**
 * A flow whose file names a build: where the image comes from, whether to build, and the tag,
 * which the form asks for where the file's is a template Berth cannot fill.
 */
export function BuildField({
  flow,
  form,
  problem,
}: {
  flow: FlowDefinition;
  form: RunForm;
  problem: string | undefined;
}) {
  const setBuild = useRuns((s) => s.setBuild);
  const setBuildTag = useRuns((s) => s.setBuildTag);
  const { build } = flow;
  if (!build || !buildsImage(flow, form)) return null;
  const from =
    build.dockerfile === AUTO_DOCKERFILE
      ? 'a Dockerfile written as prefect deploy writes it (dockerfile: auto)'
      : build.dockerfile;
  const asked = build.tagUnresolved !== null;
  return (
    <fieldset className="run-form__params" data-testid="run-form-build">
      <legend>Image build</legend>
      <p className="muted" data-testid="run-build-source">
        <span className="mono">{build.imageName}</span> is built from{' '}
        <span className="mono">{from}</span> in <span className="mono">{build.context}</span>, as{' '}
        {build.from} says, then run.
      </p>
      <div className="run-form__options">
        <FormField label="Build" problem={undefined} testId="run-build-mode">
          {({ id }) => (
            <select
              id={id}
              className="input"
              data-testid="run-build-mode"
              value={form.build}
              onChange={(e) => setBuild(BuildMode.parse(e.target.value))}
            >
              {BuildMode.options.map((mode) => (
                <option key={mode} value={mode}>
                  {MODE_WORDS[mode]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          label={<>Tag{asked ? <span className="run-field__required"> required</span> : null}</>}
          problem={problem ? { message: problem } : undefined}
          testId="run-build-tag"
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              className="input mono"
              data-testid="run-build-tag"
              value={form.buildTag}
              placeholder={
                asked
                  ? 'the tag to build with'
                  : (build.tag ?? 'the time of the build, as Prefect tags it')
              }
              aria-invalid={problem ? true : undefined}
              aria-describedby={describedBy}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setBuildTag(e.target.value)}
            />
          )}
        </FormField>
      </div>
    </fieldset>
  );
}
