import { useEffect, useId, useRef, useState } from 'react';
import type { CredentialView } from '../../../src/shared/credentials';
import { CopyButton } from '../common/CopyButton';
import { Dialog } from '../common/Dialog';
import { HintText } from '../common/HintText';
import { Spinner } from '../common/Spinner';
import { formatBytes } from '../format';
import { useRegistries, useUi } from '../state';
import { splitErrors } from '../state/request-errors';

type ExportField = 'name' | 'namespace' | 'path';
const EXPORT_FIELDS: readonly string[] = ['name', 'namespace', 'path'];

/**
 * Writes a kubernetes.io/dockerconfigjson Secret for one credential. The file holds the
 * secret, so the dialog says so and will not start without an explicit tick.
 */
export function ExportDialog({ credential }: { credential: CredentialView }) {
  const exporter = useRegistries((s) => s.exporter);
  const run = useRegistries((s) => s.exportPullSecret);
  const close = useRegistries((s) => s.closeExport);
  // In the app the main process asks where to save; in browser mode the page must.
  const askPath = useUi((s) => s.transport) === 'http';
  const [name, setName] = useState('berth-pull-secret');
  const [namespace, setNamespace] = useState('');
  const [path, setPath] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const ids = { name: useId(), namespace: useId(), path: useId() };
  const done = exporter?.result !== undefined;
  // The form (and the button pressed) is gone once written: focus moves to Close.
  useEffect(() => {
    if (done) closeRef.current?.focus();
  }, [done]);
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
  const ready = confirmed && (!askPath || path.trim() !== '');
  const who = `${credential.username}@${credential.registry}`;

  const actions = result ? (
    <button ref={closeRef} type="button" className="button button--primary" onClick={close}>
      Close
    </button>
  ) : (
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

  const fieldError = (field: ExportField) =>
    errors.fields[field] ? (
      <p className="cred-field__error" role="alert">
        {errors.fields[field]}
      </p>
    ) : null;

  return (
    <Dialog
      title={`Export ${who} as an imagePullSecret`}
      actions={actions}
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
        <div className="export-result" data-testid="export-result">
          {result.path ? (
            <>
              <p>
                Wrote <code>{result.path}</code> ({formatBytes(result.bytes)}).
              </p>
              <p className="mono">
                kubectl apply -f {result.path}{' '}
                <CopyButton text={`kubectl apply -f ${result.path}`} label="the kubectl command" />
              </p>
            </>
          ) : (
            <p>Nothing was written: the save dialog was closed.</p>
          )}
        </div>
      ) : (
        <div className="export-form">
          <div className="cred-field">
            <label htmlFor={ids.name}>Secret name</label>
            <input
              ref={nameRef}
              id={ids.name}
              className="input mono"
              data-testid="export-name"
              value={name}
              spellCheck={false}
              onChange={(e) => setName(e.target.value)}
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
              value={namespace}
              placeholder="default"
              spellCheck={false}
              onChange={(e) => setNamespace(e.target.value)}
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
                value={path}
                placeholder="/home/me/berth-pull-secret.yaml"
                spellCheck={false}
                onChange={(e) => setPath(e.target.value)}
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
              checked={confirmed}
              onChange={(e) => setConfirmed(e.target.checked)}
            />
            I understand that this file contains the secret for {who}.
          </label>
        </div>
      )}
      {errors.general ? (
        <div className="dialog__error" role="alert" data-testid="export-error">
          <p className="dialog__error-message">{errors.general.message}</p>
          {errors.general.hint ? (
            <p className="dialog__error-hint">
              <HintText text={errors.general.hint} />
            </p>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
