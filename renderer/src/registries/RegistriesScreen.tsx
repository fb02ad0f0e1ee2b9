import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { ErrorPanel } from '../common/ErrorPanel';
import { HintText } from '../common/HintText';
import { ImportIcon, PlusIcon } from '../common/icons';
import { useRegistries } from '../state';
import { CredentialForm } from './CredentialForm';
import { CredentialList } from './CredentialList';
import { ExplainPanel } from './ExplainPanel';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { RegistriesEmpty } from './RegistriesEmpty';
import { RemoveCredentialDialog } from './RemoveCredentialDialog';
import './registries.css';

function Skeleton() {
  return (
    <div className="cred-list" role="status" aria-busy="true" aria-label="Loading credentials">
      {[0, 1].map((i) => (
        <div key={i} className="skeleton skeleton--card" />
      ))}
    </div>
  );
}

/** "Which registries can Berth log in to, with what, and does each login work?" */
export function RegistriesScreen() {
  const credentials = useRegistries((s) => s.credentials);
  const warning = useRegistries((s) => s.warning);
  const loading = useRegistries((s) => s.loading);
  const error = useRegistries((s) => s.error);
  const notice = useRegistries((s) => s.notice);
  const editor = useRegistries((s) => s.editor);
  const importing = useRegistries((s) => s.importer !== undefined);
  const removing = useRegistries((s) => s.removal !== undefined);
  const exportOf = useRegistries((s) =>
    s.exporter ? s.credentials?.find((c) => c.id === s.exporter?.id) : undefined,
  );
  const load = useRegistries((s) => s.load);
  const openEditor = useRegistries((s) => s.openEditor);
  const openImport = useRegistries((s) => s.openImport);

  // Every visit reads the list again: `berth login` in a terminal may have changed it.
  useEffect(() => {
    void load();
  }, [load]);

  const stored = editor?.id ? credentials?.find((c) => c.id === editor.id) : undefined;

  let list: ReactNode;
  if (credentials === undefined && error) {
    list = (
      <ErrorPanel
        title="Could not read the stored credentials"
        error={error}
        onRetry={() => void load()}
        retrying={loading}
      />
    );
  } else if (credentials === undefined) {
    list = <Skeleton />;
  } else if (credentials.length === 0) {
    list = <RegistriesEmpty onAdd={() => openEditor()} onImport={openImport} />;
  } else {
    list = <CredentialList credentials={credentials} />;
  }

  return (
    <div className="screen screen--fill registries">
      <header className="screen__header">
        <h1>Registries</h1>
        <div className="registries-toolbar">
          <button
            type="button"
            className="button button--primary"
            data-testid="registries-add"
            onClick={() => openEditor()}
          >
            <PlusIcon /> Add credential
          </button>
          <button type="button" className="button" data-testid="import-open" onClick={openImport}>
            <ImportIcon /> Import from Docker/Podman
          </button>
        </div>
      </header>
      {warning ? (
        <div className="notice notice--warn" role="alert" data-testid="registries-warning">
          <strong>{warning.message}</strong>{' '}
          {warning.hint ? <HintText text={warning.hint} /> : null}
        </div>
      ) : null}
      {credentials !== undefined && error ? (
        <p className="notice notice--warn" role="status">
          Could not refresh the list: {error.message}
        </p>
      ) : null}
      {notice ? (
        <p className="notice notice--ok" role="status" data-testid="registries-notice">
          {notice}
        </p>
      ) : null}
      <div className="screen__body screen__body--fill">
        <div className="registries-split">
          <div className="registries-main">
            {list}
            <ExplainPanel />
          </div>
          {editor && (editor.id === undefined || stored) ? (
            <CredentialForm key={editor.id ?? 'new'} editor={editor} stored={stored} />
          ) : null}
        </div>
      </div>
      {importing ? <ImportDialog /> : null}
      {removing ? <RemoveCredentialDialog /> : null}
      {exportOf ? <ExportDialog credential={exportOf} /> : null}
    </div>
  );
}
