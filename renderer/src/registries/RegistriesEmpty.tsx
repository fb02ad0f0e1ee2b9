import { ImportIcon, PlusIcon, RegistriesIcon } from '../common/icons';

export interface RegistriesEmptyProps {
  onAdd: () => void;
  onImport: () => void;
}

/** What goes here, where Berth keeps it, and the two ways to fill it. */
export function RegistriesEmpty({ onAdd, onImport }: RegistriesEmptyProps) {
  return (
    <section
      className="state-panel state-panel--empty registries-empty"
      data-testid="registries-empty"
    >
      <div className="state-panel__icon">
        <RegistriesIcon />
      </div>
      <h2 className="state-panel__title">No registry credentials yet</h2>
      <p className="state-panel__message">
        Add a login for a private registry and Berth uses it for the images it matches. Each secret
        is kept in the OS keychain (Keychain, Credential Manager or Secret Service), not in Berth's
        files; the rest (host, username, patterns) goes in <code>registries.json</code> in
        Berth&apos;s data folder.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="registries-empty-add"
          onClick={onAdd}
        >
          <PlusIcon /> Add credential
        </button>
        <button
          type="button"
          className="button"
          data-testid="registries-empty-import"
          onClick={onImport}
        >
          <ImportIcon /> Import from Docker/Podman
        </button>
      </div>
    </section>
  );
}
