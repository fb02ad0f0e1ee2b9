import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { CredentialView } from '../../../src/shared/credentials';
import { presetById } from '../../../src/shared/registry-presets';
import { HintText } from '../common/HintText';
import { CloseIcon } from '../common/icons';
import { Spinner } from '../common/Spinner';
import { useRegistries } from '../state';
import type { CredentialEditor } from '../state';
import {
  draftErrors,
  draftOf,
  newDraft,
  wantsLongSecret,
  withPreset,
} from '../state/credential-draft';
import type { CredentialDraft } from '../state/credential-draft';
import {
  PresetField,
  RegistryField,
  SampleImageField,
  SecretField,
  UsernameField,
} from './CredentialFields';
import { LoginSteps } from './LoginSteps';
import { PatternListEditor } from './PatternListEditor';
import { PresetGuidance } from './PresetGuidance';

export interface CredentialFormProps {
  editor: CredentialEditor;
  /** The stored credential when editing. */
  stored: CredentialView | undefined;
}

/** Add or edit one credential, with the preset's guidance beside the fields and a real login test. */
export function CredentialForm({ editor, stored }: CredentialFormProps) {
  const [draft, setDraft] = useState<CredentialDraft>(() =>
    stored ? draftOf(stored) : { ...newDraft(), registry: editor.registry ?? '' },
  );
  const save = useRegistries((s) => s.save);
  const close = useRegistries((s) => s.closeEditor);
  const titleId = useId();

  const preset = presetById(draft.preset);
  const errors = draftErrors(editor.error);
  const change = (patch: Partial<CredentialDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const fieldProps = { draft, preset, change };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(draft, true);
  };

  return (
    <aside className="cred-form-panel" aria-labelledby={titleId} data-testid="cred-form">
      <header className="cred-form-panel__header">
        <h2 id={titleId}>
          {stored ? `Edit ${stored.username}@${stored.registry}` : 'Add a credential'}
        </h2>
        <button type="button" className="icon-button" aria-label="Close the form" onClick={close}>
          <CloseIcon />
        </button>
      </header>
      <form className="cred-form" onSubmit={submit} noValidate>
        <PresetField draft={draft} onPreset={(id) => setDraft((d) => withPreset(d, id))} />
        <PresetGuidance preset={preset} />
        <RegistryField {...fieldProps} error={errors.fields.registry} />
        <UsernameField {...fieldProps} error={errors.fields.username} />
        <SecretField
          {...fieldProps}
          error={errors.fields.secret}
          stored={stored}
          long={wantsLongSecret(draft)}
        />
        <PatternListEditor
          patterns={draft.patterns}
          onChange={(patterns) => change({ patterns })}
          registry={draft.registry}
          example={preset.patternExample}
          error={errors.fields.patterns}
        />
        <SampleImageField {...fieldProps} error={errors.fields.sampleImage} />
        <FormMessages editor={editor} draft={draft} stored={stored} />
        <FormActions editor={editor} draft={draft} />
        <p className="cred-field__hint">
          Save tests the login first and stores the credential only if it works.
        </p>
        {editor.report ? <LoginSteps report={editor.report} /> : null}
      </form>
    </aside>
  );
}

interface FormPartProps {
  editor: CredentialEditor;
  draft: CredentialDraft;
}

/** Why the last test or save did not go through, and what Test login will check. */
function FormMessages({
  editor,
  draft,
  stored,
}: FormPartProps & { stored: CredentialView | undefined }) {
  const general = draftErrors(editor.error).general;
  // An edit without a new secret can only test what is stored, as it is stored.
  const testsStored =
    stored !== undefined &&
    draft.secret === '' &&
    (draft.registry.trim() !== stored.registry || draft.username.trim() !== stored.username);
  return (
    <>
      {general ? (
        <div className="cred-form__error" role="alert" data-testid="cred-form-error">
          <p>{general.message}</p>
          {general.hint ? (
            <p className="muted">
              <HintText text={general.hint} />
            </p>
          ) : null}
        </div>
      ) : null}
      {editor.notSaved ? (
        <p
          className="notice notice--warn cred-form__notice"
          role="alert"
          data-testid="cred-not-saved"
        >
          Not saved: the login failed
          {editor.report?.failedStep ? ` at the ${editor.report.failedStep} step` : ''}. Fix the
          credential, or choose Save without verifying to store it marked unverified.
        </p>
      ) : null}
      {testsStored ? (
        <p className="cred-field__hint">
          Test login checks the stored credential ({stored.username}@{stored.registry}). Enter the
          secret again to test your changes.
        </p>
      ) : null}
    </>
  );
}

/** Test login, Save (verified), Save without verifying, Cancel; each shows its own progress. */
function FormActions({ editor, draft }: FormPartProps) {
  const testDraft = useRegistries((s) => s.testDraft);
  const save = useRegistries((s) => s.save);
  const close = useRegistries((s) => s.closeEditor);
  const busy = editor.busy !== undefined;
  return (
    <div className="cred-form__actions">
      <button
        type="button"
        className="button"
        data-testid="cred-test"
        disabled={busy}
        onClick={() => void testDraft(draft)}
      >
        {editor.busy === 'test' ? <Spinner /> : null}
        {editor.busy === 'test' ? 'Testing…' : 'Test login'}
      </button>
      <button
        type="submit"
        className="button button--primary"
        data-testid="cred-save"
        disabled={busy}
      >
        {editor.busy === 'save' ? <Spinner /> : null}
        {editor.busy === 'save' ? 'Testing and saving…' : 'Save'}
      </button>
      <button
        type="button"
        className="button"
        data-testid="cred-save-unverified"
        disabled={busy}
        onClick={() => void save(draft, false)}
      >
        {editor.busy === 'save-unverified' ? <Spinner /> : null}
        Save without verifying
      </button>
      <button type="button" className="button" onClick={close} disabled={busy}>
        Cancel
      </button>
    </div>
  );
}
