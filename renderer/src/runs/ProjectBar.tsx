import { useId } from 'react';
import type { FormEvent, RefObject } from 'react';
import { RefreshIcon } from '../common/icons';
import { Spinner } from '../common/Spinner';
import { useRuns } from '../state';

export interface ProjectBarProps {
  inputRef: RefObject<HTMLInputElement | null>;
}

/** The project folder: typed (always possible), chosen in a dialog (the app), or opened again. */
export function ProjectBar({ inputRef }: ProjectBarProps) {
  const pathDraft = useRuns((s) => s.pathDraft);
  const problem = useRuns((s) => s.pathProblem);
  const recent = useRuns((s) => s.recent);
  const discovering = useRuns((s) => s.discovering);
  const choosing = useRuns((s) => s.choosing);
  const chooserMissing = useRuns((s) => s.chooserMissing);
  const opened = useRuns((s) => s.discovery?.root);
  const setPathDraft = useRuns((s) => s.setPathDraft);
  const open = useRuns((s) => s.open);
  const choose = useRuns((s) => s.choose);
  const rediscover = useRuns((s) => s.rediscover);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void open();
  };

  return (
    <div className="project-bar">
      <form className="project-bar__form" onSubmit={submit} noValidate>
        <label htmlFor={id} className="visually-hidden">
          Project folder
        </label>
        <input
          id={id}
          ref={inputRef}
          className="input mono project-bar__path"
          data-testid="project-path"
          placeholder="/absolute/path/to/a/project"
          list={`${id}-recent`}
          value={pathDraft}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setPathDraft(e.target.value)}
        />
        <datalist id={`${id}-recent`}>
          {recent
            ?.filter((p) => p.exists)
            .map((p) => (
              <option key={p.path} value={p.path} />
            ))}
        </datalist>
        <button
          type="submit"
          className="button button--primary"
          data-testid="project-open"
          disabled={discovering}
        >
          {discovering ? <Spinner /> : null}
          Open
        </button>
        {chooserMissing ? null : (
          <button
            type="button"
            className="button"
            data-testid="project-choose"
            disabled={choosing || discovering}
            onClick={() => void choose()}
          >
            Choose folder…
          </button>
        )}
        {opened ? (
          <button
            type="button"
            className="icon-button"
            data-testid="project-rediscover"
            title="Discover the flows again"
            aria-label="Discover the flows again"
            disabled={discovering}
            onClick={() => void rediscover()}
          >
            <RefreshIcon />
          </button>
        ) : null}
      </form>
      {problem ? (
        <p
          id={`${id}-problem`}
          className="field-error"
          role="alert"
          data-testid="project-path-error"
        >
          {problem}
        </p>
      ) : chooserMissing ? (
        <p className="muted project-bar__note" data-testid="project-chooser-missing">
          Browser mode cannot show a folder dialog: type the folder&apos;s absolute path on the
          machine running Berth.
        </p>
      ) : null}
    </div>
  );
}
