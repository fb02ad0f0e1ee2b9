import { useEffect, useId, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { CredentialView } from '../../../src/shared/credentials';
import { CopyButton } from '../common/CopyButton';
import { Dialog } from '../common/Dialog';
import { Spinner } from '../common/Spinner';
import { formatBytes } from '../format';
import { useRegistries, useUi } from '../state';
import { splitErrors } from '../state/request-errors';
import { DialogError } from './DialogError';

type ExportField = 'name' | 'namespace' | 'path';
const EXPORT_FIELDS: readonly string[] = ['name', 'namespace', 'path'];

interface ExportDraft {
  name: string;
  namespace: string;
  path: string;
  confirmed: boolean;
}

/**
 * Writes a kubernetes.io/dockerconfigjson Secret for one credential. The file holds the
 * secret, so the dialog says so and will not start without an explicit tick.
 */
export function ExportDialog({ credential }: { credential: CredentialView }) {
  const exporter = useRegistries((s) => s.exporter);
  const close = useRegistries((s) => s.closeExport);
  // In the app the main process asks where to save; in browser mode the page must.
  const askPath = useUi((s) => s.transport) === 'http';
  const [draft, setDraft] = useState<ExportDraft>({
    name: 'berth-pull-secret',
    namespace: '',
    path: '',
    confirmed: false,
  });
  const nameRef = useRef<HTMLInputElement>(null);
  if (!exporter) return null;

  const errors = splitErrors<ExportField>(
    exporter.error,
    (p) => (p[0] !== undefined && EXPORT_FIELDS.includes(p[0]) ? (p[0] as ExportField) : undefined),
    // The host's word on a path belongs under the path field, when there is one.
    askPath
      ? { 'credentials.export_path_relative': 'path', 'credentials.export_path_required': 'path' }
      : {},
  );
  const result = exporter.result;
  const who = `${credential.username}@${credential.registry}`;

  return (
    <Dialog
      title={`Export ${who} as an imagePullSecret`}
      actions={<ExportActions draft={draft} askPath={askPath} />}
      onClose={close}
      className="registries-dialog"
      busy={exporter.busy}
      initialFocus={nameRef}
      testId="export-dialog"
    >
      <p className="export-warning" data-testid="export-warning">
        <strong>The file will contain the secret.</strong> Base64 is not encryption: anyone who can
        read the file can pull as <code>{credential.username}</code>. Keep it out of git and delete
        it after <code>kubectl apply</code>.
      </p>
      {result ? (
        <ExportResult path={result.path} bytes={result.bytes} />
      ) : (
        <ExportForm
          draft={draft}
          change={(patch) => setDraft((d) => ({ ...d, ...patch }))}
          askPath={askPath}
          who={who}
          fieldErrors={errors.fields}
          nameRef={nameRef}
        />
      )}
      {errors.general ? <DialogError error={errors.general} testId="export-error" /> : null}
    </Dialog>
  );
}

/** Cancel and the button that writes (or asks where to); once written, Close, focused. */
function ExportActions({ draft, askPath }: { draft: ExportDraft; askPath: boolean }) {
  const exporter = useRegistries((s) => s.exporter);
  const run = useRegistries((s) => s.exportPullSecret);
  const close = useRegistries((s) => s.closeExport);
  const closeRef = useRef<HTMLButtonElement>(null);
  const done = exporter?.result !== undefined;
  // The form (and the button pressed) is gone once written: focus moves to Close.
  useEffect(() => {
    if (done) closeRef.current?.focus();
  }, [done]);
  if (!exporter) return null;
  if (done)
    return (
      <button ref={closeRef} type="button" className="button button--primary" onClick={close}>
        Close
      </button>
    );
  const { name, namespace, path, confirmed } = draft;
  const ready = confirmed && (!askPath || path.trim() !== '');
  return (
    <>
      <button type="button" className="button" onClick={close} disabled={exporter.busy}>
        Cancel
      </button>
      <button
        type="button"
        className="button button--primary"
        data-testid="export-apply"
        disabled={!ready || exporter.busy}
        onClick={() => void run({ name, namespace, path: askPath ? path : undefined })}
      >
        {exporter.busy ? <Spinner /> : null}
        {askPath ? 'Write the file' : 'Choose where to save…'}
      </button>
    </>
  );
}

/** Where the Secret was written and the kubectl line to apply it, or that nothing was. */
function ExportResult({ path, bytes }: { path: string | null; bytes: number }) {
  return (
    <div className="export-result" data-testid="export-result">
      {path ? (
        <>
          <p>
            Wrote <code>{path}</code> ({formatBytes(bytes)}).
          </p>
          <p className="mono">
            kubectl apply -f {path}{' '}
            <CopyButton text={`kubectl apply -f ${path}`} label="the kubectl command" />
          </p>
        </>
      ) : (
        <p>Nothing was written: the save dialog was closed.</p>
      )}
    </div>
  );
}

interface ExportFormProps {
  draft: ExportDraft;
  change: (patch: Partial<ExportDraft>) => void;
  askPath: boolean;
  who: string;
  fieldErrors: Partial<Record<ExportField, string>>;
  nameRef: RefObject<HTMLInputElement | null>;
}

/** Secret name, namespace, the file path (browser mode) and the tick that the file holds the secret. */
function ExportForm({ draft, change, askPath, who, fieldErrors, nameRef }: ExportFormProps) {
  const ids = { name: useId(), namespace: useId(), path: useId() };
  const fieldError = (field: ExportField) =>
    fieldErrors[field] ? (
      <p className="cred-field__error" role="alert">
        {fieldErrors[field]}
      </p>
    ) : null;
  return (
    <div className="export-form">
      <div className="cred-field">
        <label htmlFor={ids.name}>Secret name</label>
        <input
          ref={nameRef}
          id={ids.name}
          className="input mono"
          data-testid="export-name"
          value={draft.name}
          spellCheck={false}
          onChange={(e) => change({ name: e.target.value })}
        />
        {fieldError('name')}
      </div>
      <div className="cred-field">
        <label htmlFor={ids.namespace}>
          Namespace <span className="muted">(optional)</span>
        </label>
        <input
          id={ids.namespace}
          className="input mono"
          data-testid="export-namespace"
          value={draft.namespace}
          placeholder="default"
          spellCheck={false}
          onChange={(e) => change({ namespace: e.target.value })}
        />
        {fieldError('namespace')}
      </div>
      {askPath ? (
        <div className="cred-field">
          <label htmlFor={ids.path}>File path</label>
          <input
            id={ids.path}
            className="input mono"
            data-testid="export-path"
            value={draft.path}
            placeholder="/home/me/berth-pull-secret.yaml"
            spellCheck={false}
            onChange={(e) => change({ path: e.target.value })}
          />
          <p className="cred-field__hint">
            A path on the machine running <code>berth serve</code>.
          </p>
          {fieldError('path')}
        </div>
      ) : (
        <p className="cred-field__hint">Berth asks where to save the file.</p>
      )}
      <label className="checkbox export-confirm">
        <input
          type="checkbox"
          data-testid="export-confirm"
          checked={draft.confirmed}
          onChange={(e) => change({ confirmed: e.target.checked })}
        />
        I understand that this file contains the secret for {who}.
      </label>
    </div>
  );
}
