import { useEffect, useRef } from 'react';
import type { PullProgress } from '../../../src/shared/pull';
import type { ActiveRun } from '../../../src/shared/runs';
import type { RunEntry } from '../../../src/shared/ledger';
import { CopyButton } from '../common/CopyButton';
import { ErrorDetails } from '../common/ErrorDetails';
import { HintText } from '../common/HintText';
import { RelativeTime } from '../common/RelativeTime';
import { Spinner } from '../common/Spinner';
import { StatusDot } from '../common/StatusDot';
import { formatBytes, formatDuration, shortDigest } from '../format';
import { useDoctor, useImageView, useRuns, useUi } from '../state';
import type { LogLoad, RunOutcome } from '../state';
import { LogTerminal } from './LogTerminal';
import { ranImage } from './FlowImageBar';
import { LastGoodImage } from './LastGoodImage';
import { PHASES, failedPullReference, resultHealth, resultWords } from '../state/run-outcome';

function PhaseSteps({ run, pulled }: { run: ActiveRun | undefined; pulled: boolean }) {
  // Building shows only for runs that build; their image is never pulled.
  const phases = PHASES.filter((p) => p.phase !== 'building' || run?.builds === true);
  const at = run ? phases.findIndex((p) => p.phase === run.phase) : -1;
  return (
    <ol className="phase-steps" data-testid="run-phases" aria-label="Phases">
      {phases.map(({ phase, label }, i) => {
        const passed = phase === 'pulling' && !pulled ? 'skipped' : 'done';
        const state = i < at ? passed : i === at ? 'current' : 'later';
        return (
          <li
            key={phase}
            className={`phase-steps__step phase-steps__step--${state}`}
            data-phase={phase}
            data-state={state}
            title={
              state === 'skipped'
                ? 'Not pulled: the pull policy or the image on the engine'
                : undefined
            }
            aria-current={state === 'current' ? 'step' : undefined}
          >
            {state === 'current' ? <Spinner /> : null}
            {label}
            {state === 'skipped' ? <span className="visually-hidden"> (skipped)</span> : null}
          </li>
        );
      })}
    </ol>
  );
}

function PullBar({ pull }: { pull: PullProgress }) {
  const { current, total } = pull.bytes;
  const share = total > 0 ? Math.min(100, Math.round((current / total) * 100)) : undefined;
  const left =
    pull.speedBps > 0 && total > current
      ? formatDuration(((total - current) / pull.speedBps) * 1000)
      : null;
  return (
    <div className="run-pull" data-testid="run-pull">
      <progress
        className="run-pull__meter"
        max={100}
        {...(share !== undefined ? { value: share } : {})}
        aria-label="Pull progress"
      />
      <span className="muted num" data-testid="run-pull-figures">
        {share !== undefined ? `${share}% · ` : ''}
        {formatBytes(current)}
        {total > 0 ? ` of ${formatBytes(total)}` : ''}
        {pull.speedBps > 0 ? ` · ${formatBytes(pull.speedBps)}/s` : ''}
        {left ? ` · ${left} left` : ''}
      </span>
    </div>
  );
}

function Outcome({ outcome, reference }: { outcome: RunOutcome; reference: string | undefined }) {
  const checkImage = useDoctor((s) => s.checkImage);
  const go = useUi((s) => s.go);
  const pullReference = failedPullReference(outcome.error, outcome.lastPhase, reference);
  return (
    <div className="run-outcome" data-testid="run-outcome" data-result={outcome.result}>
      <p className="run-outcome__line">
        <StatusDot health={resultHealth(outcome.result)} />
        <strong data-testid="run-result">{resultWords(outcome.result, outcome.exitCode)}</strong>
      </p>
      {outcome.error && outcome.result !== 'cancelled' ? (
        <div className="run-error" role="alert" data-testid="run-error">
          <p className="run-error__message">{outcome.error.message}</p>
          {outcome.error.hint ? (
            <p className="muted">
              <HintText text={outcome.error.hint} />
            </p>
          ) : null}
          {pullReference ? (
            <div className="actions">
              <button
                type="button"
                className="button button--primary"
                data-testid="run-diagnose"
                onClick={() => {
                  go('doctor');
                  void checkImage(pullReference);
                }}
              >
                Diagnose <span className="mono">{pullReference}</span>
              </button>
            </div>
          ) : null}
          <ErrorDetails error={outcome.error} />
        </div>
      ) : null}
    </div>
  );
}

/** How a run from the history ended, as the ledger kept it. */
function outcomeOfEntry(runId: string, entry: RunEntry): RunOutcome {
  return {
    runId,
    result: entry.result,
    exitCode: entry.exitCode,
    digest: entry.digest,
    entryId: entry.id,
    lastPhase: undefined,
    ...(entry.message
      ? { error: { code: entry.cause ?? 'run.failed', message: entry.message } }
      : {}),
  };
}

/** One run: its phases and pull while it goes, how it ended, and its log. */
export function RunPanel({ runId }: { runId: string }) {
  const active = useRuns((s) => s.active[runId]);
  const outcome = useRuns((s) => s.outcomes[runId]);
  const entry = useRuns((s) => s.history?.find((e) => e.id === runId));
  const label = useRuns((s) => s.labels[runId]);
  const pulled = useRuns((s) => s.pulled[runId] === true);
  const logLoad = useRuns((s) => (s.logLoad?.runId === runId ? s.logLoad : undefined));
  const logs = useRuns((s) => s.logs);

  const section = useRef<HTMLElement>(null);
  // A new run shows below the form: bring it into view (jsdom has no scrollIntoView).
  useEffect(() => {
    section.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [runId]);

  const flowName = active?.flowName ?? entry?.flowName ?? label?.flowName ?? 'Run';
  const reference = active?.reference ?? entry?.reference ?? label?.reference;
  const started = active?.started ?? entry?.time;
  const ended = outcome ?? (entry ? outcomeOfEntry(runId, entry) : undefined);
  const digest = entry?.digest ?? outcome?.digest ?? null;

  return (
    <section
      ref={section}
      className="run-panel"
      data-testid="run-panel"
      data-run-id={runId}
      aria-label={`Run of ${flowName}`}
    >
      <header className="run-panel__header">
        <h2>{flowName}</h2>
        {reference ? <span className="mono muted">{reference}</span> : null}
        {started ? (
          <span className="muted">
            started <RelativeTime iso={started} />
          </span>
        ) : null}
        <div className="run-panel__actions">
          <RunAction runId={runId} live={!ended} />
        </div>
      </header>
      {!ended ? (
        <>
          <PhaseSteps run={active} pulled={pulled} />
          {active?.phase === 'pulling' && active.pull ? <PullBar pull={active.pull} /> : null}
          {!active ? (
            <p className="muted" role="status">
              <Spinner /> Starting…
            </p>
          ) : null}
        </>
      ) : (
        <Outcome outcome={ended} reference={reference} />
      )}
      {digest || entry ? (
        <dl className="facts run-panel__facts">
          {digest ? <DigestFact digest={digest} reference={reference} entry={entry} /> : null}
          {entry ? <EntryFacts entry={entry} /> : null}
        </dl>
      ) : null}
      <LogLoadNotes logLoad={logLoad} />
      <LogTerminal key={runId} logs={logs} runId={runId} label={`Log of ${flowName}`} />
    </section>
  );
}

/** Cancel while the run goes; Re-run once it has ended. */
function RunAction({ runId, live }: { runId: string; live: boolean }) {
  const cancelling = useRuns((s) => s.cancelling[runId] === true);
  const starting = useRuns((s) => s.starting);
  const cancel = useRuns((s) => s.cancel);
  const rerun = useRuns((s) => s.rerun);
  if (live)
    return (
      <button
        type="button"
        className="button button--danger-outline"
        data-testid="run-cancel"
        disabled={cancelling}
        onClick={() => void cancel(runId)}
      >
        {cancelling ? <Spinner /> : null}
        {cancelling ? 'Cancelling…' : 'Cancel'}
      </button>
    );
  return (
    <button
      type="button"
      className="button"
      data-testid="run-rerun"
      disabled={starting}
      onClick={() => void rerun(runId)}
    >
      Re-run
    </button>
  );
}

interface DigestFactProps {
  digest: string;
  reference: string | undefined;
  entry: RunEntry | undefined;
}

/** The image digest the run used, and a way to look inside it in the registry. */
function DigestFact({ digest, reference, entry }: DigestFactProps) {
  const openImage = useImageView((s) => s.open);
  // A built image was never pushed: the registry has nothing to show.
  const inside = reference && !entry?.build ? ranImage(reference, digest) : undefined;
  return (
    <div className="facts__row">
      <dt>Digest</dt>
      <dd>
        <span className="mono" title={digest} data-testid="run-digest">
          {shortDigest(digest)}
        </span>
        <CopyButton text={digest} label="digest" />
        {inside ? (
          <button
            type="button"
            className="link-button"
            data-testid="run-look-inside"
            title={`Config, layers and files of ${inside}, read from the registry`}
            onClick={() => openImage(inside)}
          >
            Look inside
          </button>
        ) : null}
      </dd>
    </div>
  );
}

/** What the ledger kept of the run: duration, built image, engine, policy, record, parameters. */
function EntryFacts({ entry }: { entry: RunEntry }) {
  return (
    <>
      <div className="facts__row">
        <dt>Duration</dt>
        <dd className="num">{formatDuration(entry.durationMs)}</dd>
      </div>
      {entry.build ? (
        <div className="facts__row">
          <dt>Image</dt>
          <dd data-testid="run-build" data-reused={entry.build.reused}>
            <span className="mono" title={entry.build.imageId}>
              {shortDigest(entry.build.imageId)}
            </span>{' '}
            {entry.build.reused
              ? 'not rebuilt: built before from the same context'
              : `built in ${formatDuration(entry.build.durationMs)}`}
            <CopyButton text={entry.build.imageId} label="image ID" />
          </dd>
        </div>
      ) : null}
      <div className="facts__row">
        <dt>Engine</dt>
        <dd className="mono">{entry.engine}</dd>
      </div>
      <div className="facts__row">
        <dt>Pull policy</dt>
        <dd className="mono">{entry.pullPolicy}</dd>
      </div>
      <LastGoodImage entry={entry} />
      <RecordFacts entry={entry} />
      {Object.keys(entry.parameters).length > 0 ? (
        <div className="facts__row">
          <dt>Parameters</dt>
          <dd className="mono" data-testid="run-parameters">
            {JSON.stringify(entry.parameters)}
          </dd>
        </div>
      ) : null}
    </>
  );
}

/** Reading an earlier run's log back: under way, cut to its end, or failed. */
function LogLoadNotes({ logLoad }: { logLoad: LogLoad | undefined }) {
  return (
    <>
      {logLoad?.loading ? (
        <p className="muted" role="status" data-testid="run-log-loading">
          <Spinner /> Reading the log…
        </p>
      ) : null}
      {logLoad?.truncated ? (
        <p className="muted" data-testid="run-log-truncated">
          The log is long: this shows its end.
        </p>
      ) : null}
      {logLoad?.error ? (
        <p className="field-error" role="alert" data-testid="run-log-error">
          Could not read the log: {logLoad.error.message}
        </p>
      ) : null}
    </>
  );
}

const SOURCE_WORDS: Record<NonNullable<RunEntry['imageSource']>, string> = {
  pulled: 'pulled before the run',
  local: 'already on the engine',
  'local-after-failed-pull': 'the local copy: the pull failed',
  built: 'built before the run',
};

/** What reproduces the run: where its image came from, its inputs and outputs, the docker run line. */
function RecordFacts({ entry }: { entry: RunEntry }) {
  const inputs = Object.entries(entry.inputs ?? {});
  return (
    <>
      {entry.imageSource ? (
        <div className="facts__row">
          <dt>Image from</dt>
          <dd data-testid="run-image-source" data-source={entry.imageSource}>
            {SOURCE_WORDS[entry.imageSource]}
            {entry.pullError ? <span className="muted"> ({entry.pullError})</span> : null}
          </dd>
        </div>
      ) : null}
      {inputs.length > 0 ? (
        <div className="facts__row">
          <dt>Inputs</dt>
          <dd className="mono" data-testid="run-entry-inputs">
            {inputs.map(([name, files]) => `${name}: ${files.join(', ')}`).join('; ')}
          </dd>
        </div>
      ) : null}
      {entry.outputsDir ? (
        <div className="facts__row">
          <dt>Outputs</dt>
          <dd data-testid="run-outputs">
            <span className="mono">{entry.outputsDir}</span>
            <CopyButton text={entry.outputsDir} label="outputs folder" />
            {entry.outputs?.length ? (
              <ul className="run-outputs">
                {entry.outputs.map((file) => (
                  <li key={file} className="mono" data-testid="run-output">
                    {file}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted"> no files</span>
            )}
          </dd>
        </div>
      ) : null}
      {entry.dockerRun ? (
        <div className="facts__row">
          <dt>docker run</dt>
          <dd>
            <code className="mono run-docker-line" data-testid="run-docker-line">
              {entry.dockerRun}
            </code>
            <CopyButton text={entry.dockerRun} label="docker run line" />
          </dd>
        </div>
      ) : null}
    </>
  );
}
