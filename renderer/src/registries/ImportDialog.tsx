import { useEffect, useRef } from 'react';
import type { ImportEntry } from '../../../src/shared/credentials';
import { Dialog } from '../common/Dialog';
import { HintText } from '../common/HintText';
import { Spinner } from '../common/Spinner';
import { useRegistries } from '../state';
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
  const setSource = useRegistries((s) => s.setImportSource);
  const scan = useRegistries((s) => s.scanImport);
  const apply = useRegistries((s) => s.applyImport);
  const close = useRegistries((s) => s.closeImport);
  // Scan, then Import N, then Close: the next step always has focus, so Enter and Escape work.
  const primaryRef = useRef<HTMLButtonElement>(null);
  const phase = importer?.phase;
  useEffect(() => {
    if (phase === 'review' || phase === 'done') primaryRef.current?.focus();
  }, [phase]);
  if (!importer) return null;

  const { selected } = importer;
  const busy = phase === 'scanning' || phase === 'applying';
  const count = selected.size;

  const actions = (
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

  return (
    <Dialog
      title="Import from Docker and Podman"
      actions={actions}
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
      {phase !== 'done' ? (
        <fieldset className="import-sources" disabled={busy}>
          <legend>Read from</legend>
          {SOURCES.map((source) => (
            <label key={source.value} className="checkbox">
              <input
                type="radio"
                name="import-source"
                data-testid={`import-source-${source.value}`}
                value={source.value}
                checked={importer.from === source.value}
                onChange={() => setSource(source.value)}
              />
              {source.label}
            </label>
          ))}
        </fieldset>
      ) : null}
      {importer.error ? (
        <div className="dialog__error" role="alert" data-testid="import-error">
          <p className="dialog__error-message">{importer.error.message}</p>
          {importer.error.hint ? (
            <p className="dialog__error-hint">
              <HintText text={importer.error.hint} />
            </p>
          ) : null}
        </div>
      ) : null}
      {phase === 'review' || phase === 'applying' ? <Review importer={importer} /> : null}
      {phase === 'done' ? (
        <div data-testid="import-done">
          <p>
            Imported {importer.imported.length} credential
            {importer.imported.length === 1 ? '' : 's'}
            {importer.imported.length ? ':' : '.'}
          </p>
          <ul className="import-done-list">
            {importer.imported.map((c) => (
              <li key={c.id} className="mono">
                {c.username}@{c.registry}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
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
