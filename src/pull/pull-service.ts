/**
 * Pulling an image through the engine, with the credential Berth resolves for it: progress
 * (coalesced), a per-pull log ("Pulling image: …", "Image digest: …"), the digest the engine
 * recorded (cross-checked with the registry when it answers) and one ledger entry per pull,
 * whether it succeeded, failed or was cancelled.
 */
import { randomUUID } from 'node:crypto';
import type { EnginePort } from '../engine';
import type { Ledger } from '../ledger';
import { headManifest } from '../registry';
import type { RegistryClient } from '../registry';
import type { Resolution } from '../credentials/resolve-credential';
import type { ImageDetails } from '../shared/contract';
import { BerthError, toErrorShape } from '../shared/errors';
import type { PullEntry, PullResult } from '../shared/ledger';
import type { PullProgress } from '../shared/pull';
import {
  DEFAULT_DOMAIN,
  nameOf,
  parseNormalizedNamed,
  referenceString,
  withTag,
} from '../shared/reference';
import type { Reference } from '../shared/reference';
import { Coalescer, PROGRESS_INTERVAL_MS, PullProgressTracker } from './progress';

export type LogLevel = 'info' | 'warning';

export interface PullServiceDeps {
  engine: EnginePort;
  resolver: { resolve(reference: string): Promise<Resolution> };
  ledger: Ledger;
  /** For the digest cross-check; without it the engine's digest stands alone. */
  registry?: RegistryClient;
  /**
   * Why a pull failed, in one word for the ledger. The error's code until the diagnosis
   * refines it (its classifier plugs in here).
   */
  classify?: (error: BerthError) => string;
  now?: () => number;
  progressIntervalMs?: number;
  /** Bound on the registry cross-check, which must not hold up a finished pull. */
  crossCheckTimeoutMs?: number;
}

export interface PullOptions {
  /** os/arch[/variant]; the engine's own when absent. */
  platform?: string;
  signal?: AbortSignal;
  /** At most 10 a second; the final state always comes last. */
  onProgress?(progress: PullProgress): void;
  /** The pull's log lines: the CLI prints them, the app shows them in the pull's log. */
  log?(line: string, level: LogLevel): void;
}

export interface PullOutcome {
  result: PullResult;
  entry: PullEntry;
  /** False when the ledger could not be written (the pull's result stands). */
  recorded: boolean;
  error?: BerthError;
}

/** What `docker pull <input>` pulls: normalised, with `latest` when neither tag nor digest. */
export function pullReference(input: string): Reference {
  const ref = parseNormalizedNamed(input.trim());
  return ref.tag || ref.digest ? ref : withTag(ref, 'latest');
}

/** The engine's registry auth names Docker Hub by its legacy index address, as docker login does. */
function serverAddress(domain: string): string {
  return domain === DEFAULT_DOMAIN ? 'https://index.docker.io/v1/' : domain;
}

/**
 * The digest the engine recorded for this repository (its RepoDigest). For a multi-platform
 * tag that is the index's digest, the same the registry serves for the tag.
 */
export function repoDigestFor(
  details: ImageDetails,
  ref: Reference,
  announced: string | null,
): string | null {
  const name = nameOf(ref);
  const digests = details.repoDigests.flatMap((value) => {
    try {
      const parsed = parseNormalizedNamed(value);
      return nameOf(parsed) === name && parsed.digest ? [parsed.digest] : [];
    } catch {
      return [];
    }
  });
  for (const wanted of [ref.digest, announced]) {
    if (wanted && digests.includes(wanted)) return wanted;
  }
  return digests[0] ?? null;
}

function asBerthError(error: unknown): BerthError {
  return error instanceof BerthError ? error : BerthError.fromShape(toErrorShape(error));
}

export class PullService {
  private readonly now: () => number;

  constructor(private readonly deps: PullServiceDeps) {
    this.now = deps.now ?? (() => Date.now());
  }

  /** Throws only for an invalid reference; every other outcome is recorded and returned. */
  async pull(input: string, options: PullOptions = {}): Promise<PullOutcome> {
    const ref = pullReference(input);
    const reference = referenceString(ref);
    const { signal } = options;
    const log = (line: string, level: LogLevel = 'info') => options.log?.(line, level);
    const started = this.now();
    const tracker = new PullProgressTracker(this.now);
    const coalescer = new Coalescer(
      () => options.onProgress?.(tracker.snapshot()),
      this.deps.progressIntervalMs ?? PROGRESS_INTERVAL_MS,
    );
    let platform: string | null = options.platform ?? null;
    let credentialSource = 'anonymous';
    let digest: string | null = null;
    let failure: BerthError | undefined;

    log(`Pulling image: ${reference}`);
    try {
      const [engineInfo, resolution] = await Promise.all([
        options.platform ? null : this.deps.engine.info().catch(() => null),
        this.deps.resolver.resolve(reference),
      ]);
      if (engineInfo) platform = `${engineInfo.os}/${engineInfo.arch}`;
      credentialSource = resolution.explanation.chosen?.sourceLabel ?? 'anonymous';
      const credential = await resolution.credential();
      if (!credential) credentialSource = 'anonymous';
      await this.deps.engine.pullImage(reference, {
        ...(credential
          ? {
              auth: {
                username: credential.username,
                password: credential.secret,
                serveraddress: serverAddress(ref.domain),
              },
            }
          : {}),
        ...(options.platform ? { platform: options.platform } : {}),
        ...(signal ? { signal } : {}),
        onEvent: (event) => {
          if (tracker.apply(event)) coalescer.notify();
        },
      });
      tracker.complete();
      digest = await this.engineDigest(ref, reference, tracker.digest);
      if (digest) {
        log(`Image digest: ${digest}`);
        await this.crossCheck(ref, reference, digest, log, signal);
      } else {
        log(`Warning: the engine recorded no digest for ${reference}.`, 'warning');
      }
    } catch (error) {
      failure = asBerthError(error);
    } finally {
      await coalescer.flush();
    }

    const cancelled =
      failure !== undefined && (failure.code === 'pull.cancelled' || signal?.aborted === true);
    const result: PullResult = failure ? (cancelled ? 'cancelled' : 'failed') : 'success';
    const entry: PullEntry = {
      id: randomUUID(),
      kind: 'pull',
      time: new Date(started).toISOString(),
      reference,
      digest: result === 'success' ? digest : null,
      platform,
      credentialSource,
      durationMs: Math.max(0, Math.round(this.now() - started)),
      bytes: Math.round(tracker.bytes.current),
      result,
      cause: failure && !cancelled ? (this.deps.classify ?? ((e) => e.code))(failure) : null,
      message: failure ? failure.message : null,
    };
    let recorded = true;
    try {
      await this.deps.ledger.append(entry);
    } catch (error) {
      recorded = false;
      log(
        `Warning: the pull was not recorded in the ledger: ${toErrorShape(error).message}`,
        'warning',
      );
    }
    return { result, entry, recorded, ...(failure ? { error: failure } : {}) };
  }

  private async engineDigest(
    ref: Reference,
    reference: string,
    announced: string | null,
  ): Promise<string | null> {
    try {
      const details = await this.deps.engine.inspectImage(reference);
      return repoDigestFor(details, ref, announced) ?? announced ?? (ref.digest || null);
    } catch {
      return announced ?? (ref.digest || null);
    }
  }

  /** The registry's digest for the tag, when it answers: a mismatch is worth a warning only. */
  private async crossCheck(
    ref: Reference,
    reference: string,
    digest: string,
    log: (line: string, level: LogLevel) => void,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { registry } = this.deps;
    if (!registry || ref.digest || !ref.tag) return;
    const bound = AbortSignal.timeout(this.deps.crossCheckTimeoutMs ?? 5_000);
    try {
      const head = await headManifest(
        registry,
        { registry: ref.domain, repository: ref.path },
        ref.tag,
        signal ? AbortSignal.any([signal, bound]) : bound,
      );
      if (head.digest && head.digest !== digest) {
        log(
          `Warning: the registry now serves ${head.digest} for ${reference}, not ${digest}: the tag moved during the pull, or a mirror served an older image.`,
          'warning',
        );
      }
    } catch {
      // The registry did not answer Berth (a mirror, a proxy, a timeout): the engine's digest stands.
    }
  }
}
