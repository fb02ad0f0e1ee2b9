import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { Diagnosis } from '../../../src/shared/diagnosis';
import { diagnosisMarkdown } from '../../../src/shared/diagnosis-report';
import { CopyButton } from '../common/CopyButton';
import { copyText } from '../common/copy-text';
import { CopyIcon, RefreshIcon } from '../common/icons';
import { Spinner } from '../common/Spinner';
import { CauseBadge } from './CauseBadge';
import { CAUSE_WORDS, verdictOf } from './cause-titles';
import { FixList } from './FixList';
import { ProbeTimeline } from './ProbeTimeline';
import { RemedyList } from './RemedyList';
import type { RemedyListProps } from './RemedyList';
import { canSaveFiles, reportFileName, saveTextFile } from './report-file';
import './doctor.css';

export interface DiagnosisViewProps {
  diagnosis: Diagnosis;
  /** ISO time of the check, for the report; the time of copying when not given. */
  checkedAt?: string;
  /** Shows "Check again". */
  onCheckAgain?: () => void;
  /** A new check is running: "Check again" waits, the view stays readable. */
  checking?: boolean;
  /** Extra buttons after the report actions, e.g. the Pull screen's "Retry the pull". */
  actions?: ReactNode;
  /** Bring the first failed step into view when a diagnosis arrives (default on). */
  scrollToFailure?: boolean;
  /** Shows the diagnosis's remedies as buttons, applied through this. */
  applyRemedy?: RemedyListProps['apply'];
  /** Where the remedies' results are kept beyond this view (the Doctor's cards). */
  remedyMemory?: RemedyListProps['memory'];
  openPull?: RemedyListProps['openPull'];
}

type Feedback = 'idle' | 'copied' | 'failed';

function ReportActions({ diagnosis, checkedAt }: { diagnosis: Diagnosis; checkedAt?: string }) {
  const [copied, setCopied] = useState<Feedback>('idle');
  // "Copied" belongs to the report it copied, not to the next diagnosis shown here.
  const [shownFor, setShownFor] = useState(diagnosis);
  if (shownFor !== diagnosis) {
    setShownFor(diagnosis);
    setCopied('idle');
  }
  useEffect(() => {
    if (copied === 'idle') return;
    const timer = setTimeout(() => setCopied('idle'), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const markdown = () =>
    diagnosisMarkdown(diagnosis, [], checkedAt ? new Date(checkedAt) : new Date());

  return (
    <>
      <button
        type="button"
        className="button"
        data-testid="diagnosis-copy-report"
        data-state={copied}
        onClick={() => void copyText(markdown()).then((ok) => setCopied(ok ? 'copied' : 'failed'))}
      >
        <CopyIcon />
        {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy report'}
      </button>
      {canSaveFiles() ? (
        <button
          type="button"
          className="button"
          data-testid="diagnosis-save-report"
          title="A Markdown file, with secrets masked"
          onClick={() => saveTextFile(reportFileName(diagnosis), markdown())}
        >
          Save report…
        </button>
      ) : null}
    </>
  );
}

/**
 * One diagnosis, verdict first: what is wrong, in one line, and what else it could be; then
 * what to do, with commands to copy; then the probe's steps as a timeline. Self-contained
 * (props only), so the Pull screen can show the same view for a failed pull.
 */
export function DiagnosisView(props: DiagnosisViewProps) {
  const { diagnosis: d, checkedAt, onCheckAgain, checking = false, actions } = props;
  const { title, allClear } = verdictOf(d);
  const fixId = useId();
  const stepsId = useId();
  const kind = allClear ? 'clear' : CAUSE_WORDS[d.cause].kind;

  return (
    <article
      className="diagnosis"
      data-testid="diagnosis"
      data-cause={d.cause}
      data-mode={d.mode}
      data-kind={kind}
      aria-busy={checking || undefined}
    >
      <div className="diagnosis__layout">
        <div className="diagnosis__main">
          <header className="diagnosis__verdict">
            <h2 className="diagnosis__title" data-testid="diagnosis-title">
              <CauseBadge cause={d.cause} size="large" allClear={allClear} title={title} />
            </h2>
            <p className="diagnosis__summary" data-testid="diagnosis-summary">
              {d.summary}
            </p>
            {d.alternatives.length ? (
              <p className="diagnosis__alternatives" data-testid="diagnosis-alternatives">
                <span className="muted">Could also be:</span>
                {d.alternatives.map((cause) => (
                  <CauseBadge key={cause} cause={cause} />
                ))}
              </p>
            ) : null}
            <p className="diagnosis__meta muted">
              {d.image ? (
                <>
                  <code data-testid="diagnosis-image">{d.image}</code>
                  <CopyButton text={d.image} label={`image reference ${d.image}`} />
                </>
              ) : (
                <span>a pasted error</span>
              )}
              <span aria-hidden="true">·</span>
              <span data-testid="diagnosis-mode">
                {d.mode === 'live' ? 'live probe from this machine' : 'from the error text only'}
              </span>
            </p>
            <div className="diagnosis__actions">
              <ReportActions diagnosis={d} {...(checkedAt ? { checkedAt } : {})} />
              {onCheckAgain ? (
                <button
                  type="button"
                  className="button"
                  data-testid="diagnosis-check-again"
                  disabled={checking}
                  onClick={onCheckAgain}
                >
                  {checking ? <Spinner /> : <RefreshIcon />}
                  {checking ? 'Checking…' : 'Check again'}
                </button>
              ) : null}
              {actions}
            </div>
          </header>
          <section className="diagnosis__fix" aria-labelledby={fixId}>
            <h3 id={fixId}>What to do</h3>
            <FixList fix={d.fix} docs={d.docs} />
            {props.applyRemedy ? (
              <RemedyList
                remedies={d.remedies ?? []}
                apply={props.applyRemedy}
                {...(props.remedyMemory ? { memory: props.remedyMemory } : {})}
                {...(onCheckAgain ? { onApplied: onCheckAgain } : {})}
                {...(props.openPull ? { openPull: props.openPull } : {})}
              />
            ) : null}
          </section>
        </div>
        <section className="diagnosis__steps" aria-labelledby={stepsId}>
          <h3 id={stepsId}>Steps</h3>
          <ProbeTimeline
            steps={d.steps}
            mode={d.mode}
            scrollToFailure={props.scrollToFailure ?? true}
          />
        </section>
      </div>
    </article>
  );
}
