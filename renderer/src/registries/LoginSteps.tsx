import type { LoginReport, LoginStep } from '../../../src/shared/credentials';
import { HintText } from '../common/HintText';

/** What each step of the handshake does, in words (src/credentials/verify-login.ts). */
const STEP_WORDS: Record<LoginStep['name'], string> = {
  ping: 'reach /v2/ without credentials',
  challenge: 'read how the registry wants to be asked',
  token: 'get a token from the auth server',
  authenticate: 'call /v2/ with the credential',
  'pull-access': 'read the sample image with that login',
};

const SCHEME_WORDS: Record<LoginReport['scheme'], string> = {
  basic: 'Basic auth',
  bearer: 'token auth',
  none: 'the registry asks for no login',
  unknown: 'auth scheme unknown',
};

function Verdict({ report }: { report: LoginReport }) {
  if (report.ok)
    return (
      <>
        Login to <code>{report.registry}</code> works ({SCHEME_WORDS[report.scheme]}).
      </>
    );
  return (
    <>
      Login to <code>{report.registry}</code> failed
      {report.failedStep ? (
        <>
          {' '}
          at the <strong>{report.failedStep}</strong> step
        </>
      ) : null}
      .
    </>
  );
}

/** Short enough for a narrow card; the rows below carry the full names. */
const CHAIN_LABELS: Record<LoginStep['name'], string> = {
  ping: 'ping',
  challenge: 'challenge',
  token: 'token',
  authenticate: 'auth',
  'pull-access': 'pull',
};

/** The order verify-login runs the steps in; the chain greys out the ones a failure cut off. */
const STEP_ORDER: readonly LoginStep['name'][] = [
  'ping',
  'challenge',
  'token',
  'authenticate',
  'pull-access',
];

function notReached(report: LoginReport): LoginStep['name'][] {
  if (report.ok) return [];
  const ran = new Set(report.steps.map((step) => step.name));
  const last = report.steps.at(-1);
  const after = last ? STEP_ORDER.indexOf(last.name) : -1;
  // Basic auth has no token step, so it is not "missed".
  return STEP_ORDER.filter(
    (name, index) =>
      index > after && !ran.has(name) && !(name === 'token' && report.scheme === 'basic'),
  );
}

function StepError({ report, detail }: { report: LoginReport; detail?: string }) {
  if (!report.error) return null;
  return (
    <div className="login-steps__error" data-testid="login-error">
      {report.error.message !== detail ? <p>{report.error.message}</p> : null}
      {report.error.hint ? (
        <p className="login-steps__hint">
          <strong>What to do: </strong>
          <HintText text={report.error.hint} />
        </p>
      ) : null}
    </div>
  );
}

/**
 * The login handshake as a small chain (a picture of where it broke), then one row per step
 * with its time and detail; the failed step carries the error and what to do.
 */
export function LoginSteps({ report }: { report: LoginReport }) {
  const failedShown = report.steps.some((step) => step.name === report.failedStep);
  return (
    <section className="login-steps" data-testid="login-steps" data-ok={report.ok}>
      <p className="login-steps__verdict" role="status">
        <span
          className={`login-mark login-mark--${report.ok ? 'ok' : 'failed'}`}
          aria-hidden="true"
        >
          {report.ok ? '✓' : '✗'}
        </span>
        <Verdict report={report} />
      </p>
      <ol className="login-chain" aria-hidden="true">
        {report.steps.map((step) => (
          <li
            key={step.name}
            className={`login-chain__step login-chain__step--${step.ok ? 'ok' : 'failed'}`}
          >
            <span className="login-chain__dot">{step.ok ? '✓' : '✗'}</span>
            <span className="login-chain__name">{CHAIN_LABELS[step.name]}</span>
            <span className="login-chain__ms num">{step.ms} ms</span>
          </li>
        ))}
        {notReached(report).map((name) => (
          <li key={name} className="login-chain__step login-chain__step--skipped">
            <span className="login-chain__dot">·</span>
            <span className="login-chain__name">{CHAIN_LABELS[name]}</span>
            <span className="login-chain__ms">—</span>
          </li>
        ))}
      </ol>
      <ul className="login-steps__rows" aria-label="Login steps">
        {report.steps.map((step) => {
          const failed = !step.ok || step.name === report.failedStep;
          return (
            <li
              key={step.name}
              className={`login-step${failed ? ' login-step--failed' : ''}`}
              data-testid={`login-step-${step.name}`}
              data-ok={step.ok}
              data-failed={failed}
            >
              <span
                className={`login-mark login-mark--${step.ok ? 'ok' : 'failed'}`}
                role="img"
                aria-label={step.ok ? 'passed' : 'failed'}
              >
                {step.ok ? '✓' : '✗'}
              </span>
              <span className="login-step__name">
                <span className="mono">{step.name}</span>
                <span className="muted"> — {STEP_WORDS[step.name]}</span>
              </span>
              <span className="login-step__ms num muted">{step.ms} ms</span>
              <span className="login-step__detail">{step.detail}</span>
              {step.name === report.failedStep ? (
                <StepError report={report} detail={step.detail} />
              ) : null}
            </li>
          );
        })}
      </ul>
      {!report.ok && !failedShown ? <StepError report={report} /> : null}
    </section>
  );
}
