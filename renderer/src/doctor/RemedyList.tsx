import { useCallback, useId, useState } from 'react';
import type { FormEvent } from 'react';
import type { Response } from '../../../src/shared/contract';
import type { Remedy } from '../../../src/shared/diagnosis';
import type { ErrorShape } from '../../../src/shared/errors';
import { toErrorShape } from '../../../src/shared/errors';
import { parseRemedyId, remedyId } from '../../../src/shared/remedy-id';
import { CopyButton } from '../common/CopyButton';
import { Spinner } from '../common/Spinner';
import type { RemedyMemory, RemedyRun } from '../state';
import { asksUsername, needsSecret, RemedyConfirm } from './RemedyConfirm';
import type { TypedLogin } from './RemedyConfirm';

type FixOutcome = Response<'diagnose.fix'>;

export interface RemedyListProps {
  remedies: readonly Remedy[];
  /** Applies a remedy id (or an undo id) through the host. */
  apply: (remedyId: string, secret?: string) => Promise<FixOutcome>;
  /** After a remedy changed something: check the image again. */
  onApplied?: () => void;
  /** Without it, what the remedies did lasts as long as the list is on screen. */
  memory?: RemedyMemory;
  /** Shows the pull a retry started on the Pulls screen. */
  openPull?: (pullId: string) => void;
}

type ItemProps = {
  remedy: Remedy;
  onChanged: (remedy: Remedy) => void;
  remembered: RemedyRun | undefined;
  remember: ((run: RemedyRun | undefined) => void) | undefined;
} & Omit<RemedyListProps, 'remedies' | 'memory'>;

type Phase = { step: 'idle' } | { step: 'confirm' } | RemedyRun;

/**
 * Where a remedy is (idle, confirming, applying, done, failed), and the run that moves it on:
 * apply the remedy (or its undo), keep what it answered and, when it changed something, say so.
 */
function useRemedyRun({ remedy, apply, onApplied, onChanged, remembered, remember }: ItemProps) {
  const [local, setLocal] = useState<Phase>({ step: 'idle' });
  // What the memory holds wins (a list shown again), except while the user confirms.
  const phase: Phase = local.step === 'confirm' ? local : (remembered ?? local);
  const setPhase = (next: Phase) => {
    setLocal(next);
    if (next.step !== 'confirm') remember?.(next.step === 'idle' ? undefined : next);
  };
  const [secret, setSecret] = useState('');
  const [username, setUsername] = useState('');
  const typed: TypedLogin = { username, setUsername, secret, setSecret };

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
  return { phase, setPhase, typed, run };
}

/** What the remedy will change, before anything changes, and its terminal command to copy. */
function RemedyPreview({ remedy, previewId }: { remedy: Remedy; previewId: string }) {
  return (
    <>
      <ul className="remedy__changes muted" id={previewId} aria-label="What it changes">
        {remedy.changes.map((change) => (
          <li key={change}>{change}</li>
        ))}
      </ul>
      <p className="remedy__command muted">
        <code>{remedy.command}</code>
        <CopyButton text={remedy.command} label={`command: ${remedy.command}`} />
      </p>
    </>
  );
}

/** What an applied remedy (or its undo) changed, with an Undo where the host kept a backup. */
function RemedyOutcome({
  outcome,
  undone,
  onUndo,
  openPull,
}: {
  outcome: FixOutcome;
  undone: boolean;
  onUndo: (undoId: string) => void;
  openPull: ((pullId: string) => void) | undefined;
}) {
  const pull = outcome.pull;
  return (
    <div className="remedy__result" role="status" data-testid="remedy-result">
      <p>{outcome.summary}</p>
      {outcome.changes.length ? (
        <ul className="muted">
          {outcome.changes.map((change) => (
            <li key={change}>{change}</li>
          ))}
        </ul>
      ) : null}
      {outcome.undo && !undone ? (
        <button
          type="button"
          className="button"
          data-testid="remedy-undo"
          onClick={() => onUndo(outcome.undo ?? '')}
        >
          Undo
        </button>
      ) : null}
      {pull && openPull ? (
        <button
          type="button"
          className="button"
          data-testid="remedy-open-pull"
          onClick={() => openPull(pull.pullId)}
        >
          Open in Pulls
        </button>
      ) : null}
    </div>
  );
}

/** Why the host refused the remedy, and a way back to try again. */
function RemedyFailure({ error, onBack }: { error: ErrorShape; onBack: () => void }) {
  return (
    <div className="remedy__result notice notice--warn" role="alert" data-testid="remedy-error">
      <p>{error.message}</p>
      {error.hint ? <p className="muted">{error.hint}</p> : null}
      <button type="button" className="button" onClick={onBack}>
        Back
      </button>
    </div>
  );
}

/**
 * One remedy: what it is, exactly what it will change (before anything changes), a button that
 * asks for confirmation (and the secret, for a login), then what changed and, where the host
 * kept a backup, an Undo. The terminal command stays beside it, to copy.
 */
function RemedyItem(props: ItemProps) {
  const { remedy } = props;
  const { phase, setPhase, typed, run } = useRemedyRun(props);
  const previewId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const host = parseRemedyId(remedy.id).args[0] ?? '';
    const id = asksUsername(remedy) ? remedyId('login', host, typed.username.trim()) : remedy.id;
    void run(id, false);
  };
  const cancel = () => {
    typed.setSecret('');
    setPhase({ step: 'idle' });
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
      <RemedyPreview remedy={remedy} previewId={previewId} />
      {phase.step === 'confirm' ? (
        <RemedyConfirm remedy={remedy} typed={typed} onSubmit={submit} onCancel={cancel} />
      ) : null}
      {phase.step === 'applying' ? (
        <p className="remedy__status" role="status">
          <Spinner /> Applying…
        </p>
      ) : null}
      {phase.step === 'done' ? (
        <RemedyOutcome
          outcome={phase.outcome}
          undone={phase.undone}
          onUndo={(undoId) => void run(undoId, true)}
          openPull={props.openPull}
        />
      ) : null}
      {phase.step === 'failed' ? (
        <RemedyFailure error={phase.error} onBack={() => setPhase({ step: 'idle' })} />
      ) : null}
    </li>
  );
}

/**
 * The remedies a diagnosis offers, as buttons with their preview; nothing when there are none.
 * A remedy that changed something stays listed (with its result and Undo) after the check
 * that follows it no longer offers it: a login that made the image healthy can still be undone.
 */
export function RemedyList({ remedies, apply, onApplied, memory, openPull }: RemedyListProps) {
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
          {...(openPull ? { openPull } : {})}
        />
      ))}
    </ul>
  );
}
