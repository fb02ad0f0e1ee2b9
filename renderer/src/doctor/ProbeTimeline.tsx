import { useEffect, useRef, useState } from 'react';
import type { Diagnosis, ProbeStep } from '../../../src/shared/diagnosis';
import { stepFine } from './cause-titles';

/**
 * What each probe step checks (src/diagnose/probe.ts). Login steps carry who asked, e.g.
 * "token (anonymous)": the words are looked up by the name before the parenthesis.
 */
const STEP_WORDS: Record<string, string> = {
  reference: 'parse the image reference',
  engine: 'ask the container engine for its platform',
  credential: 'find the credential Berth would send',
  dns: 'resolve the registry name',
  tcp: 'open a connection',
  tls: 'check the TLS certificate',
  ping: 'call /v2/ without credentials',
  challenge: 'read how the registry wants to be asked',
  token: 'get a token from the auth server',
  authenticate: 'call /v2/ with the credential',
  'pull-access': 'read the image with that login',
  manifest: 'fetch the manifest',
  repository: 'check that the repository exists',
  platform: "match the engine's platform",
  classify: 'match the text against known error messages',
};

/** The live probe's order; a failure stops it, and the milestones after it never run. */
const ORDER = [
  'reference',
  'engine',
  'credential',
  'dns',
  'tcp',
  'tls',
  'ping',
  'challenge',
  'token',
  'authenticate',
  'pull-access',
  'manifest',
];
const MILESTONES = ['engine', 'credential', 'dns', 'tcp', 'tls', 'ping', 'manifest'];

const baseName = (name: string) => name.replace(/ \(.*\)$/, '');

function notReached(steps: readonly ProbeStep[]): string[] {
  if (steps.every(stepFine)) return [];
  const last = Math.max(...steps.map((step) => ORDER.indexOf(baseName(step.name))));
  return MILESTONES.filter((name) => ORDER.indexOf(name) > last);
}

type StepState = 'ok' | 'expected' | 'failed' | 'also-failed';

const MARKS: Record<StepState, string> = {
  ok: '✓',
  expected: '–',
  failed: '✗',
  'also-failed': '✗',
};
const MARK_WORDS: Record<StepState, string> = {
  ok: 'passed',
  expected: 'refused, as expected',
  failed: 'failed',
  'also-failed': 'also failed',
};

export interface ProbeTimelineProps {
  steps: readonly ProbeStep[];
  mode: Diagnosis['mode'];
  /** Bring the first failed step into view when the steps arrive (default on). */
  scrollToFailure?: boolean;
}

/**
 * The probe as a vertical timeline: one dot per step, green or red, its time and its share
 * of the whole as a bar, and the evidence. The first failure is the one that explains the
 * verdict: it is highlighted and open; the others open on a click.
 */
export function ProbeTimeline({ steps, mode, scrollToFailure = true }: ProbeTimelineProps) {
  const firstFailed = steps.findIndex((step) => !stepFine(step));
  const total = steps.reduce((sum, step) => sum + Math.max(0, step.ms), 0);
  const skipped = mode === 'live' ? notReached(steps) : [];

  // Which rows the user toggled, for these steps; new steps start from the default again.
  const [toggledFor, setToggledFor] = useState(steps);
  const [toggled, setToggled] = useState<ReadonlySet<number>>(() => new Set());
  if (toggledFor !== steps) {
    setToggledFor(steps);
    setToggled(new Set());
  }
  const isOpen = (index: number) => (index === firstFailed) !== toggled.has(index);
  const toggle = (index: number) =>
    setToggled((current) => {
      const next = new Set(current);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });

  const failedRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // 'nearest': no jump when it is already on screen, and the verdict above stays put.
    if (scrollToFailure) failedRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [steps, scrollToFailure]);

  return (
    <div className="probe-timeline" data-testid="probe-timeline">
      <p className="probe-timeline__total muted">
        {steps.length} step{steps.length === 1 ? '' : 's'}
        {mode === 'live' ? <> · {total} ms in all</> : <> · from the error text only</>}
      </p>
      <ol className="probe-timeline__steps" aria-label="Probe steps">
        {steps.map((step, index) => {
          const state: StepState = step.ok
            ? 'ok'
            : step.expected
              ? 'expected'
              : index === firstFailed
                ? 'failed'
                : 'also-failed';
          const share = total > 0 ? Math.round((Math.max(0, step.ms) / total) * 100) : 0;
          const open = isOpen(index);
          const detailId = `probe-step-detail-${index}`;
          const words = STEP_WORDS[baseName(step.name)];
          return (
            <li
              key={`${step.name}-${index}`}
              ref={index === firstFailed ? failedRef : undefined}
              className={`probe-step probe-step--${state}`}
              data-testid="probe-step"
              data-step={step.name}
              data-state={state}
              data-first-failed={index === firstFailed}
            >
              <span className="probe-step__dot" role="img" aria-label={MARK_WORDS[state]}>
                {MARKS[state]}
              </span>
              <button
                type="button"
                className="probe-step__head"
                aria-expanded={open}
                aria-controls={detailId}
                onClick={() => toggle(index)}
              >
                <span className="probe-step__name">{step.name}</span>
                {words ? <span className="probe-step__words">{words}</span> : null}
                {mode === 'live' ? (
                  <span
                    className="probe-step__bar"
                    title={`${share}% of ${total} ms`}
                    aria-label={`${share}% of the total time`}
                    role="img"
                  >
                    <span className="probe-step__bar-fill" style={{ width: `${share}%` }} />
                  </span>
                ) : null}
                <span className="probe-step__ms num">{step.ms} ms</span>
              </button>
              <p
                id={detailId}
                className={`probe-step__detail${open ? ' probe-step__detail--open' : ''}`}
                data-testid="probe-step-detail"
                title={open ? undefined : step.detail}
              >
                {step.detail}
              </p>
            </li>
          );
        })}
        {skipped.map((name) => (
          <li
            key={`skipped-${name}`}
            className="probe-step probe-step--skipped"
            data-testid="probe-step-skipped"
            data-step={name}
          >
            <span className="probe-step__dot" role="img" aria-label="not reached">
              ·
            </span>
            <span className="probe-step__head probe-step__head--static">
              <span className="probe-step__name">{name}</span>
              <span className="probe-step__words">not reached</span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
