import type { CredentialView } from '../../../src/shared/credentials';
import { presetById } from '../../../src/shared/registry-presets';
import { CopyButton } from '../common/CopyButton';
import { ErrorPanel } from '../common/ErrorPanel';
import { RelativeTime } from '../common/RelativeTime';
import { Spinner } from '../common/Spinner';
import { formatRelativeTime } from '../format';
import type { CardTest } from '../state';
import { useNow } from '../state';
import { isUnverified, PRESET_MARKS, tokenLife } from './credential-status';
import type { TokenLife } from './credential-status';
import { LoginSteps } from './LoginSteps';

function Verification({ credential }: { credential: CredentialView }) {
  const v = credential.verification;
  if (!v) return <span className="muted">never tested</span>;
  return (
    <span data-testid="cred-verification" data-ok={v.ok}>
      <span className={`login-mark login-mark--${v.ok ? 'ok' : 'failed'}`} aria-hidden="true">
        {v.ok ? '✓' : '✗'}
      </span>{' '}
      {v.ok ? 'verified' : `failed${v.failedStep ? ` at the ${v.failedStep} step` : ''}`}{' '}
      <RelativeTime iso={v.at} />
      {!v.ok && v.message ? <span className="muted"> — {v.message}</span> : null}
    </span>
  );
}

function TokenAge({ life, now }: { life: TokenLife; now: number }) {
  // RelativeTime clamps to "just now" for future times; an expiry needs "in 9 hours".
  const at = new Date(now);
  return (
    <span data-testid="cred-token" data-state={life.state}>
      issued <RelativeTime iso={life.issuedAt} />
      {' · '}
      {life.state === 'expired' ? (
        <strong className="cred-card__expired">
          expired {formatRelativeTime(life.expiresAt, at)}
        </strong>
      ) : (
        <span className={life.state === 'ending' ? 'cred-card__ending' : undefined}>
          expires {formatRelativeTime(life.expiresAt, at)}
        </span>
      )}
    </span>
  );
}

export interface CredentialCardProps {
  credential: CredentialView;
  test: CardTest | undefined;
  onTest: () => void;
  onEdit: () => void;
  onExport: () => void;
  onRemove: () => void;
}

/** One stored credential: where it applies, how it is kept, whether it works (design/ui.md). */
export function CredentialCard(props: CredentialCardProps) {
  const { credential: c, test, onTest, onEdit, onExport, onRemove } = props;
  const now = useNow();
  const life = tokenLife(c, now);
  const unverified = isUnverified(c);
  const name = `${c.username}@${c.registry}`;

  return (
    <li
      className="cred-card"
      data-testid="cred-row"
      data-credential-id={c.id}
      data-unverified={unverified}
      aria-label={name}
    >
      <CardHeader credential={c} life={life} unverified={unverified} />
      <CardFacts credential={c} life={life} now={now} />
      <div className="cred-card__actions">
        <button
          type="button"
          className="button"
          data-testid="cred-row-test"
          disabled={test?.busy}
          onClick={onTest}
        >
          {test?.busy ? <Spinner /> : null}
          {test?.busy ? 'Testing…' : 'Test login'}
        </button>
        <button type="button" className="button" data-testid="cred-edit" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="button" data-testid="export-open" onClick={onExport}>
          Export as pull secret…
        </button>
        <button
          type="button"
          className="button button--danger-outline"
          data-testid="cred-remove"
          onClick={onRemove}
        >
          Remove…
        </button>
      </div>
      {test?.report ? <LoginSteps report={test.report} /> : null}
      {test?.error ? <ErrorPanel title={`Could not test ${name}`} error={test.error} /> : null}
    </li>
  );
}

interface CardPartProps {
  credential: CredentialView;
  life: TokenLife | undefined;
}

/** The preset's mark, host and user, and the verified / unverified / expiry badges. */
function CardHeader({ credential: c, life, unverified }: CardPartProps & { unverified: boolean }) {
  const preset = presetById(c.preset);
  return (
    <header className="cred-card__header">
      <span className="preset-mark" data-preset={c.preset} title={preset.label} aria-hidden="true">
        {PRESET_MARKS[c.preset]}
      </span>
      <div className="cred-card__title">
        <h3>
          <span className="mono" data-testid="cred-host">
            {c.registry}
          </span>
          <CopyButton text={c.registry} label={`registry host ${c.registry}`} />
        </h3>
        <p className="muted">
          <span className="mono" data-testid="cred-user">
            {c.username}
          </span>{' '}
          · {preset.label}
        </p>
      </div>
      <div className="cred-card__badges">
        {unverified ? (
          <span className="badge badge--warn" data-testid="cred-unverified">
            unverified
          </span>
        ) : life?.state !== 'expired' ? (
          <span className="badge badge--ok">verified</span>
        ) : null}
        {life?.state === 'expired' ? (
          <span className="badge badge--danger" data-testid="cred-expired">
            expired
          </span>
        ) : life?.state === 'ending' ? (
          <span className="badge badge--warn" data-testid="cred-ending">
            expires soon
          </span>
        ) : null}
      </div>
    </header>
  );
}

/** Which images it serves, where the secret is, the token's age, the last test, its origin. */
function CardFacts({ credential: c, life, now }: CardPartProps & { now: number }) {
  return (
    <dl className="facts cred-card__facts">
      <dt>Images</dt>
      <dd data-testid="cred-patterns-summary">
        {c.patterns.length ? (
          <span className="cred-card__patterns">
            {c.patterns.map((p) => (
              <code key={p} className="pattern-chip">
                {p}
              </code>
            ))}
          </span>
        ) : (
          <span>
            all images on <code>{c.registry}</code>
          </span>
        )}
      </dd>
      <dt>Secret</dt>
      <dd data-testid="cred-secret-summary">
        {c.secret.stored ? (
          <span>
            {/* Never the length: it tells an onlooker how long the secret is (issue 15). */}
            <span aria-hidden="true">•••• </span>stored
            <span className="muted"> (in the OS keychain)</span>
          </span>
        ) : (
          <span className="cred-card__ending">not in the OS keychain: edit to enter it again</span>
        )}
      </dd>
      {life ? (
        <>
          <dt>Token</dt>
          <dd>
            <TokenAge life={life} now={now} />
          </dd>
        </>
      ) : null}
      <dt>Last test</dt>
      <dd>
        <Verification credential={c} />
      </dd>
      {c.importedFrom ? (
        <>
          <dt>Imported from</dt>
          <dd className="mono">{c.importedFrom}</dd>
        </>
      ) : null}
    </dl>
  );
}
