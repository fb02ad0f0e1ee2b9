import { useCallback, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { Response } from '../../../src/shared/contract';
import type { Remedy } from '../../../src/shared/diagnosis';
import { toErrorShape } from '../../../src/shared/errors';
import { parseRemedyId, remedyId } from '../../../src/shared/remedy-id';
import { CopyButton } from '../common/CopyButton';
import { Spinner } from '../common/Spinner';
import type { RemedyMemory, RemedyRun } from '../state';

type FixOutcome = Response<'diagnose.fix'>;

export interface RemedyListProps {
  remedies: readonly Remedy[];
  /** Applies a remedy id (or an undo id) through the host. */
  apply: (remedyId: string, secret?: string) => Promise<FixOutcome>;
  /** After a remedy changed something: check the image again. */
  onApplied?: () => void;
  /** Without it, what the remedies did lasts as long as the list is on screen. */
  memory?: RemedyMemory;
}

type ItemProps = {
  remedy: Remedy;
  onChanged: (remedy: Remedy) => void;
  remembered: RemedyRun | undefined;
  remember: ((run: RemedyRun | undefined) => void) | undefined;
} & Omit<RemedyListProps, 'remedies' | 'memory'>;

/** A login that Berth stores from a secret the user types (not one a cloud CLI prints). */
const needsSecret = (remedy: Remedy) => remedy.kind === 'login' && !remedy.id.endsWith(':cli');

type Phase = { step: 'idle' } | { step: 'confirm' } | RemedyRun;

/**
 * One remedy: what it is, exactly what it will change (before anything changes), a button that
 * asks for confirmation (and the secret, for a login), then what changed and, where the host
 * kept a backup, an Undo. The terminal command stays beside it, to copy.
 */
function RemedyItem({ remedy, apply, onApplied, onChanged, remembered, remember }: ItemProps) {
  const [local, setLocal] = useState<Phase>({ step: 'idle' });
  // What the memory holds wins (a list shown again), except while the user confirms.
  const phase: Phase = local.step === 'confirm' ? local : (remembered ?? local);
  const setPhase = (next: Phase) => {
    setLocal(next);
    if (next.step !== 'confirm') remember?.(next.step === 'idle' ? undefined : next);
  };
  const [secret, setSecret] = useState('');
  // A registry that does not say who logs in (a generic one): the user names the account.
  const askUser = needsSecret(remedy) && !remedy.prefill?.username;
  const [username, setUsername] = useState('');
  const secretId = useId();
  const userId = useId();
  const previewId = useId();

  const run = async (remedyId: string, undo: boolean) => {
    setPhase({ step: 'applying' });
    try {
      const outcome = await apply(remedyId, needsSecret(remedy) && !undo ? secret : undefined);
      setSecret('');
      setPhase({ step: 'done', outcome, undone: undo });
      if (outcome.applied) {
        onChanged(remedy);
        onApplied?.();
      }
    } catch (error) {
      setPhase({ step: 'failed', error: toErrorShape(error) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const host = parseRemedyId(remedy.id).args[0] ?? '';
    void run(askUser ? remedyId('login', host, username.trim()) : remedy.id, false);
  };

  return (
    <li className="remedy" data-testid="remedy" data-kind={remedy.kind} data-state={phase.step}>
      <div className="remedy__head">
        <span className="remedy__title">{remedy.title}</span>
        {phase.step === 'idle' ? (
          <button
            type="button"
            className="button button--primary"
            data-testid="remedy-start"
            aria-describedby={previewId}
            onClick={() => setPhase({ step: 'confirm' })}
          >
            {remedy.kind === 'probe' || remedy.kind === 'retry' ? 'Run' : 'Apply…'}
          </button>
        ) : null}
      </div>
      <ul className="remedy__changes muted" id={previewId} aria-label="What it changes">
        {remedy.changes.map((change) => (
          <li key={change}>{change}</li>
        ))}
      </ul>
      <p className="remedy__command muted">
        <code>{remedy.command}</code>
        <CopyButton text={remedy.command} label={`command: ${remedy.command}`} />
      </p>
      {phase.step === 'confirm' ? (
        <form className="remedy__confirm" onSubmit={submit} data-testid="remedy-confirm">
          {askUser ? (
            <label htmlFor={userId} className="remedy__secret">
              Username at {remedy.prefill?.registry ?? 'the registry'}
              <input
                id={userId}
                className="input"
                data-testid="remedy-username"
                autoComplete="off"
                spellCheck={false}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                required
              />
            </label>
          ) : null}
          {needsSecret(remedy) ? (
            <label htmlFor={secretId} className="remedy__secret">
              {remedy.prefill?.username
                ? `Password or token for ${remedy.prefill.username} at ${remedy.prefill.registry}`
                : `Password or token for ${remedy.prefill?.registry ?? 'the registry'}`}
              <input
                id={secretId}
                type="password"
                className="input"
                data-testid="remedy-secret"
                autoComplete="off"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                required
              />
            </label>
          ) : (
            <p>Apply the changes listed above?</p>
          )}
          <div className="remedy__buttons">
            <button type="submit" className="button button--primary" data-testid="remedy-apply">
              {needsSecret(remedy) ? 'Store and check' : 'Apply'}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setSecret('');
                setPhase({ step: 'idle' });
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {phase.step === 'applying' ? (
        <p className="remedy__status" role="status">
          <Spinner /> Applying…
        </p>
      ) : null}
      {phase.step === 'done' ? (
        <div className="remedy__result" role="status" data-testid="remedy-result">
          <p>{phase.outcome.summary}</p>
          {phase.outcome.changes.length ? (
            <ul className="muted">
              {phase.outcome.changes.map((change) => (
                <li key={change}>{change}</li>
              ))}
            </ul>
          ) : null}
          {phase.outcome.undo && !phase.undone ? (
            <button
              type="button"
              className="button"
              data-testid="remedy-undo"
              onClick={() => void run(phase.outcome.undo ?? '', true)}
            >
              Undo
            </button>
          ) : null}
        </div>
      ) : null}
      {phase.step === 'failed' ? (
        <div className="remedy__result notice notice--warn" role="alert" data-testid="remedy-error">
          <p>{phase.error.message}</p>
          {phase.error.hint ? <p className="muted">{phase.error.hint}</p> : null}
          <button type="button" className="button" onClick={() => setPhase({ step: 'idle' })}>
            Back
          </button>
        </div>
      ) : null}
    </li>
  );
}

/**
 * The remedies a diagnosis offers, as buttons with their preview; nothing when there are none.
 * A remedy that changed something stays listed (with its result and Undo) after the check
 * that follows it no longer offers it: a login that made the image healthy can still be undone.
 */
export function RemedyList({ remedies, apply, onApplied, memory }: RemedyListProps) {
  const [changedHere, setChanged] = useState<readonly Remedy[]>([]);
  const onChanged = useCallback(
    (remedy: Remedy) =>
      setChanged((list) => (list.some((r) => r.id === remedy.id) ? list : [...list, remedy])),
    [],
  );
  const changed = memory ? memory.changed : changedHere;
  const shown = [...remedies, ...changed.filter((c) => !remedies.some((r) => r.id === c.id))];
  if (shown.length === 0) return null;
  return (
    <ul className="remedies" data-testid="remedies" aria-label="Remedies">
      {shown.map((remedy) => (
        <RemedyItem
          key={remedy.id}
          remedy={remedy}
          apply={apply}
          onChanged={onChanged}
          remembered={memory?.runs[remedy.id]}
          remember={memory ? (run) => memory.record(remedy, run) : undefined}
          {...(onApplied ? { onApplied } : {})}
        />
      ))}
    </ul>
  );
}
