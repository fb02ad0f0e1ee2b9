import { useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { CredentialView } from '../../../src/shared/credentials';
import { presetById, registryPresets } from '../../../src/shared/registry-presets';
import type { PresetId } from '../../../src/shared/registry-presets';
import { HintText } from '../common/HintText';
import { CloseIcon } from '../common/icons';
import { RelativeTime } from '../common/RelativeTime';
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
import { LoginSteps } from './LoginSteps';
import { PatternListEditor } from './PatternListEditor';
import { PresetGuidance } from './PresetGuidance';

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}

/** A label, the control, an example or hint beside it, and the contract's complaint under it. */
function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className="cred-field">
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy: describedBy || undefined })}
      {hint ? (
        <p id={hintId} className="cred-field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="cred-field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function SecretHint({ stored }: { stored: CredentialView | undefined }) {
  if (!stored) return <>Goes to the OS keychain; Berth never shows it again.</>;
  return (
    <>
      Leave empty to keep the stored secret (set <RelativeTime iso={stored.secret.setAt} />
      ).
    </>
  );
}

export interface CredentialFormProps {
  editor: CredentialEditor;
  /** The stored credential when editing. */
  stored: CredentialView | undefined;
}

/** Service-account keys are a few KiB; anything much larger is not one. */
const KEY_FILE_LIMIT = 64 * 1024;

/**
 * A service account's JSON key, chosen as a file: read here and put in the secret field, so it
 * goes through the contract like a typed secret and is stored only in the keychain.
 */
function KeyFilePicker({ onKey }: { onKey: (text: string) => void }) {
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <span className="key-file">
      <label className="button key-file__button">
        Choose the key file…
        <input
          type="file"
          className="visually-hidden"
          data-testid="cred-key-file"
          accept="application/json,.json"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            if (file.size > KEY_FILE_LIMIT) {
              setProblem(
                `${file.name} is ${Math.round(file.size / 1024)} KiB: not a service-account key.`,
              );
              return;
            }
            void file.text().then((text) => {
              setProblem(undefined);
              onKey(text.trim());
            });
          }}
        />
      </label>
      {problem ? (
        <span className="field-error" role="alert">
          {problem}
        </span>
      ) : null}
    </span>
  );
}

/** Add or edit one credential, with the preset's guidance beside the fields and a real login test. */
export function CredentialForm({ editor, stored }: CredentialFormProps) {
  const [draft, setDraft] = useState<CredentialDraft>(() =>
    stored ? draftOf(stored) : { ...newDraft(), registry: editor.registry ?? '' },
  );
  const testDraft = useRegistries((s) => s.testDraft);
  const save = useRegistries((s) => s.save);
  const close = useRegistries((s) => s.closeEditor);
  const titleId = useId();

  const preset = presetById(draft.preset);
  const errors = draftErrors(editor.error);
  const busy = editor.busy !== undefined;
  const change = (patch: Partial<CredentialDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const suggestions = preset.usernames.filter(Boolean);
  const longSecret = wantsLongSecret(draft);
  // An edit without a new secret can only test what is stored, as it is stored.
  const testsStored =
    stored !== undefined &&
    draft.secret === '' &&
    (draft.registry.trim() !== stored.registry || draft.username.trim() !== stored.username);

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
        <Field label="Kind of registry" error={undefined}>
          {({ id }) => (
            <select
              id={id}
              className="input"
              data-testid="cred-preset"
              value={draft.preset}
              onChange={(e) => setDraft((d) => withPreset(d, e.target.value as PresetId))}
            >
              {registryPresets.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <PresetGuidance preset={preset} />

        <Field
          label="Registry host"
          hint={
            <>
              As in image names, without https://. e.g. <code>{preset.registryExample}</code>
            </>
          }
          error={errors.fields.registry}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              className="input mono"
              data-testid="cred-registry"
              value={draft.registry}
              placeholder={preset.registryExample}
              aria-describedby={describedBy}
              aria-invalid={errors.fields.registry ? true : undefined}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => change({ registry: e.target.value })}
            />
          )}
        </Field>

        <Field
          label="Username"
          hint={
            suggestions.length ? (
              <span className="cred-suggestions">
                {preset.label} expects:
                {suggestions.map((name) => (
                  <button
                    key={name}
                    type="button"
                    className="link-button mono"
                    aria-pressed={draft.username === name}
                    onClick={() => change({ username: name })}
                  >
                    {name}
                  </button>
                ))}
              </span>
            ) : undefined
          }
          error={errors.fields.username}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              className="input mono"
              data-testid="cred-username"
              value={draft.username}
              aria-describedby={describedBy}
              aria-invalid={errors.fields.username ? true : undefined}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => change({ username: e.target.value })}
            />
          )}
        </Field>

        <Field
          label={
            <>
              {preset.secretLabel}
              {stored ? <span className="muted"> (optional)</span> : null}
            </>
          }
          hint={<SecretHint stored={stored} />}
          error={errors.fields.secret}
        >
          {({ id, describedBy }) =>
            longSecret ? (
              <>
                <KeyFilePicker onKey={(text) => change({ secret: text })} />
                <textarea
                  id={id}
                  className="input mono cred-secret--long"
                  data-testid="cred-secret"
                  rows={8}
                  value={draft.secret}
                  placeholder={
                    stored
                      ? 'Leave empty to keep the stored key'
                      : '{ "type": "service_account", … }'
                  }
                  aria-describedby={describedBy}
                  aria-invalid={errors.fields.secret ? true : undefined}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => change({ secret: e.target.value })}
                />
              </>
            ) : (
              <input
                id={id}
                type="password"
                className="input mono"
                data-testid="cred-secret"
                value={draft.secret}
                placeholder={stored ? 'Leave empty to keep the stored secret' : undefined}
                aria-describedby={describedBy}
                aria-invalid={errors.fields.secret ? true : undefined}
                spellCheck={false}
                // Not the browser's password manager: it would offer to save a registry token.
                autoComplete="new-password"
                onChange={(e) => change({ secret: e.target.value })}
              />
            )
          }
        </Field>

        <PatternListEditor
          patterns={draft.patterns}
          onChange={(patterns) => change({ patterns })}
          registry={draft.registry}
          example={preset.patternExample}
          error={errors.fields.patterns}
        />

        <Field
          label={
            <>
              Sample image <span className="muted">(optional)</span>
            </>
          }
          hint="Test login asks for a token scoped to it and checks that it can be read."
          error={errors.fields.sampleImage}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              className="input mono"
              data-testid="cred-sample"
              value={draft.sampleImage}
              placeholder={`${draft.registry.trim() || preset.registryExample}/team/app:latest`}
              aria-describedby={describedBy}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => change({ sampleImage: e.target.value })}
            />
          )}
        </Field>

        {errors.general ? (
          <div className="cred-form__error" role="alert" data-testid="cred-form-error">
            <p>{errors.general.message}</p>
            {errors.general.hint ? (
              <p className="muted">
                <HintText text={errors.general.hint} />
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
        <p className="cred-field__hint">
          Save tests the login first and stores the credential only if it works.
        </p>
        {editor.report ? <LoginSteps report={editor.report} /> : null}
      </form>
    </aside>
  );
}
