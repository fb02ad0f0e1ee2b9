import { useEffect, useRef } from 'react';
import type { CSSProperties } from 'react';
import type { ErrorShape } from '../../../src/shared/errors';
import type { PullProgress } from '../../../src/shared/pull';
import { CopyButton } from '../common/CopyButton';
import { ErrorPanel } from '../common/ErrorPanel';
import { HintText } from '../common/HintText';
import { CloseIcon } from '../common/icons';
import { RelativeTime } from '../common/RelativeTime';
import { Spinner } from '../common/Spinner';
import { DiagnosisView } from '../doctor';
import { formatBytes } from '../format';
import { nameOf, parseNormalizedNamed } from '../../../src/shared/reference';
import { useDoctor, useImageView, usePulls, useUi } from '../state';
import type { SessionPull } from '../state';
import { causeName } from './cause-name';
import { layerFill, layerLabel, overall, updateRate } from './pull-bars';

type CardState = 'running' | 'success' | 'failed' | 'cancelled';

const HEADINGS: Record<CardState, string> = {
  running: 'Pulling',
  success: 'Pulled',
  failed: 'Pull failed',
  cancelled: 'Pull cancelled',
};

function stateOf(pull: SessionPull): CardState {
  return pull.done ? pull.done.result : 'running';
}

function Bar({ downloaded, extracted }: { downloaded: number; extracted: number }) {
  const style = {
    '--downloaded': `${(downloaded * 100).toFixed(1)}%`,
    '--extracted': `${(extracted * 100).toFixed(1)}%`,
  } as CSSProperties;
  return (
    <span className="pull-bar" style={style} aria-hidden="true">
      <span className="pull-bar__downloaded" />
      <span className="pull-bar__extracted" />
    </span>
  );
}

function OverallBar({ progress }: { progress: PullProgress }) {
  const o = overall(progress);
  const done = progress.phase === 'complete';
  const fraction = done ? 1 : (o.fraction ?? 0);
  return (
    <div className="pull-overall" data-testid="pull-overall" data-phase={progress.phase}>
      <div
        className="pull-overall__track"
        role="progressbar"
        aria-label="Downloaded"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <Bar downloaded={fraction} extracted={done ? 1 : 0} />
      </div>
      <p className="pull-overall__figures">
        <span className="num" data-testid="pull-bytes">
          {o.bytes}
        </span>
        {o.speed && !done ? <span className="num">{o.speed}</span> : null}
        {o.timeLeft ? <span className="muted">{o.timeLeft}</span> : null}
        <span className="muted">{progress.phase}</span>
      </p>
    </div>
  );
}

function Layers({ progress }: { progress: PullProgress }) {
  if (progress.layers.length === 0) return null;
  return (
    <ol className="pull-layers" data-testid="pull-layers" aria-label="Layers">
      {progress.layers.map((layer) => {
        const fill = layerFill(layer);
        return (
          <li key={layer.id} className="pull-layer" data-state={layer.state}>
            <span className="mono pull-layer__id">{layer.id}</span>
            <Bar {...fill} />
            <span className="pull-layer__label num">{layerLabel(layer)}</span>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The engine's own words, folded away (issue 15, "raw engine text goes under Details"): they
 * are for a search or a bug report; the headline says the cause in words.
 */
function EngineWords({ error }: { error: ErrorShape }) {
  return (
    <details className="error-details pull-failure__details" data-testid="pull-error-details">
      <summary>Details</summary>
      <div className="error-details__body">
        <p className="muted">What the engine said:</p>
        <pre className="mono pull-failure__raw" data-testid="pull-error">
          {error.message}
        </pre>
        <p className="muted">
          Code <code data-testid="pull-error-code">{error.code}</code>
        </p>
        <CopyButton text={JSON.stringify(error, null, 2)} label="error details" />
      </div>
    </details>
  );
}

function Failure({ pull }: { pull: SessionPull }) {
  const retry = usePulls((s) => s.pull);
  const diagnose = usePulls((s) => s.diagnose);
  const checkImage = useDoctor((s) => s.checkImage);
  const go = useUi((s) => s.go);
  const error = pull.done?.error;
  const openDoctor = () => {
    go('doctor');
    void checkImage(pull.reference);
  };
  const actions = (
    <>
      <button
        type="button"
        className="button button--primary"
        data-testid="pull-retry"
        onClick={() => void retry(pull.reference)}
      >
        Retry the pull
      </button>
      <button type="button" className="button" onClick={openDoctor}>
        Open in Doctor
      </button>
    </>
  );
  const cause = pull.done?.cause ?? error?.code;
  const diagnosed = pull.diagnosis?.state === 'done';
  return (
    <div className="pull-failure">
      {!diagnosed && cause ? (
        <p
          className="pull-failure__cause"
          data-testid="pull-cause"
          data-cause={cause}
          title={`Code: ${cause}`}
        >
          {causeName(cause)}
        </p>
      ) : null}
      {!diagnosed && pull.done?.verdict ? (
        <p className="pull-failure__summary">{pull.done.verdict.summary}</p>
      ) : null}
      {pull.diagnosis?.state === 'running' ? (
        <p className="muted" data-testid="pull-diagnosing">
          <Spinner /> Finding out why: checking the credential, the network and the registry…
        </p>
      ) : null}
      {pull.diagnosis?.state === 'done' ? (
        <div data-testid="pull-diagnosis">
          <DiagnosisView
            diagnosis={pull.diagnosis.diagnosis}
            checkedAt={pull.diagnosis.checkedAt}
            onCheckAgain={() => void diagnose(pull.pullId)}
            actions={actions}
            scrollToFailure={false}
          />
        </div>
      ) : null}
      {pull.diagnosis?.state === 'failed' ? (
        <ErrorPanel
          title="Berth could not diagnose this pull"
          error={pull.diagnosis.error}
          onRetry={() => void diagnose(pull.pullId)}
        />
      ) : null}
      {!pull.diagnosis && error?.hint ? (
        <p className="muted">
          <HintText text={error.hint} />
        </p>
      ) : null}
      {!diagnosed ? <div className="actions">{actions}</div> : null}
      {error ? <EngineWords error={error} /> : null}
    </div>
  );
}

export function PullCard({ pull }: { pull: SessionPull }) {
  const focusId = usePulls((s) => s.focusId);
  const focused = usePulls((s) => s.focused);
  const state = stateOf(pull);
  const digest = pull.done?.digest ?? null;
  const rate = updateRate(pull.updates);
  const card = useRef<HTMLElement>(null);

  // A ledger row opened this card: bring it into view and give it the focus, so a keyboard
  // user lands on what they asked for.
  useEffect(() => {
    if (focusId !== pull.pullId) return;
    card.current?.scrollIntoView?.({ block: 'nearest' });
    card.current?.focus();
    focused();
  }, [focusId, pull.pullId, focused]);

  return (
    <article
      ref={card}
      tabIndex={-1}
      className={`pull-card pull-card--${state}`}
      data-testid="pull-card"
      data-state={state}
      data-reference={pull.reference}
      data-updates={pull.updates.count}
      data-update-rate={rate.toFixed(2)}
      data-stored={pull.stored || undefined}
      aria-label={`${HEADINGS[state]} ${pull.reference}`}
    >
      <PullCardHeader pull={pull} state={state} />

      {pull.progress &&
      state !== 'failed' &&
      (state === 'running' || pull.progress.bytes.total > 0) ? (
        <>
          <OverallBar progress={pull.progress} />
          {state === 'running' ? <Layers progress={pull.progress} /> : null}
        </>
      ) : null}
      {!pull.progress && state === 'running' ? (
        <p className="muted">Asking the engine to pull…</p>
      ) : null}

      {digest && state === 'success' ? <PulledDigest pull={pull} digest={digest} /> : null}
      {pull.log.length ? <PullLog log={pull.log} /> : null}

      {state === 'failed' ? <Failure pull={pull} /> : null}
      {state === 'success' && pull.progress ? (
        <p className="muted pull-card__summary">
          {pull.progress.bytes.current > 0
            ? `${formatBytes(pull.progress.bytes.current)} downloaded`
            : 'Nothing to download: every layer was already on the engine.'}
        </p>
      ) : null}
    </article>
  );
}

/** The state, the image and platform, where a stored card came from, and Cancel or Dismiss. */
function PullCardHeader({ pull, state }: { pull: SessionPull; state: CardState }) {
  const cancel = usePulls((s) => s.cancel);
  const dismiss = usePulls((s) => s.dismiss);
  return (
    <header className="pull-card__header">
      <span className="pull-card__state" data-testid="pull-state">
        {state === 'running' ? <Spinner /> : null}
        {HEADINGS[state]}
      </span>
      <span className="mono pull-card__reference" title={pull.reference}>
        {pull.reference || '…'}
      </span>
      {pull.platform ? <span className="badge">{pull.platform}</span> : null}
      {pull.stored ? (
        <span className="muted pull-card__when" data-testid="pull-stored">
          from the ledger, <RelativeTime iso={new Date(pull.startedAt).toISOString()} />
        </span>
      ) : null}
      <span className="pull-card__spacer" />
      {state === 'running' ? (
        <button
          type="button"
          className="button"
          data-testid="pull-cancel"
          disabled={pull.cancelling}
          onClick={() => void cancel(pull.pullId)}
        >
          {pull.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : (
        <button
          type="button"
          className="icon-button"
          data-testid="pull-dismiss"
          aria-label={`Dismiss ${pull.reference}`}
          title="Dismiss"
          onClick={() => dismiss(pull.pullId)}
        >
          <CloseIcon />
        </button>
      )}
    </header>
  );
}

/** The digest pulled, to copy, and Look inside (the image by that digest). */
function PulledDigest({ pull, digest }: { pull: SessionPull; digest: string }) {
  const openImage = useImageView((s) => s.open);
  return (
    <p className="pull-digest" data-testid="pull-digest">
      <span className="muted">Image digest</span>
      <code className="mono">{digest}</code>
      <CopyButton text={digest} label="image digest" />
      <button
        type="button"
        className="link-button"
        data-testid="pull-look-inside"
        onClick={() =>
          openImage(
            `${nameOf(parseNormalizedNamed(pull.done?.reference ?? pull.reference))}@${digest}`,
          )
        }
      >
        Look inside
      </button>
    </p>
  );
}

function PullLog({ log }: { log: SessionPull['log'] }) {
  return (
    <pre className="pull-log mono" data-testid="pull-log" aria-label="Pull log">
      {log.map((l, i) => (
        <span key={i} className={l.level === 'warning' ? 'pull-log__warning' : undefined}>
          {l.line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
