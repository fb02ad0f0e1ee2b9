/** What a credential card says about trust and time: verified or not, and a token's life. */
import type { CredentialView } from '../../../src/shared/credentials';
import { presetById } from '../../../src/shared/registry-presets';

/** Never tested, or the last test failed: the list marks it "unverified". */
export function isUnverified(credential: CredentialView): boolean {
  return credential.verification === null || !credential.verification.ok;
}

export interface TokenLife {
  /** "ending" once less than a sixth of its life (2 h of ECR's 12 h) is left. */
  state: 'fresh' | 'ending' | 'expired';
  issuedAt: string;
  expiresAt: string;
}

/** For tokens on a fixed clock (ECR's 12 h); undefined for secrets that do not expire. */
export function tokenLife(credential: CredentialView, now: number): TokenLife | undefined {
  if (!credential.expiresAt) return undefined;
  const end = Date.parse(credential.expiresAt);
  const hours = presetById(credential.preset).expiresAfterHours;
  const lifeMs = hours === null ? end - Date.parse(credential.secret.setAt) : hours * 3_600_000;
  const left = end - now;
  return {
    state: left <= 0 ? 'expired' : left <= lifeMs / 6 ? 'ending' : 'fresh',
    issuedAt: credential.secret.setAt,
    expiresAt: credential.expiresAt,
  };
}

/** A short mark per preset, drawn as the card's icon. */
export const PRESET_MARKS: Record<CredentialView['preset'], string> = {
  dockerhub: 'DH',
  ghcr: 'GH',
  ecr: 'ECR',
  acr: 'ACR',
  gar: 'GAR',
  jfrog: 'JF',
  generic: 'REG',
};
