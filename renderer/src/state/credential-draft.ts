/**
 * The add / edit form's draft and the requests made from it. The draft lives in the form only:
 * its secret is what the user typed, never something the main process sent (it sends none).
 */
import type { Request } from '../../../src/shared/contract';
import type { CredentialView } from '../../../src/shared/credentials';
import type { ErrorShape } from '../../../src/shared/errors';
import { presetById } from '../../../src/shared/registry-presets';
import type { PresetId } from '../../../src/shared/registry-presets';
import { splitErrors } from './request-errors';
import type { SplitErrors } from './request-errors';

export interface CredentialDraft {
  preset: PresetId;
  registry: string;
  username: string;
  /** '' when editing keeps the stored secret. */
  secret: string;
  patterns: string[];
  sampleImage: string;
}

export type DraftField = 'registry' | 'username' | 'secret' | 'patterns' | 'sampleImage';

export function newDraft(preset: PresetId = 'generic'): CredentialDraft {
  const p = presetById(preset);
  return {
    preset,
    registry: p.registry ?? '',
    username: p.usernames[0] ?? '',
    secret: '',
    patterns: [],
    sampleImage: '',
  };
}

export function draftOf(credential: CredentialView): CredentialDraft {
  return {
    preset: credential.preset,
    registry: credential.registry,
    username: credential.username,
    secret: '',
    patterns: [...credential.patterns],
    sampleImage: '',
  };
}

/**
 * Switching presets fills what the new preset fixes (the host for Docker Hub and GHCR, AWS
 * for ECR), but only over what the old preset filled in: what the user typed stays.
 */
export function withPreset(draft: CredentialDraft, next: PresetId): CredentialDraft {
  const before = presetById(draft.preset);
  const after = presetById(next);
  const registryWasPreset = draft.registry === '' || draft.registry === before.registry;
  const usernameWasPreset = draft.username === '' || before.usernames.includes(draft.username);
  return {
    ...draft,
    preset: next,
    registry: registryWasPreset ? (after.registry ?? '') : draft.registry,
    username: usernameWasPreset ? (after.usernames[0] ?? '') : draft.username,
  };
}

/** GCP's `_json_key` secret is a whole service-account key: it needs room, not a password box. */
export function wantsLongSecret(draft: CredentialDraft): boolean {
  return draft.username.trim() === '_json_key';
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

export function saveRequest(
  draft: CredentialDraft,
  id: string | undefined,
  verify: boolean,
): Request<'registries.save'> {
  const sampleImage = optional(draft.sampleImage);
  return {
    ...(id ? { id } : {}),
    registry: draft.registry.trim(),
    username: draft.username.trim(),
    // Empty keeps the stored secret; a secret is sent exactly as typed (spaces may matter).
    ...(draft.secret !== '' ? { secret: draft.secret } : {}),
    patterns: draft.patterns.map((p) => p.trim()).filter(Boolean),
    preset: draft.preset,
    verify,
    ...(sampleImage ? { sampleImage } : {}),
  };
}

/**
 * A draft with a secret is tested as typed. An edit without a new secret tests the stored
 * credential (its stored host and username: the contract has no "stored secret, new host").
 */
export function testRequest(
  draft: CredentialDraft,
  id: string | undefined,
): Request<'registries.test'> {
  const sampleImage = optional(draft.sampleImage);
  const sample = sampleImage ? { sampleImage } : {};
  if (id && draft.secret === '') return { id, ...sample };
  return {
    draft: {
      registry: draft.registry.trim(),
      username: draft.username.trim(),
      secret: draft.secret,
    },
    ...sample,
  };
}

const FIELDS: readonly string[] = ['registry', 'username', 'secret', 'patterns', 'sampleImage'];

function fieldOf(path: readonly string[]): DraftField | undefined {
  // registries.test nests the draft: draft.registry is the registry field.
  const [first, second] = path;
  const name = first === 'draft' ? second : first;
  return name !== undefined && FIELDS.includes(name) ? (name as DraftField) : undefined;
}

export function draftErrors(error: ErrorShape | undefined): SplitErrors<DraftField> {
  return splitErrors(error, fieldOf, {
    'credentials.invalid_pattern': 'patterns',
    'credentials.secret_required': 'secret',
    'credentials.secret_missing': 'secret',
  });
}
