/**
 * Berth's own credentials: metadata in registries.json, the secret in the OS keychain under
 * `<username>@<registry>`. The keychain is written first, so the metadata never names a
 * secret that is not there; a credential is unique per registry and username.
 */
import type { CredentialView, Verification } from '../shared/credentials';
import { BerthError } from '../shared/errors';
import type { ErrorShape } from '../shared/errors';
import { presetById } from '../shared/registry-presets';
import type { PresetId } from '../shared/registry-presets';
import type { Keychain } from './keychain';
import { MetadataStore } from './metadata-file';
import type { StoredCredential } from './metadata-file';
import { validatePattern } from './patterns';

export interface SaveInput {
  id?: string | undefined;
  registry: string;
  username: string;
  secret?: string | undefined;
  patterns: string[];
  preset: PresetId;
  verification?: Verification | null;
  importedFrom?: string | null;
  /** The secret is an identity (refresh) token; kept until a new secret replaces it. */
  identityToken?: boolean;
}

export function keychainAccount(registry: string, username: string): string {
  return `${username}@${registry}`;
}

export function normalizeRegistry(registry: string): string {
  const host = registry.trim().toLowerCase();
  return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(host)
    ? 'docker.io'
    : host;
}

export function toView(stored: StoredCredential): CredentialView {
  const hours = presetById(stored.preset).expiresAfterHours;
  return {
    id: stored.id,
    registry: stored.registry,
    username: stored.username,
    patterns: stored.patterns,
    preset: stored.preset,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    secret: { stored: true, length: stored.secretLength, setAt: stored.secretSetAt },
    verification: stored.verification,
    expiresAt:
      hours === null
        ? null
        : new Date(Date.parse(stored.secretSetAt) + hours * 3_600_000).toISOString(),
    importedFrom: stored.importedFrom,
  };
}

export class CredentialStore {
  readonly metadata: MetadataStore;

  constructor(
    dataDir: string,
    private readonly keychain: Keychain,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.metadata = new MetadataStore(dataDir);
  }

  async list(): Promise<{ credentials: StoredCredential[]; warning: ErrorShape | null }> {
    return this.metadata.load();
  }

  async get(id: string): Promise<StoredCredential> {
    const found = (await this.list()).credentials.find((c) => c.id === id);
    if (!found) {
      throw new BerthError(
        'credentials.not_found',
        `No stored credential has the id ${id}.`,
        'Refresh the list: it may have been removed by another Berth window.',
      );
    }
    return found;
  }

  async secretOf(stored: StoredCredential): Promise<string> {
    const secret = await this.keychain.get(keychainAccount(stored.registry, stored.username));
    if (secret === null) {
      throw new BerthError(
        'credentials.secret_missing',
        `The secret for ${stored.username}@${stored.registry} is not in the OS keychain any more.`,
        'It was removed outside Berth: edit the credential and enter the secret again.',
      );
    }
    return secret;
  }

  async save(input: SaveInput): Promise<StoredCredential> {
    const registry = normalizeRegistry(input.registry);
    const patterns = [...new Set(input.patterns.map((p) => p.trim()).filter(Boolean))];
    for (const pattern of patterns) {
      const problem = validatePattern(pattern);
      if (problem)
        throw new BerthError(
          'credentials.invalid_pattern',
          problem,
          'Example: myregistry.azurecr.io/team-a/*',
        );
    }
    const existing = (await this.list()).credentials;
    const previous = input.id ? existing.find((c) => c.id === input.id) : undefined;
    if (input.id && !previous) await this.get(input.id); // throws credentials.not_found
    const twin = existing.find(
      (c) => c.registry === registry && c.username === input.username && c.id !== previous?.id,
    );
    const target = previous ?? twin;
    if (!target && input.secret === undefined) {
      throw new BerthError(
        'credentials.secret_required',
        `A secret is required for a new credential for ${registry}.`,
      );
    }
    const account = keychainAccount(registry, input.username);
    // What the keychain held before, so a failed metadata write can put it back (issue 12:
    // a login whose registries.json write fails must not leave a secret Berth never lists).
    const moved =
      input.secret === undefined &&
      previous !== undefined &&
      keychainAccount(previous.registry, previous.username) !== account;
    const touchesKeychain = input.secret !== undefined || moved;
    const before = touchesKeychain ? await this.keychain.get(account) : null;
    if (input.secret !== undefined) await this.keychain.set(account, input.secret);
    else if (moved && previous) {
      // Renamed without a new secret: move it to the new account.
      await this.keychain.set(account, await this.secretOf(previous));
    }
    const at = this.now().toISOString();
    let saved: StoredCredential;
    try {
      saved = await this.writeMetadata(input, registry, patterns, target, at);
    } catch (error) {
      if (touchesKeychain) await this.restoreKeychain(account, before, error);
      throw error;
    }
    if (previous && keychainAccount(previous.registry, previous.username) !== account) {
      await this.keychain.delete(keychainAccount(previous.registry, previous.username));
    }
    return saved;
  }

  /** Puts the keychain entry back as it was; a failure to do so is said, not swallowed. */
  private async restoreKeychain(
    account: string,
    before: string | null,
    cause: unknown,
  ): Promise<void> {
    try {
      if (before === null) await this.keychain.delete(account);
      else await this.keychain.set(account, before);
    } catch (rollback) {
      throw new BerthError(
        'credentials.rollback_failed',
        `Saving ${account} failed (${(cause as Error).message}), and removing its secret from the OS keychain failed too: ${(rollback as Error).message}`,
        `Remove it by hand: secret-tool clear service dev.berth.registry username ${account} (or the Keychain Access / Credential Manager entry).`,
      );
    }
  }

  private writeMetadata(
    input: SaveInput,
    registry: string,
    patterns: string[],
    target: StoredCredential | undefined,
    at: string,
  ): Promise<StoredCredential> {
    return this.metadata.update((credentials) => {
      const index = credentials.findIndex((c) => c.id === target?.id);
      const before = index >= 0 ? credentials[index] : undefined;
      const next: StoredCredential = {
        // node:crypto loads on first use, not with this file: a pull's start does without it
        // (cli-bundle.test.ts).
        id: before?.id ?? process.getBuiltinModule('node:crypto').randomUUID(),
        registry,
        username: input.username,
        patterns,
        preset: input.preset,
        createdAt: before?.createdAt ?? at,
        updatedAt: at,
        secretLength: input.secret?.length ?? before?.secretLength ?? 0,
        secretSetAt: input.secret !== undefined ? at : (before?.secretSetAt ?? at),
        verification:
          input.verification !== undefined
            ? input.verification
            : input.secret !== undefined
              ? null
              : (before?.verification ?? null),
        importedFrom:
          input.importedFrom !== undefined ? input.importedFrom : (before?.importedFrom ?? null),
        ...((input.secret !== undefined ? input.identityToken : before?.identityToken)
          ? { identityToken: true }
          : {}),
      };
      if (index >= 0) credentials[index] = next;
      else credentials.push(next);
      return next;
    });
  }

  async recordVerification(id: string, verification: Verification): Promise<void> {
    await this.metadata.update((credentials) => {
      const found = credentials.find((c) => c.id === id);
      if (found) found.verification = verification;
    });
  }

  async remove(id: string): Promise<boolean> {
    const stored = (await this.list()).credentials.find((c) => c.id === id);
    if (!stored) return false;
    await this.keychain.delete(keychainAccount(stored.registry, stored.username));
    await this.metadata.update((credentials) => {
      const index = credentials.findIndex((c) => c.id === id);
      if (index >= 0) credentials.splice(index, 1);
    });
    return true;
  }
}
