/**
 * The Registries screen's and the CLI's credential operations over the contract. Secrets come
 * in (a save, a draft test) and stay here: every answer is built from CredentialView,
 * LoginReport, Explanation and ImportEntry, none of which has a field for one.
 */
import type { CredentialView, ImportEntry, LoginReport, Verification } from '../shared/credentials';
import type { ParsedRequest, Response } from '../shared/contract';
import { BerthError } from '../shared/errors';
import type { ErrorShape } from '../shared/errors';
import { presetForRegistry } from '../shared/registry-presets';
import type { RegistryClient } from '../registry';
import {
  normalizeRegistry,
  toView,
  verifyLogin,
  pathOfKey,
  dockerConfigServerKey,
  kubeUsage,
  pullSecretYaml,
  checkExportPath,
  replaceWithSecretFile,
  writeNewSecretFile,
  kubeletLookup,
  toolAuthKey,
  toolAuthPath,
  undoAuthEntry,
  writeAuthEntry,
} from '../credentials';
import type {
  AuthTool,
  CredentialStore,
  CredentialResolver,
  FoundCredential,
  SecretEntry,
} from '../credentials';
import type { KubeletMatch } from '../shared/kube-pull-secret';
import type { TransportView } from '../shared/transport';
import { parseNormalizedNamed } from '../shared/reference';
import { describeTransport } from '../registry';
import type { SystemTrustPort } from '../registry';

export type ImportFrom = 'docker' | 'podman' | 'all';

/** Reads what ~/.docker/config.json and podman's auth.json hold, helpers included. */
export type ScanExternal = (
  from: ImportFrom,
) => Promise<{ found: FoundCredential[]; problems: ErrorShape[] }>;

/** The app's save dialog; null when the user cancelled. Absent in the CLI and browser mode. */
export type ChooseSavePath = (suggestedName: string) => Promise<string | null>;

const importKey = (found: FoundCredential) => `${found.source}|${found.file}|${found.serverKey}`;

function verificationOf(report: LoginReport, at: string): Verification {
  return {
    at,
    ok: report.ok,
    ...(report.failedStep ? { failedStep: report.failedStep } : {}),
    ...(report.error ? { message: report.error.message } : {}),
  };
}

export class CredentialsService {
  constructor(
    private readonly store: CredentialStore,
    private readonly resolver: CredentialResolver,
    private readonly registry: RegistryClient,
    private readonly scanExternal: ScanExternal,
    private readonly chooseSavePath?: ChooseSavePath,
    /** Folders a secret must never be written into: BERTH_HOME, and what browser mode serves. */
    private readonly protectedDirs: string[] = [],
    /** The environment registry HTTP reads its CAs, certs.d roots and proxy from. */
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** The app's OS store and proxy settings. */
    private readonly system?: SystemTrustPort,
  ) {}

  /** Which CAs, client certificate and proxy registry HTTP uses for an image's registry. */
  transport(reference: string): Promise<TransportView> {
    let registry = reference.trim();
    try {
      registry = parseNormalizedNamed(reference).domain;
    } catch {
      // Not an image reference: a registry host as given.
    }
    return describeTransport(registry, {
      env: this.env,
      ...(this.system ? { system: this.system } : {}),
    });
  }

  /** Browser mode serves this folder: a pull secret written there would be readable over HTTP. */
  protectFolder(dir: string): void {
    if (!this.protectedDirs.includes(dir)) this.protectedDirs.push(dir);
  }

  async list(): Promise<Response<'registries.list'>> {
    const { credentials, warning } = await this.store.list();
    return { credentials: credentials.map(toView), warning };
  }

  async save(request: ParsedRequest<'registries.save'>): Promise<Response<'registries.save'>> {
    const registry = normalizeRegistry(request.registry);
    let report: LoginReport | null = null;
    if (request.verify) {
      const secret =
        request.secret ??
        (request.id ? await this.store.secretOf(await this.store.get(request.id)) : undefined);
      if (secret === undefined) {
        throw new BerthError(
          'credentials.secret_required',
          `A secret is required for a new credential for ${registry}.`,
        );
      }
      report = await verifyLogin(
        this.registry,
        registry,
        { username: request.username, secret },
        request.sampleImage,
      );
      if (!report.ok) return { saved: null, report };
    }
    const stored = await this.store.save({
      id: request.id,
      registry,
      username: request.username,
      secret: request.secret,
      patterns: request.patterns,
      preset: request.preset,
      ...(report ? { verification: verificationOf(report, new Date().toISOString()) } : {}),
    });
    return { saved: toView(stored), report };
  }

  async remove(id: string): Promise<{ removed: boolean }> {
    return { removed: await this.store.remove(id) };
  }

  async test(request: ParsedRequest<'registries.test'>): Promise<LoginReport> {
    if (request.draft) {
      const { registry, username, secret } = request.draft;
      return verifyLogin(
        this.registry,
        normalizeRegistry(registry),
        { username, secret },
        request.sampleImage,
      );
    }
    const stored = await this.store.get(request.id ?? '');
    const secret = await this.store.secretOf(stored);
    const report = await verifyLogin(
      this.registry,
      stored.registry,
      { username: stored.username, secret },
      request.sampleImage,
    );
    await this.store.recordVerification(
      stored.id,
      verificationOf(report, new Date().toISOString()),
    );
    return report;
  }

  explain(reference: string): Promise<Response<'credentials.explain'>> {
    return this.resolver.explain(reference);
  }

  async importScan(from: ImportFrom): Promise<Response<'credentials.importScan'>> {
    const [{ found, problems }, { credentials }] = await Promise.all([
      this.scanExternal(from),
      this.store.list(),
    ]);
    const entries: ImportEntry[] = found.map((f) => ({
      key: importKey(f),
      registry: f.registry,
      username: f.username,
      source: f.source,
      sourceLabel: f.sourceLabel,
      secretLength: f.secret.length,
      identityToken: f.identityToken,
      existingId:
        credentials.find(
          (c) => c.registry === normalizeRegistry(f.registry) && c.username === f.username,
        )?.id ?? null,
    }));
    return { entries, problems };
  }

  /** Re-reads the sources (the secrets never went to the renderer) and stores the chosen keys. */
  async importApply(
    from: ImportFrom,
    keys: string[],
  ): Promise<Response<'credentials.importApply'>> {
    const { found, problems } = await this.scanExternal(from);
    const wanted = new Set(keys);
    const imported: CredentialView[] = [];
    const missing = keys.filter((k) => !found.some((f) => importKey(f) === k));
    for (const key of missing) {
      problems.push(
        new BerthError(
          'credentials.import_gone',
          `The entry ${key.split('|').at(-1) ?? key} is no longer in its source.`,
          'Scan again.',
        ).toShape(),
      );
    }
    for (const f of found.filter((entry) => wanted.has(importKey(entry)))) {
      try {
        const stored = await this.store.save({
          registry: f.registry,
          username: f.username,
          secret: f.secret,
          // A podman key for a namespace (quay.io/team) serves that namespace only; docker
          // cuts every key at its first '/', so its keys serve the whole registry.
          patterns:
            f.source === 'podman-auth' && pathOfKey(f.serverKey)
              ? [`${f.registry}/${pathOfKey(f.serverKey)}/*`]
              : [],
          preset: presetForRegistry(f.registry),
          importedFrom: f.sourceLabel,
          identityToken: f.identityToken,
        });
        imported.push(toView(stored));
      } catch (error) {
        if (error instanceof BerthError && error.code.startsWith('keychain.')) throw error;
        problems.push(
          error instanceof BerthError
            ? error.toShape()
            : { code: 'internal', message: String(error) },
        );
      }
    }
    return { imported, problems };
  }

  async exportPullSecret(
    request: ParsedRequest<'credentials.exportPullSecret'>,
  ): Promise<Response<'credentials.exportPullSecret'>> {
    const stored = await this.store.get(request.id);
    const serverKey = dockerConfigServerKey(stored.registry);
    // Checked before any file is made: a secret kubelet would never use is not worth writing.
    const kubelet = request.image
      ? kubeletLookup(
          request.image,
          [{ key: serverKey, username: stored.username }],
          'berth-export',
        )
      : undefined;
    if (kubelet && kubelet.tried.length === 0) {
      throw new BerthError(
        'credentials.export_no_match',
        `A pull secret for ${stored.registry} would not serve ${request.image}: ${kubelet.keys[0]?.note ?? 'kubelet matches no entry'}.`,
        `Export the credential of the image's registry (${kubelet.repository.split('/')[0] ?? ''}).`,
        { repository: kubelet.repository },
      );
    }
    let path: string;
    let write: (path: string, yaml: string) => Promise<number>;
    if (this.chooseSavePath) {
      // The app: only the save dialog decides, never a path from the renderer.
      if (request.path !== undefined) {
        throw new BerthError(
          'credentials.export_path_not_allowed',
          'In the app, the save dialog chooses where a pull secret is written.',
          'Leave the path out; Berth asks where to save.',
        );
      }
      const chosen = await this.chooseSavePath(`${request.name}.yaml`);
      if (chosen === null) return { path: null, bytes: 0 };
      path = chosen;
      // The dialog has asked before replacing a file; replace it without writing through it.
      write = replaceWithSecretFile;
    } else {
      if (request.path === undefined) {
        throw new BerthError(
          'credentials.export_path_required',
          'Choose the file to write the pull secret to.',
          'Give a full path to a new file, e.g. /home/me/pull-secret.yaml.',
        );
      }
      path = request.path;
      write = writeNewSecretFile;
    }
    await checkExportPath(path, this.protectedDirs);
    const yaml = await pullSecretYaml(
      serverKey,
      stored.username,
      await this.store.secretOf(stored),
      request.name,
      request.namespace,
    );
    return {
      path,
      bytes: await write(path, yaml),
      usage: await kubeUsage(request.name, request.namespace, serverKey),
      ...(kubelet ? { kubelet } : {}),
    };
  }

  /**
   * Makes `docker pull` / `podman pull` in a terminal send what Berth sends for the image:
   * writes Berth's chosen credential where the tool's own login would, then asks the tool's
   * rules again (the same ones the explainer shows). If the tool would still not send it, the
   * file is put back as it was and the answer says why.
   */
  async align(reference: string, tool: AuthTool): Promise<Response<'credentials.align'>> {
    const before = await this.resolver.explain(reference);
    const chosen = before.chosen;
    if (chosen?.source !== 'berth' || !chosen.credentialId) {
      throw new BerthError(
        'credentials.align_no_credential',
        `Berth sends no stored credential for ${before.image}, so there is nothing to give ${tool}.`,
        `Add a credential for ${before.registry} first (\`berth login ${before.registry}\`).`,
      );
    }
    const stored = await this.store.get(chosen.credentialId);
    const written = await writeAuthEntry(
      toolAuthPath(tool, this.env),
      toolAuthKey(tool, stored.registry),
      {
        username: stored.username,
        secret: await this.store.secretOf(stored),
        identityToken: stored.identityToken === true,
      },
    );
    const after = await this.resolver.explain(reference);
    const verdict = after.tools?.[tool];
    if (verdict?.outcome !== 'credential' || verdict.username !== stored.username) {
      await undoAuthEntry(written);
      throw new BerthError(
        'credentials.align_not_read',
        `${tool} would still not send ${stored.username}'s login for ${after.image}: ${verdict?.why ?? 'its rules could not be read'}. ${written.path} is back as it was.`,
        `Run \`${tool} login ${stored.registry}\` so ${tool}'s own credential helper stores it.`,
        { path: written.path },
      );
    }
    return { path: written.path, key: written.key, backup: written.backup, explanation: after };
  }

  /** Kubelet's choice among the given keys, or among those Berth would export for the image. */
  async kubeletMatch(reference: string, keys?: SecretEntry[]): Promise<KubeletMatch> {
    if (keys) return kubeletLookup(reference, keys, 'given');
    const { chosen } = await this.resolver.explain(reference);
    const entries =
      chosen?.source === 'berth'
        ? [{ key: dockerConfigServerKey(chosen.registry), username: chosen.username }]
        : [];
    const match = kubeletLookup(reference, entries, 'berth-export');
    return entries.length
      ? match
      : { ...match, summary: 'no Berth credential for this image, so no pull secret to export' };
  }
}
