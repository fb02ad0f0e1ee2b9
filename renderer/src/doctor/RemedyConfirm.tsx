import { useId } from 'react';
import type { FormEvent } from 'react';
import type { Remedy } from '../../../src/shared/diagnosis';

/** A login that Berth stores from a secret the user types (not one a cloud CLI prints). */
export const needsSecret = (remedy: Remedy) =>
  remedy.kind === 'login' && !remedy.id.endsWith(':cli');

/** A registry that does not say who logs in (a generic one): the user names the account. */
export const asksUsername = (remedy: Remedy) => needsSecret(remedy) && !remedy.prefill?.username;

/** What the confirmation has typed; kept by the remedy, so a Cancel or Back does not clear it. */
export interface TypedLogin {
  username: string;
  setUsername: (username: string) => void;
  secret: string;
  setSecret: (secret: string) => void;
}

interface RemedyConfirmProps {
  remedy: Remedy;
  typed: TypedLogin;
  onSubmit: (event: FormEvent) => void;
  onCancel: () => void;
}

/** The last step before a remedy changes anything: the account and secret of a login, or a yes. */
export function RemedyConfirm({ remedy, typed, onSubmit, onCancel }: RemedyConfirmProps) {
  const secretId = useId();
  const userId = useId();
  const registry = remedy.prefill?.registry ?? 'the registry';
  return (
    <form className="remedy__confirm" onSubmit={onSubmit} data-testid="remedy-confirm">
      {asksUsername(remedy) ? (
        <label htmlFor={userId} className="remedy__secret">
          Username at {registry}
          <input
            id={userId}
            className="input"
            data-testid="remedy-username"
            autoComplete="off"
            spellCheck={false}
            value={typed.username}
            onChange={(e) => typed.setUsername(e.target.value)}
            required
          />
        </label>
      ) : null}
      {needsSecret(remedy) ? (
        <label htmlFor={secretId} className="remedy__secret">
          {remedy.prefill?.username
            ? `Password or token for ${remedy.prefill.username} at ${remedy.prefill.registry}`
            : `Password or token for ${registry}`}
          <input
            id={secretId}
            type="password"
            className="input"
            data-testid="remedy-secret"
            autoComplete="off"
            value={typed.secret}
            onChange={(e) => typed.setSecret(e.target.value)}
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
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
