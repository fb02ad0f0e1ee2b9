/** `berth doctor` and the automatic diagnosis of failed pulls, for the contract and the CLI. */
import type { Diagnosis } from '../shared/diagnosis';
import type { EngineMonitor, EnginePort } from '../engine';
import { registryConnection } from '../registry';
import type { RegistryClient, SystemTrustPort } from '../registry';
import type { CredentialResolver, CredentialStore } from '../credentials';
import {
  diagnoseCause,
  diagnoseLive,
  diagnoseMessage,
  engineCertsDir,
  isProxyCause,
  mayReload,
  readDockerConfigFacts,
  readMessage,
  readServedCertificate,
  reloadCommand,
  remediesFor,
} from '../diagnose';
import { cloudClisOnPath } from './remedy-service';
import { daemonBehind } from './daemon-remedy';
import { engineProxyOriginOf, proxyRemedyContext } from './proxy-remedy';
import type { PullFailure, PullVerdict } from '../pull';
import { uniqueId } from '../shared/unique-id';
import { BerthError } from '../shared/errors';
import { JobRegistry } from './job-registry';

/** The engine could not be reached: whatever the registry does, that is why the pull failed. */
const ENGINE_UNREACHABLE =
  /^engine\.(socket_missing|refused|permission_denied|unreachable|timeout|bad_host)$/;

/**
 * Causes the engine's words cannot settle alone: TLS and proxy failures are where the engine's
 * settings (insecure registries, its proxy) differ from Berth's, and a refused credential may
 * be a stale login on a public image; the probe compares and tries anonymously.
 */
const PROBE_WORTHY = new Set(['unknown', 'tls', 'proxy', 'bad_credentials', 'expired_credentials']);

/** Reading local credential sources (helpers are processes) for a pasted error. */
const LOCAL_LOOKUP_MS = 3_000;

/** Rejects with the one cancellation code once the job's signal aborts. */
function cancelled(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new BerthError('job.cancelled', 'The probe was cancelled.'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

function withTimeout<T>(run: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    run,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A live probe after a failed pull runs only this long: the pull's own result must stay quick. */
export const PULL_PROBE_BUDGET_MS = 5_000;

export class DiagnoseService {
  constructor(
    private readonly registry: RegistryClient,
    private readonly resolver: CredentialResolver,
    private readonly store: CredentialStore,
    private readonly monitor: EngineMonitor,
    /** For the engine's registry settings (insecure registries, proxy, mirrors). */
    private readonly engine?: EnginePort,
    /** Where docker's config and PATH are read from, for remedies. */
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** The core's one registry of long work: a probe is a `probe` job there. */
    private readonly jobs: JobRegistry = new JobRegistry(),
    /** The app's OS store and proxy settings, for the probe's connection. */
    private readonly system?: SystemTrustPort,
  ) {}

  /**
   * The live probe, as a `probe` job: `jobs.list` shows it while it runs, and `jobs.cancel`
   * ends the wait at once with `job.cancelled` (its steps are each bounded in time, so what
   * is still in flight ends by itself).
   */
  async live(
    reference: string,
    options: { message?: string; platform?: string } = {},
  ): Promise<Diagnosis> {
    const job = this.jobs.start('probe', uniqueId(), reference);
    let diagnosis: Diagnosis;
    try {
      diagnosis = await Promise.race([this.probe(reference, options), cancelled(job.signal)]);
    } finally {
      job.finish();
    }
    const host = /^([^/]+)\//.exec(diagnosis.image)?.[1] ?? null;
    const username = diagnosis.steps
      .find((s) => s.name === 'credential')
      ?.detail.match(/^(\S+) from /)?.[1];
    return this.withRemedies(
      diagnosis,
      host,
      diagnosis.image || null,
      username ?? null,
      options.message,
    );
  }

  private probe(
    reference: string,
    options: { message?: string; platform?: string },
  ): Promise<Diagnosis> {
    return diagnoseLive(
      reference,
      {
        registry: this.registry,
        resolver: this.resolver,
        store: this.store,
        proxyEnv: this.env,
        connection: (registry) =>
          registryConnection(registry, {
            env: this.env,
            ...(this.system ? { system: this.system } : {}),
          }),
        engine: async () => {
          const status = await this.monitor.check();
          if (status.state !== 'up') {
            return { up: false, platform: null, detail: status.error.message };
          }
          const [registries, proxyOrigin] = await Promise.all([
            this.engine?.registryView?.().catch(() => null) ?? null,
            engineProxyOriginOf(this.engine, this.env).catch(() => null),
          ]);
          return {
            proxyOrigin,
            up: true,
            platform: `${status.info.os}/${status.info.arch}`,
            detail: `${status.info.product} ${status.info.serverVersion}, ${status.info.os}/${status.info.arch}`,
            registries,
          };
        },
      },
      options,
    );
  }

  /**
   * A pasted error: classified offline, then read against this machine. Whether any credential
   * for the registry is stored anywhere breaks ties ("no credentials" leads when none is), and
   * the remedies name the stored logins, docker's config entries and the cloud CLIs found.
   */
  async offline(message: string, image?: string): Promise<Diagnosis> {
    const first = readMessage(message, image ? { image } : {});
    const host = first.host;
    let stored: boolean | null = null;
    let username: string | null = null;
    if (host) {
      const sample = first.reference?.image ?? `${host}/berth-probe/any`;
      const explanation = await withTimeout(
        this.resolver.resolve(sample).then((r) => r.explanation),
        LOCAL_LOOKUP_MS,
      ).catch(() => null);
      if (explanation) {
        stored = explanation.candidates.length > 0;
        username = explanation.chosen?.username ?? null;
      }
    }
    const diagnosis = diagnoseMessage(message, image, { credentialStored: () => stored });
    return this.withRemedies(diagnosis, host, first.reference?.image ?? null, username, message);
  }

  /** The remedies for a verdict, naming this machine's stored logins, docker config and CLIs. */
  private async withRemedies(
    diagnosis: Diagnosis,
    host: string | null,
    image: string | null,
    username: string | null,
    /** The pasted message, when there is one: where its pull ran decides which remedies reach it. */
    message?: string,
  ): Promise<Diagnosis> {
    const [list, dockerConfig, cloudClis, servedCertificate, daemon, engineView, proxy] =
      await Promise.all([
        this.store.list().catch(() => ({ credentials: [] })),
        readDockerConfigFacts(this.env).catch(() => null),
        cloudClisOnPath(this.env).catch(() => []),
        // A certificate the engine does not trust: show what the registry presents, to trust it.
        diagnosis.cause === 'tls' && host ? readServedCertificate(host).catch(() => null) : null,
        daemonBehind(this.engine).catch(() => null),
        this.engine?.registryView ? this.engine.registryView().catch(() => null) : null,
        isProxyCause(diagnosis.cause)
          ? proxyRemedyContext(this.engine, this.env, host).catch(() => null)
          : null,
      ]);
    return {
      ...diagnosis,
      remedies: remediesFor(diagnosis.cause, {
        host,
        image,
        username,
        stored: list.credentials
          .filter((c) => c.registry === host)
          .map((c) => ({ id: c.id, username: c.username, patterns: c.patterns })),
        dockerConfig,
        cloudClis,
        servedCertificate,
        certsDir: engineCertsDir(this.env),
        daemon: daemon && {
          configPath: daemon.configPath,
          reload: reloadCommand(daemon),
          berthReloads: mayReload(daemon),
        },
        engineMirrors: engineView ? engineView.mirrors : null,
        proxy,
        ...(message ? { message } : {}),
      }),
    };
  }

  /**
   * Why a pull failed, for its ledger entry and its result. The engine's words decide when
   * they are unambiguous; otherwise (Docker Hub-style "denied", a 404 that may be the tag or
   * the repository, a credential helper that failed) the live probe asks the registry, within
   * `budgetMs`, and the offline answer stands if it has not finished by then.
   */
  async pullFailure(failure: PullFailure, budgetMs = PULL_PROBE_BUDGET_MS): Promise<PullVerdict> {
    const { error, reference } = failure;
    if (ENGINE_UNREACHABLE.test(error.code)) {
      return diagnoseCause('daemon_down', reference, error.message);
    }
    if (error.code === 'pull.timeout') return diagnoseCause('timeout', reference, error.message);
    const engineMessage = error.details?.engineMessage;
    const message = typeof engineMessage === 'string' ? engineMessage : error.message;
    const offline = diagnoseMessage(message, reference);
    delete offline.remedies;
    const ambiguous =
      PROBE_WORTHY.has(offline.cause) ||
      offline.alternatives.length > 0 ||
      failure.credentialProblems.length > 0;
    if (!ambiguous) return offline;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const live = await Promise.race([
      this.probe(reference, {
        message,
        ...(failure.platform ? { platform: failure.platform } : {}),
      }).catch(() => null),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), budgetMs);
      }),
    ]);
    clearTimeout(timer);
    return live && live.cause !== 'unknown' ? live : offline;
  }
}
