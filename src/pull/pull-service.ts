/**
 * Pulling an image through the engine, with the credential Berth resolves for it: progress
 * (coalesced), a per-pull log ("Pulling image: …", "Image digest: …"), the digest the engine
 * recorded (cross-checked with the registry when it answers) and one ledger entry per pull,
 * whether it succeeded, failed or was cancelled.
 */
import { uniqueId } from '../shared/unique-id';
import type { EnginePort } from '../engine';
import {
  plaintextAuthRefused,
  plaintextAuthWarning,
  plaintextRemoteEngine,
} from './plaintext-engine';
import type { Ledger } from '../ledger';
import { headManifest } from '../registry';
import type { RegistryClient } from '../registry';
import type { Resolution } from '../credentials';
import type { ImageDetails } from '../shared/contract';
import { platformText } from '../shared/image-content';
import { BerthError, toErrorShape } from '../shared/errors';
import type { PullEntry, PullResult } from '../shared/ledger';
import type { PullProgress } from '../shared/pull';
import {
  parseNormalizedNamed,
  referenceString,
  repositoryDigests,
  withTag,
} from '../shared/reference';
import type { Reference } from '../shared/reference';
import { Coalescer, PROGRESS_INTERVAL_MS, PullProgressTracker } from './progress';
import { engineAuthOf } from './engine-auth';

export type LogLevel = 'info' | 'warning';

/** A failed pull, as the diagnosis needs it. */
export interface PullFailure {
  error: BerthError;
  /** Canonical, as pulled. */
  reference: string;
  /** The platform asked for, or the engine's own. */
  platform: string | null;
  /** What went wrong while finding the credential (a missing helper, an unreadable file). */
  credentialProblems: string[];
}

/** Why a pull failed: one word for the ledger, and what to do about it. */
export interface PullVerdict {
  cause: string;
  summary: string;
  fix: string[];
}

/** Without a diagnosis: the error's code and its own hint. */
export const byErrorCode = ({ error }: PullFailure): PullVerdict => ({
  cause: error.code,
  summary: error.message,
  fix: error.hint ? [error.hint] : [],
});

/**
 * Until the registry answers, the engine says nothing, and moby's registry client has no
 * response timeout: a registry that accepts and never answers would hold the pull forever.
 */
export const ANSWER_TIMEOUT_MS = 60_000;

export interface PullServiceDeps {
  engine: EnginePort;
  resolver: { resolve(reference: string): Promise<Resolution> };
  ledger: Ledger;
  /** For the digest cross-check; without it the engine's digest stands alone. */
  registry?: RegistryClient;
  /** Why a pull failed (the diagnosis plugs in here); the error's code when absent. */
  classify?: (failure: PullFailure) => PullVerdict | Promise<PullVerdict>;
  /** How long the engine may stay silent before its first message; ANSWER_TIMEOUT_MS by default. */
  answerTimeoutMs?: number;
  now?: () => number;
  progressIntervalMs?: number;
  /** Bound on the registry cross-check, which must not hold up a finished pull. */
  crossCheckTimeoutMs?: number;
  /** The user's opt-in to send a password to a remote engine over plain tcp://. */
  allowPlaintextAuth?: () => boolean;
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
  /** A failure, its hint replaced by the diagnosis's fix. */
  error?: BerthError;
  /** Why it failed; absent on success and cancel. */
  verdict?: PullVerdict;
}

/** What `docker pull <input>` pulls: normalised, with `latest` when neither tag nor digest. */
export function pullReference(input: string): Reference {
  const ref = parseNormalizedNamed(input.trim());
  return ref.tag || ref.digest ? ref : withTag(ref, 'latest');
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
  const digests = repositoryDigests(details.repoDigests, ref);
  for (const wanted of [ref.digest, announced]) {
    if (wanted && digests.includes(wanted)) return wanted;
  }
  return digests[0] ?? null;
}

/** The engine went quiet past the answer timeout: the registry is not answering it. */
function silentEngine(reference: string, answerMs: number): BerthError {
  return new BerthError(
    'pull.timeout',
    `The engine said nothing about ${reference} for ${Math.round(answerMs / 1000)} s: the registry is not answering it.`,
    `Run \`berth doctor ${reference}\` to find out why.`,
    { reference },
  );
}

/**
 * What the tag held before the pull, as read alongside it. A "before" equal to the new digest
 * is only believed when the engine said the image was up to date: otherwise the read may have
 * come after the engine moved the tag, and no answer beats a wrong one.
 */
export function previousOf(
  before: string | null,
  after: string | null,
  upToDate: boolean,
): string | null {
  return before !== null && before === after && !upToDate ? null : before;
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
    // Without a listener there is nothing to rate-limit (the CLI's --json).
    const coalescer = new Coalescer(
      () => options.onProgress?.(tracker.snapshot()),
      options.onProgress ? (this.deps.progressIntervalMs ?? PROGRESS_INTERVAL_MS) : 0,
    );
    let platform: string | null = options.platform ?? null;
    let credentialSource = 'anonymous';
    let credentialProblems: string[] = [];
    let digest: string | null = null;
    let failure: BerthError | undefined;
    const answerMs = this.deps.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
    const silence = new AbortController();
    let silenceTimer: ReturnType<typeof setTimeout> | undefined;

    log(`Pulling image: ${reference}`);
    // What the tag held before, for a refresh's ledger entry (old digest beside the new), read
    // once the pull's request is out rather than before it: the engine answers an inspect from
    // its own store at once, and moves the tag only once the registry has served the manifest,
    // while the read's round trip before the request would be Berth's own time (issue 11).
    // Where the read could still come too late (a retag whose layers are all local),
    // `previousOf` refuses a "before" equal to the new digest unless the engine said it was
    // up to date. A pull that fails before its request reads it then: nothing moved.
    let previous: Promise<string | null> | undefined;
    const readPrevious = () =>
      (previous ??= ref.digest
        ? Promise.resolve(null)
        : this.deps.engine
            .inspectImage(reference, { layers: false })
            .then((details) => repoDigestFor(details, ref, null))
            .catch(() => null));
    // The registry's digest (the cross-check) is asked for alongside the pull too, once the
    // engine has answered: loading the HTTP client and the HEAD never hold up the pull's request.
    const besides = new AbortController();
    let registryDigest: Promise<string | null> | undefined;
    const crossCheck = () =>
      (registryDigest ??= this.registryDigest(
        ref,
        signal ? AbortSignal.any([signal, besides.signal]) : besides.signal,
      ));
    try {
      const resolution = await this.deps.resolver.resolve(reference);
      credentialSource = resolution.explanation.chosen?.sourceLabel ?? 'anonymous';
      credentialProblems = resolution.explanation.problems.map((p) => p.code);
      const credential = await resolution.credential();
      if (!credential) credentialSource = 'anonymous';
      const plaintext = credential ? plaintextRemoteEngine(this.deps.engine.endpoint) : null;
      if (plaintext) {
        if (!this.deps.allowPlaintextAuth?.()) throw plaintextAuthRefused(plaintext, ref.domain);
        log(plaintextAuthWarning(plaintext, ref.domain), 'warning');
      }
      silenceTimer = setTimeout(() => silence.abort(), answerMs);
      const pulled = this.deps.engine.pullImage(reference, {
        ...(credential ? { auth: engineAuthOf(credential, ref.domain) } : {}),
        ...(options.platform ? { platform: options.platform } : {}),
        signal: signal ? AbortSignal.any([signal, silence.signal]) : silence.signal,
        onEvent: (event) => {
          clearTimeout(silenceTimer);
          crossCheck();
          if (tracker.apply(event)) coalescer.notify();
        },
      });
      readPrevious();
      await pulled;
      clearTimeout(silenceTimer);
      tracker.complete();
      const recorded = await this.checkDigest(ref, reference, tracker, {
        previous: readPrevious(),
        registryDigest: crossCheck(),
        log,
      });
      digest = recorded.digest;
      platform ??= recorded.platform;
    } catch (error) {
      failure =
        silence.signal.aborted && !signal?.aborted
          ? silentEngine(reference, answerMs)
          : BerthError.from(error);
    } finally {
      clearTimeout(silenceTimer);
      besides.abort();
      // The final progress goes out now, not after the rate limit's interval.
      coalescer.flush();
    }
    // A failed pull has no image to read the platform from: the engine's own stands in.
    if (failure && !platform) {
      const info = await this.deps.engine.info().catch(() => null);
      if (info) platform = `${info.os}/${info.arch}`;
    }

    return this.record({
      reference,
      failure,
      cancelled:
        failure !== undefined && (failure.code === 'job.cancelled' || signal?.aborted === true),
      started,
      digest,
      previous: previousOf(await readPrevious(), digest, tracker.upToDate),
      platform,
      credentialSource,
      credentialProblems,
      bytes: tracker.bytes.current,
      log,
    });
  }

  /**
   * The digest the engine recorded and the platform of what it pulled, logged with what the
   * tag held before and a warning when the registry serves another digest (the tag moved
   * during the pull, or a mirror is behind).
   */
  private async checkDigest(
    ref: Reference,
    reference: string,
    tracker: PullProgressTracker,
    besides: {
      previous: Promise<string | null>;
      registryDigest: Promise<string | null>;
      log: (line: string, level?: LogLevel) => void;
    },
  ): Promise<{ digest: string | null; platform: string | null }> {
    const { log } = besides;
    const { digest, platform } = await this.engineRecord(ref, reference, tracker.digest);
    if (!digest) {
      log(`Warning: the engine recorded no digest for ${reference}.`, 'warning');
      return { digest, platform };
    }
    log(`Image digest: ${digest}`);
    const before = previousOf(await besides.previous, digest, tracker.upToDate);
    if (before && before !== digest) log(`Updated from: ${before}`);
    const served = await besides.registryDigest;
    if (served && served !== digest) {
      log(
        `Warning: the registry serves ${served} for ${reference}, not ${digest}: the tag moved during the pull, or a mirror served an older image.`,
        'warning',
      );
    }
    return { digest, platform };
  }

  /** How the pull ended, diagnosed when it failed, written to the ledger and returned. */
  private async record(pull: {
    reference: string;
    failure: BerthError | undefined;
    cancelled: boolean;
    started: number;
    digest: string | null;
    previous: string | null;
    platform: string | null;
    credentialSource: string;
    credentialProblems: string[];
    bytes: number;
    log: (line: string, level?: LogLevel) => void;
  }): Promise<PullOutcome> {
    const { reference, failure, cancelled, platform, credentialProblems, log } = pull;
    const result: PullResult = failure ? (cancelled ? 'cancelled' : 'failed') : 'success';
    // Berth's own refusal needs no diagnosis: its message and hint are the answer.
    const verdict =
      failure && !cancelled && failure.code !== 'pull.plaintext_auth_refused'
        ? await this.diagnose({ error: failure, reference, platform, credentialProblems })
        : undefined;
    const entry: PullEntry = {
      id: uniqueId(),
      kind: 'pull',
      time: new Date(pull.started).toISOString(),
      reference,
      digest: result === 'success' ? pull.digest : null,
      previousDigest: pull.previous,
      platform,
      credentialSource: pull.credentialSource,
      durationMs: Math.max(0, Math.round(this.now() - pull.started)),
      bytes: Math.round(pull.bytes),
      result,
      cause: verdict?.cause ?? null,
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
    const error =
      failure && verdict
        ? new BerthError(failure.code, failure.message, verdict.fix.join(' ') || failure.hint, {
            ...failure.details,
            cause: verdict.cause,
          })
        : failure;
    return {
      result,
      entry,
      recorded,
      ...(error ? { error } : {}),
      ...(verdict ? { verdict } : {}),
    };
  }

  /** A classifier that fails must not lose the pull's record: the error's code stands in. */
  private async diagnose(failure: PullFailure): Promise<PullVerdict> {
    try {
      return await (this.deps.classify ?? byErrorCode)(failure);
    } catch {
      return byErrorCode(failure);
    }
  }

  /**
   * The registry's current digest for a tag, by one manifest HEAD (no pull, no rate-limit
   * cost on Docker Hub); null when the registry does not answer in time.
   */
  async currentDigest(reference: string, signal?: AbortSignal): Promise<string | null> {
    return this.registryDigest(pullReference(reference), signal ?? new AbortController().signal);
  }

  /** The digest the engine recorded for the tag, and the platform of the image it holds. */
  private async engineRecord(
    ref: Reference,
    reference: string,
    announced: string | null,
  ): Promise<{ digest: string | null; platform: string | null }> {
    try {
      const details = await this.deps.engine.inspectImage(reference, { layers: false });
      return {
        digest: repoDigestFor(details, ref, announced) ?? announced ?? (ref.digest || null),
        platform: details.os && details.architecture ? platformText(details) : null,
      };
    } catch {
      return { digest: announced ?? (ref.digest || null), platform: null };
    }
  }

  /**
   * The registry's digest for the tag, or null when it does not answer Berth (a mirror, a
   * proxy, a timeout): then the engine's digest stands alone. A mismatch is a warning only.
   */
  private async registryDigest(ref: Reference, signal: AbortSignal): Promise<string | null> {
    const { registry } = this.deps;
    if (!registry || ref.digest || !ref.tag) return null;
    const bound = AbortSignal.timeout(this.deps.crossCheckTimeoutMs ?? 5_000);
    try {
      const head = await headManifest(
        registry,
        { registry: ref.domain, repository: ref.path },
        ref.tag,
        AbortSignal.any([signal, bound]),
      );
      return head.digest || null;
    } catch {
      return null;
    }
  }
}
