import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import type { CredentialView, ImportEntry } from '../../../src/shared/credentials';
import { Dialog } from '../common/Dialog';
import { Spinner } from '../common/Spinner';
import { useRegistries } from '../state';
import { DialogError } from './DialogError';
import { ProblemList } from './ProblemList';
import type { CredentialImport, ImportFrom } from '../state';

const SOURCES: readonly { value: ImportFrom; label: string }[] = [
  { value: 'docker', label: 'Docker (~/.docker/config.json)' },
  { value: 'podman', label: 'Podman (auth.json)' },
  { value: 'all', label: 'Both' },
];

function EntryRow({
  entry,
  checked,
  onToggle,
}: {
  entry: ImportEntry;
  checked: boolean;
  onToggle: () => void;
}) {
  const name = `${entry.username}@${entry.registry}`;
  return (
    <tr data-testid="import-entry" data-key={entry.key}>
      <td>
        <input
          type="checkbox"
          data-testid="import-check"
          aria-label={`Import ${name} from ${entry.sourceLabel}`}
          checked={checked}
          onChange={onToggle}
        />
      </td>
      <td className="mono">{entry.registry}</td>
      <td className="mono">{entry.username}</td>
      <td>{entry.sourceLabel}</td>
      <td>
        {/* The kind of secret, never its length (issue 15). */}
        {entry.identityToken ? <span className="badge">identity token</span> : 'password or token'}
      </td>
      <td>
        {entry.existingId ? (
          <span className="badge badge--warn" data-testid="import-updates">
            updates existing
          </span>
        ) : (
          <span className="badge">new</span>
        )}
      </td>
    </tr>
  );
}

function Review({ importer }: { importer: CredentialImport }) {
  const toggle = useRegistries((s) => s.toggleImport);
  const selectAll = useRegistries((s) => s.selectAllImport);
  if (importer.entries.length === 0)
    return (
      <p data-testid="import-none">
        Nothing to import: no logins found in{' '}
        {importer.from === 'all' ? 'Docker or Podman' : importer.from}.
      </p>
    );
  const all = importer.selected.size === importer.entries.length;
  return (
    <table className="import-table" data-testid="import-table">
      <thead>
        <tr>
          <th>
            <input
              type="checkbox"
              aria-label="Select all"
              checked={all}
              onChange={() => selectAll(!all)}
            />
          </th>
          <th>Registry</th>
          <th>Username</th>
          <th>From</th>
          <th>Secret</th>
          <th>In Berth</th>
        </tr>
      </thead>
      <tbody>
        {importer.entries.map((entry) => (
          <EntryRow
            key={entry.key}
            entry={entry}
            checked={importer.selected.has(entry.key)}
            onToggle={() => toggle(entry.key)}
          />
        ))}
      </tbody>
    </table>
  );
}

/** Scan Docker's and Podman's logins, show them, store the ticked ones. Never deletes anything. */
export function ImportDialog() {
  const importer = useRegistries((s) => s.importer);
  const close = useRegistries((s) => s.closeImport);
  // Scan, then Import N, then Close: the next step always has focus, so Enter and Escape work.
  const primaryRef = useRef<HTMLButtonElement>(null);
  const phase = importer?.phase;
  useEffect(() => {
    if (phase === 'review' || phase === 'done') primaryRef.current?.focus();
  }, [phase]);
  if (!importer) return null;

  const busy = phase === 'scanning' || phase === 'applying';

  return (
    <Dialog
      title="Import from Docker and Podman"
      actions={<ImportActions importer={importer} primaryRef={primaryRef} />}
      onClose={close}
      className="registries-dialog"
      busy={busy}
      wide
      initialFocus={primaryRef}
      testId="import-dialog"
    >
      <p>
        Berth reads Docker&apos;s config (its logins and credential helpers) and Podman&apos;s
        auth.json, and shows what it finds before storing anything. Importing copies the ticked
        secrets into the OS keychain. <strong>Import never deletes or changes anything</strong> in
        Docker&apos;s or Podman&apos;s files, nor any credential already in Berth except the ones
        marked &ldquo;updates existing&rdquo;.
      </p>
      {phase !== 'done' ? <SourcePicker from={importer.from} disabled={busy} /> : null}
      {importer.error ? <DialogError error={importer.error} testId="import-error" /> : null}
      {phase === 'review' || phase === 'applying' ? <Review importer={importer} /> : null}
      {phase === 'done' ? <ImportDone imported={importer.imported} /> : null}
      {importer.problems.length ? (
        <>
          <h3 className="import-problems-title">
            {phase === 'done' ? 'Not imported' : 'Could not read everything'}
          </h3>
          <ProblemList problems={importer.problems} testId="import-problems" />
        </>
      ) : null}
    </Dialog>
  );
}

interface ImportActionsProps {
  importer: CredentialImport;
  /** The next step's button, which holds the focus. */
  primaryRef: RefObject<HTMLButtonElement | null>;
}

/** Cancel (Close when done), and the next step: Scan, or Import N. */
function ImportActions({ importer, primaryRef }: ImportActionsProps) {
  const scan = useRegistries((s) => s.scanImport);
  const apply = useRegistries((s) => s.applyImport);
  const close = useRegistries((s) => s.closeImport);
  const { phase } = importer;
  const busy = phase === 'scanning' || phase === 'applying';
  const count = importer.selected.size;
  return (
    <>
      <button
        ref={phase === 'done' ? primaryRef : undefined}
        type="button"
        className={`button${phase === 'done' ? ' button--primary' : ''}`}
        onClick={close}
        disabled={busy}
      >
        {phase === 'done' ? 'Close' : 'Cancel'}
      </button>
      {phase === 'pick' || phase === 'scanning' ? (
        <button
          ref={primaryRef}
          type="button"
          className="button button--primary"
          data-testid="import-scan"
          disabled={busy}
          onClick={() => void scan()}
        >
          {phase === 'scanning' ? <Spinner /> : null}
          {phase === 'scanning' ? 'Scanning…' : 'Scan'}
        </button>
      ) : null}
      {phase === 'review' || phase === 'applying' ? (
        <button
          ref={primaryRef}
          type="button"
          className="button button--primary"
          data-testid="import-apply"
          disabled={busy || count === 0}
          onClick={() => void apply()}
        >
          {phase === 'applying' ? <Spinner /> : null}
          Import {count}
        </button>
      ) : null}
    </>
  );
}

/** Docker, Podman or both. */
function SourcePicker({ from, disabled }: { from: ImportFrom; disabled: boolean }) {
  const setSource = useRegistries((s) => s.setImportSource);
  return (
    <fieldset className="import-sources" disabled={disabled}>
      <legend>Read from</legend>
      {SOURCES.map((source) => (
        <label key={source.value} className="checkbox">
          <input
            type="radio"
            name="import-source"
            data-testid={`import-source-${source.value}`}
            value={source.value}
            checked={from === source.value}
            onChange={() => setSource(source.value)}
          />
          {source.label}
        </label>
      ))}
    </fieldset>
  );
}

function ImportDone({ imported }: { imported: CredentialView[] }) {
  return (
    <div data-testid="import-done">
      <p>
        Imported {imported.length} credential
        {imported.length === 1 ? '' : 's'}
        {imported.length ? ':' : '.'}
      </p>
      <ul className="import-done-list">
        {imported.map((c) => (
          <li key={c.id} className="mono">
            {c.username}@{c.registry}
          </li>
        ))}
      </ul>
    </div>
  );
}
