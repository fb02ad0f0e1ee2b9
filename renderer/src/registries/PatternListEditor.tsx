import { useId, useState } from 'react';
import { CloseIcon, PlusIcon } from '../common/icons';

export interface PatternListEditorProps {
  patterns: readonly string[];
  onChange: (patterns: string[]) => void;
  registry: string;
  example: string;
  error: string | undefined;
}

/** Which images a credential serves: none means every image on its registry. */
export function PatternListEditor(props: PatternListEditorProps) {
  const { patterns, onChange, registry, example, error } = props;
  const hintId = useId();
  const errorId = useId();
  // The row just added takes focus, so typing can start at once.
  const [added, setAdded] = useState<number | undefined>(undefined);
  const host = registry.trim();

  const update = (index: number, value: string) =>
    onChange(patterns.map((p, i) => (i === index ? value : p)));
  const remove = (index: number) => {
    setAdded(undefined);
    onChange(patterns.filter((_, i) => i !== index));
  };
  const add = () => {
    setAdded(patterns.length);
    onChange([...patterns, '']);
  };

  return (
    <fieldset
      className="cred-field pattern-editor"
      data-testid="cred-patterns"
      aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
    >
      <legend>Images this credential serves</legend>
      {patterns.length === 0 ? (
        <p className="pattern-editor__all" data-testid="cred-patterns-all">
          {/* An empty host reads as words, not as a code-styled placeholder (issue 15). */}
          {host ? (
            <>
              All images on <code>{host}</code>.
            </>
          ) : (
            'All images on the registry above, once it is filled in.'
          )}
        </p>
      ) : (
        <ul className="pattern-editor__list">
          {patterns.map((pattern, index) => (
            <li key={index}>
              <input
                className="input mono"
                data-testid="cred-pattern"
                aria-label={`Pattern ${index + 1}`}
                aria-invalid={error ? true : undefined}
                value={pattern}
                placeholder={example}
                spellCheck={false}
                autoComplete="off"
                autoFocus={index === added}
                onChange={(e) => update(index, e.target.value)}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove pattern ${pattern || index + 1}`}
                onClick={() => remove(index)}
              >
                <CloseIcon />
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button" data-testid="cred-pattern-add" onClick={add}>
        <PlusIcon /> Add pattern
      </button>
      <p id={hintId} className="cred-field__hint">
        The most specific pattern wins. <code>*</code> matches within one path segment; a trailing{' '}
        <code>/*</code> covers everything below. e.g. <code>{example}</code>
      </p>
      {error ? (
        <p id={errorId} className="cred-field__error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
