import { useEffect, useId, useRef } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { ErrorPanel } from '../common/ErrorPanel';
import { FormField } from '../common/FormField';
import { PlatformField, ReferenceField } from '../common/ImageFields';
import { CloseIcon } from '../common/icons';
import { Spinner } from '../common/Spinner';
import { useDoctor, usePulls, useUi } from '../state';
import type { DoctorCheck, DoctorMode, DoctorResult } from '../state';
import { DiagnosisView } from './DiagnosisView';
import { registryOf } from '../state/doctor-input';
import { resultKey } from '../state/open-results';
import { pastedImageOf } from '../state/doctor-store';
import './doctor.css';

const TABS: readonly { mode: DoctorMode; label: string }[] = [
  { mode: 'live', label: 'Check an image' },
  { mode: 'offline', label: 'Paste an error' },
];

function Tabs({ panelId }: { panelId: string }) {
  const mode = useDoctor((s) => s.mode);
  const setMode = useDoctor((s) => s.setMode);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  // Arrow keys move between tabs, as in every tab strip (WAI-ARIA APG, "Tabs").
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const index = TABS.findIndex((tab) => tab.mode === mode);
    const next = (index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length;
    const tab = TABS[next];
    if (!tab) return;
    setMode(tab.mode);
    refs.current[next]?.focus();
  };

  return (
    <div className="doctor-tabs" role="tablist" aria-label="How to diagnose" onKeyDown={onKeyDown}>
      {TABS.map((tab, index) => (
        <button
          key={tab.mode}
          ref={(element) => {
            refs.current[index] = element;
          }}
          type="button"
          role="tab"
          className="doctor-tab"
          data-testid={`doctor-tab-${tab.mode}`}
          aria-selected={mode === tab.mode}
          aria-controls={panelId}
          tabIndex={mode === tab.mode ? 0 : -1}
          onClick={() => setMode(tab.mode)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

function LiveForm() {
  const reference = useDoctor((s) => s.reference);
  const platform = useDoctor((s) => s.platform);
  const problem = useDoctor((s) => s.fieldErrors.reference);
  // Only a check of the same image waits; others may run side by side.
  const busy = useDoctor((s) =>
    s.results.some((r) => r.running && r.check.kind === 'live' && r.id === resultKey(reference)),
  );
  const recent = useDoctor((s) => s.recent);
  const setReference = useDoctor((s) => s.setReference);
  const setPlatform = useDoctor((s) => s.setPlatform);
  const checkImage = useDoctor((s) => s.checkImage);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void checkImage();
  };

  return (
    <>
      <p className="muted doctor-intro">
        Berth walks every step of a pull from this machine (credential, DNS, TCP, TLS, login,
        manifest) and says which one breaks, and why.
      </p>
      <form className="doctor-form" onSubmit={submit} noValidate>
        <ReferenceField
          value={reference}
          onChange={setReference}
          problem={problem}
          testId="doctor-reference"
          placeholder="ghcr.io/org/app:1.2, nginx, 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api"
        />
        <PlatformField value={platform} onChange={setPlatform} testId="doctor-platform" />
        <button
          type="submit"
          className="button button--primary form-submit"
          data-testid="doctor-check"
          disabled={busy}
        >
          Check
        </button>
      </form>
      {recent.length ? (
        <div className="doctor-recent" data-testid="doctor-recent">
          <span className="muted">Recent checks:</span>
          {recent.map((r) => (
            <button
              key={r}
              type="button"
              className="button mono doctor-recent__item"
              onClick={() => void checkImage(r)}
            >
              {r}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}

function OfflineForm() {
  const message = useDoctor((s) => s.message);
  const image = useDoctor((s) => s.image);
  const messageError = useDoctor((s) => s.fieldErrors.message);
  const imageError = useDoctor((s) => s.fieldErrors.image);
  const busy = useDoctor((s) => s.results.some((r) => r.running && r.check.kind === 'offline'));
  const setMessage = useDoctor((s) => s.setMessage);
  const setImage = useDoctor((s) => s.setImage);
  const explainMessage = useDoctor((s) => s.explainMessage);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void explainMessage();
  };

  return (
    <>
      <p className="muted doctor-intro">
        Paste what <code>docker pull</code>, <code>podman pull</code> or the kubelet said (the
        Events of <code>kubectl describe pod</code>). Berth recognises the wording of Docker,
        Podman, containerd and the big registries, without contacting anything.
      </p>
      <form className="doctor-form doctor-form--stacked" onSubmit={submit} noValidate>
        <FormField label="Error text" problem={messageError} testId="doctor-message" grow>
          {({ id, describedBy }) => (
            <textarea
              id={id}
              className="input mono doctor-message"
              data-testid="doctor-message"
              rows={7}
              placeholder="Error response from daemon: pull access denied for app, repository does not exist or may require 'docker login'"
              value={message}
              aria-invalid={messageError ? true : undefined}
              aria-describedby={describedBy}
              spellCheck={false}
              onChange={(e) => setMessage(e.target.value)}
            />
          )}
        </FormField>
        <div className="doctor-form__row">
          <FormField
            label={
              <>
                Image <span className="muted">(optional: makes the fix name it)</span>
              </>
            }
            problem={imageError}
            testId="doctor-image"
            grow
          >
            {({ id, describedBy }) => (
              <input
                id={id}
                className="input mono"
                data-testid="doctor-image"
                placeholder="ghcr.io/org/app:1.2"
                value={image}
                aria-invalid={imageError ? true : undefined}
                aria-describedby={describedBy}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setImage(e.target.value)}
              />
            )}
          </FormField>
          <button
            type="submit"
            className="button button--primary form-submit"
            data-testid="doctor-explain"
            disabled={busy}
          >
            Diagnose
          </button>
        </div>
      </form>
    </>
  );
}

function Progress({ check }: { check: DoctorCheck }) {
  const host = check.kind === 'live' ? registryOf(check.request.reference) : undefined;
  return (
    <p className="doctor-progress" role="status" data-testid="doctor-progress">
      <Spinner />
      {check.kind === 'live' ? (
        <span>
          Probing <span className="mono">{host ?? check.request.reference}</span>…
          <span className="muted">
            {' '}
            every step, with a timeout each; this can take a few seconds
          </span>
        </span>
      ) : (
        <span>Reading the error…</span>
      )}
    </p>
  );
}

function DoctorResultCard({ result }: { result: DoctorResult }) {
  const checkAgain = useDoctor((s) => s.checkAgain);
  const applyRemedy = useDoctor((s) => s.applyRemedy);
  const go = useUi((s) => s.go);
  const showPull = usePulls((s) => s.show);
  // A retry's pull is a card on the Pulls screen like any other: open it there.
  const openPull = (pullId: string) => {
    go('pulls');
    showPull(pullId);
  };
  const recordRemedy = useDoctor((s) => s.recordRemedy);
  const probePasted = useDoctor((s) => s.probePasted);
  const dismiss = useDoctor((s) => s.dismiss);
  const focusId = useDoctor((s) => s.focusId);
  const focused = useDoctor((s) => s.focused);
  const card = useRef<HTMLElement>(null);
  const { check, diagnosis, error, running } = result;
  const subject =
    check.kind === 'live' ? check.request.reference : (check.request.image ?? 'a pasted error');

  // A new check lands on its card: in view, and focused for the keyboard.
  useEffect(() => {
    if (focusId !== result.id) return;
    card.current?.scrollIntoView?.({ block: 'nearest' });
    card.current?.focus();
    focused();
  }, [focusId, result.id, focused]);

  // A pasted error with its image can also be probed live, with the text as evidence.
  const pastedImage = pastedImageOf(result);
  const probeLive =
    diagnosis?.mode === 'offline' && pastedImage ? (
      <button
        type="button"
        className="button"
        data-testid="doctor-probe-pasted"
        disabled={running}
        onClick={() => void probePasted(result.id)}
      >
        Probe <span className="mono">{pastedImage}</span> live
      </button>
    ) : null;

  return (
    <section
      ref={card}
      tabIndex={-1}
      className="doctor-result"
      data-testid="doctor-result"
      data-result={result.id}
      aria-label={`Diagnosis of ${subject}`}
    >
      <div className="doctor-result__bar">
        {running ? <Progress check={check} /> : <span />}
        <button
          type="button"
          className="icon-button"
          data-testid="doctor-dismiss"
          aria-label={`Dismiss the diagnosis of ${subject}`}
          title="Dismiss"
          onClick={() => dismiss(result.id)}
        >
          <CloseIcon />
        </button>
      </div>
      {error ? (
        <ErrorPanel
          title="Berth could not run the check"
          error={error}
          onRetry={() => void checkAgain(result.id)}
          retrying={running}
        />
      ) : null}
      {diagnosis ? (
        <DiagnosisView
          diagnosis={diagnosis}
          {...(result.checkedAt ? { checkedAt: result.checkedAt } : {})}
          onCheckAgain={() => void checkAgain(result.id)}
          checking={running}
          actions={probeLive}
          applyRemedy={applyRemedy}
          openPull={openPull}
          remedyMemory={{
            runs: result.remedyRuns,
            changed: result.changedRemedies,
            record: (remedy, run) => recordRemedy(result.id, remedy, run),
          }}
        />
      ) : null}
    </section>
  );
}

/** "Why does this pull fail, and what do I do about it?" */
export function DoctorScreen() {
  const mode = useDoctor((s) => s.mode);
  const results = useDoctor((s) => s.results);
  const panelId = useId();

  return (
    <div className="screen screen--fill doctor">
      <header className="screen__header">
        <h1>Doctor</h1>
        <p className="muted doctor-question">Why does a pull fail, and what do I do about it?</p>
      </header>
      <div className="screen__stack">
        <section className="doctor-ask">
          <Tabs panelId={panelId} />
          <div id={panelId} role="tabpanel" className="doctor-ask__panel">
            {mode === 'live' ? <LiveForm /> : <OfflineForm />}
          </div>
        </section>
        {results.length ? (
          results.map((result) => <DoctorResultCard key={result.id} result={result} />)
        ) : (
          <p className="doctor-empty muted" data-testid="doctor-empty">
            The verdict, what to do, and every step the check took will show here.
          </p>
        )}
      </div>
    </div>
  );
}
