/**
 * The credential form's fields: each a label, its control, a hint or example beside it and the
 * contract's complaint under it. The draft stays in CredentialForm; a field reports a change.
 */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { CredentialView } from '../../../src/shared/credentials';
import { registryPresets } from '../../../src/shared/registry-presets';
import type { PresetId, RegistryPreset } from '../../../src/shared/registry-presets';
import { RelativeTime } from '../common/RelativeTime';
import type { CredentialDraft } from '../state/credential-draft';

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

/** What each field is given: the draft, its preset, and how to change the draft. */
export interface DraftFieldProps {
  draft: CredentialDraft;
  preset: RegistryPreset;
  change: (patch: Partial<CredentialDraft>) => void;
  error: string | undefined;
}

/** A plain text field for names and hosts: monospace, no spell check, no autofill. */
function MonoInput({
  ids,
  testId,
  value,
  placeholder,
  invalid,
  onValue,
}: {
  ids: { id: string; describedBy: string | undefined };
  testId: string;
  value: string;
  placeholder?: string | undefined;
  /** undefined: the field does not mark itself invalid (the sample image is optional). */
  invalid?: boolean | undefined;
  onValue: (value: string) => void;
}) {
  return (
    <input
      id={ids.id}
      className="input mono"
      data-testid={testId}
      value={value}
      placeholder={placeholder}
      aria-describedby={ids.describedBy}
      aria-invalid={invalid ? true : undefined}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => onValue(e.target.value)}
    />
  );
}

export function PresetField({
  draft,
  onPreset,
}: {
  draft: CredentialDraft;
  onPreset: (id: PresetId) => void;
}) {
  return (
    <Field label="Kind of registry" error={undefined}>
      {({ id }) => (
        <select
          id={id}
          className="input"
          data-testid="cred-preset"
          value={draft.preset}
          onChange={(e) => onPreset(e.target.value as PresetId)}
        >
          {registryPresets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function RegistryField({ draft, preset, change, error }: DraftFieldProps) {
  return (
    <Field
      label="Registry host"
      hint={
        <>
          As in image names, without https://. e.g. <code>{preset.registryExample}</code>
        </>
      }
      error={error}
    >
      {(ids) => (
        <MonoInput
          ids={ids}
          testId="cred-registry"
          value={draft.registry}
          placeholder={preset.registryExample}
          invalid={Boolean(error)}
          onValue={(registry) => change({ registry })}
        />
      )}
    </Field>
  );
}

/** The usernames the preset expects (e.g. _json_key), one click each. */
function UsernameSuggestions({ draft, preset, change }: Omit<DraftFieldProps, 'error'>) {
  const suggestions = preset.usernames.filter(Boolean);
  if (!suggestions.length) return undefined;
  return (
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
  );
}

export function UsernameField({ draft, preset, change, error }: DraftFieldProps) {
  const hasSuggestions = preset.usernames.some(Boolean);
  return (
    <Field
      label="Username"
      hint={
        hasSuggestions ? (
          <UsernameSuggestions draft={draft} preset={preset} change={change} />
        ) : undefined
      }
      error={error}
    >
      {(ids) => (
        <MonoInput
          ids={ids}
          testId="cred-username"
          value={draft.username}
          invalid={Boolean(error)}
          onValue={(username) => change({ username })}
        />
      )}
    </Field>
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

interface SecretFieldProps extends DraftFieldProps {
  stored: CredentialView | undefined;
  /** A service-account key (JSON): a text area and a file picker instead of a password field. */
  long: boolean;
}

export function SecretField({ draft, preset, change, error, stored, long }: SecretFieldProps) {
  return (
    <Field
      label={
        <>
          {preset.secretLabel}
          {stored ? <span className="muted"> (optional)</span> : null}
        </>
      }
      hint={<SecretHint stored={stored} />}
      error={error}
    >
      {({ id, describedBy }) =>
        long ? (
          <>
            <KeyFilePicker onKey={(text) => change({ secret: text })} />
            <textarea
              id={id}
              className="input mono cred-secret--long"
              data-testid="cred-secret"
              rows={8}
              value={draft.secret}
              placeholder={
                stored ? 'Leave empty to keep the stored key' : '{ "type": "service_account", … }'
              }
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
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
            aria-invalid={error ? true : undefined}
            spellCheck={false}
            // Not the browser's password manager: it would offer to save a registry token.
            autoComplete="new-password"
            onChange={(e) => change({ secret: e.target.value })}
          />
        )
      }
    </Field>
  );
}

export function SampleImageField({ draft, preset, change, error }: DraftFieldProps) {
  return (
    <Field
      label={
        <>
          Sample image <span className="muted">(optional)</span>
        </>
      }
      hint="Test login asks for a token scoped to it and checks that it can be read."
      error={error}
    >
      {(ids) => (
        <MonoInput
          ids={ids}
          testId="cred-sample"
          value={draft.sampleImage}
          placeholder={`${draft.registry.trim() || preset.registryExample}/team/app:latest`}
          onValue={(sampleImage) => change({ sampleImage })}
        />
      )}
    </Field>
  );
}
