/**
 * The Berth core as the app, the CLI and browser mode each start it: one engine, one
 * monitor, one event bus and one dispatch over the contract.
 */
import { PLAINTEXT_AUTH_ENV, PullService, resolveEngineAuth } from '../pull';
import { EngineMonitor, ImageEventWatcher, engineFromEnv } from '../engine';
import type { EnginePort } from '../engine';
import { createDispatch } from './dispatch';
import type { ImageContentService } from './image-content-service';
import type { Dispatch } from './dispatch';
import { EventBus } from './event-bus';
import { createHandlers } from './handlers';
import { userDataDir } from './paths';
import { RegistryClient, createUndiciFetch } from '../registry';
import type { SystemTrustPort } from '../registry';
import type { Fetch } from '../registry';
import { TagsService } from './tags-service';
import type { CredentialsService, ChooseSavePath } from './credentials-service';
import type { DiagnoseService } from './diagnose-service';
import { credentialSources, osKeychain } from '../credentials';
import type { CredentialLookup, Keychain, CredentialResolver } from '../credentials';
import { Ledger } from '../ledger';
import type { PullFailure, PullVerdict } from '../pull';
import { PullJobs } from './pull-jobs';
import type { BuildService } from '../build';
import { JobRegistry } from './job-registry';
import type { RunService } from '../runs';
import type { RunJobs } from './run-jobs';
import type { ChooseFolder, Projects } from './projects';
import { RecentProjects } from './projects-file';
import { later } from './later';
import type { Later } from './later';

export interface BerthCore {
  dispatch: Dispatch;
  bus: EventBus;
  engine: EnginePort;
  monitor: EngineMonitor;
  /** The engine's image events while it is up, pushed as images.changed once watch() runs. */
  imageEvents: ImageEventWatcher;
  registry: RegistryClient;
  resolver: CredentialResolver;
  ledger: Ledger;
  /** Pulls awaited in place (the CLI). */
  pulls: PullService;
  /** Pulls in the background, by id, with pull.* events (the contract). */
  pullJobs: PullJobs;
  /** Every long job in flight: pulls, runs, tag listings, probes (jobs.list / jobs.cancel). */
  jobs: JobRegistry;
  dataDir: string;
  // Built on first use, each from code loaded then (host/later.ts): a pull loads none of them.
  imageContent: Later<ImageContentService>;
  credentials: Later<CredentialsService>;
  diagnose: Later<DiagnoseService>;
  /** Flow runs awaited in place (the CLI). */
  runs: Later<RunService>;
  /** Flow runs in the background, by id, with run.* events (the contract). */
  runJobs: Later<RunJobs>;
  builds: Later<BuildService>;
  projects: Later<Projects>;
  /** Browser mode serves this folder: a pull secret must never be exported into it. */
  protectFolder(dir: string): void;
  /** Starts watching the engine and pushing engine.status and images.changed events. */
  watch(): void;
  close(): void;
}

export interface BerthCoreOptions {
  env?: NodeJS.ProcessEnv;
  engine?: EnginePort;
  monitorIntervals?: { upIntervalMs: number; downIntervalMs: number };
  /** Replaces registry HTTP (tests); undici, proxy and CA aware, by default. */
  fetch?: Fetch;
  /** The app's OS certificate store and proxy settings (main/system-trust.ts). */
  systemTrust?: SystemTrustPort;
  /** Replaces the credential resolver entirely (tests of the registry client). */
  credentials?: CredentialLookup;
  keychain?: Keychain;
  /** The app's save dialog, for exporting pull secrets. */
  chooseSavePath?: ChooseSavePath;
  /** The app's folder dialog, for opening a project. */
  chooseFolder?: ChooseFolder;
  /** How long a cancelled run's container has between SIGTERM and the kill. */
  runStopGraceSeconds?: number;
  registryTimeoutMs?: number;
  /**
   * Why a pull failed, for the ledger and the result; by default the diagnosis (the engine's
   * message, then a live probe bounded in time when the message is ambiguous).
   */
  classifyPull?: (failure: PullFailure) => PullVerdict | Promise<PullVerdict>;
  /** How long a pull may wait for the engine's first message (a registry that never answers). */
  pullAnswerTimeoutMs?: number;
}

export function createBerthCore(options: BerthCoreOptions = {}): BerthCore {
  const env = options.env ?? process.env;
  const engine = options.engine ?? engineFromEnv(env);
  const monitor = new EngineMonitor(engine, options.monitorIntervals ?? {});
  const bus = new EventBus();
  const dataDir = userDataDir(env);
  const { store, resolver, scan } = credentialSources(
    env,
    dataDir,
    options.keychain ?? osKeychain(),
  );
  const registry = registryClientFor(env, options, resolver);
  // One registry of long work: pulls, runs, tag listings and probes (jobs.list / jobs.cancel).
  const jobs = new JobRegistry();
  const tags = new TagsService(registry, monitor, jobs);
  const ledger = new Ledger(dataDir);
  // Where a pull secret may not be exported (shared with the service, which reads it then).
  const protectedDirs = [dataDir];
  const credentials = later(async () => {
    const { CredentialsService } = await import('./credentials-service');
    const { chooseSavePath, systemTrust } = options;
    return new CredentialsService(
      store,
      resolver,
      registry,
      scan,
      chooseSavePath,
      protectedDirs,
      env,
      systemTrust,
    );
  });
  const diagnose = later(async () => {
    const { DiagnoseService } = await import('./diagnose-service');
    return new DiagnoseService(
      registry,
      resolver,
      store,
      monitor,
      engine,
      env,
      jobs,
      options.systemTrust,
    );
  });
  const work = pullsAndRuns(
    { env, engine, resolver, ledger, registry, diagnose, dataDir, bus, jobs },
    options,
  );
  const remedies = later(async () => {
    const { RemedyService } = await import('./remedy-service');
    return new RemedyService({
      env,
      credentials: await credentials(),
      diagnose: await diagnose(),
      engine,
      // A retry is a pull job like pull.start's: live on the Pulls screen, in jobs.list, in the ledger.
      startPull: (image) => work.pullJobs.start(image),
      events: bus,
    });
  });
  const projects = later(async () => {
    const { Projects } = await import('./projects');
    return new Projects(new RecentProjects(dataDir), bus, env, options.chooseFolder);
  });
  const imageContent = later(async () => {
    const { ImageContentService } = await import('./image-content-service');
    return new ImageContentService(registry, monitor, ledger, bus, jobs);
  });
  const unsubscribe = monitor.onChange((status) => bus.emit('engine.status', status));
  const imageEvents = new ImageEventWatcher(engine, monitor);
  const unsubscribeImages = imageEvents.onChange((change) => bus.emit('images.changed', change));
  const handlers = createHandlers({
    engine,
    monitor,
    tags,
    credentials,
    diagnose,
    remedies,
    pulls: work.pullJobs,
    ledger,
    projects,
    runs: work.runJobs,
    jobs,
    engineChoices: async () => (await import('../runs')).listEngineChoices(env),
    imageContent,
    registry,
  });
  return {
    dispatch: createDispatch(handlers),
    bus,
    engine,
    monitor,
    imageEvents,
    registry,
    imageContent,
    credentials,
    resolver,
    diagnose,
    ledger,
    ...work,
    jobs,
    projects,
    dataDir,
    protectFolder: (dir) => {
      if (!protectedDirs.includes(dir)) protectedDirs.push(dir);
    },
    watch: () => {
      imageEvents.start();
      monitor.start();
    },
    close: () => {
      imageEvents.stop();
      unsubscribeImages();
      monitor.stop();
      tags.listings.closeAll();
      jobs.cancelAll();
      projects.built()?.close();
      unsubscribe();
    },
  };
}

/** Registry HTTP: undici with the env's CAs and proxies (or the app's OS trust), or a test's fetch. */
function registryClientFor(
  env: NodeJS.ProcessEnv,
  options: BerthCoreOptions,
  resolver: CredentialResolver,
): RegistryClient {
  return new RegistryClient({
    fetch:
      options.fetch ??
      // BERTH_EXTRA_CA_FILES, SSL_CERT_FILE, BERTH_CERTS_D and the proxy variables, from env.
      createUndiciFetch({ env, ...(options.systemTrust ? { system: options.systemTrust } : {}) }),
    credentials: options.credentials ?? ((repo) => resolver.credentialFor(repo)),
    ...(options.registryTimeoutMs ? { timeoutMs: options.registryTimeoutMs } : {}),
    insecureRegistries: env.BERTH_INSECURE_REGISTRIES?.split(',').filter(Boolean) ?? [],
  });
}

interface WorkDeps {
  env: NodeJS.ProcessEnv;
  engine: EnginePort;
  resolver: CredentialResolver;
  ledger: Ledger;
  registry: RegistryClient;
  diagnose: Later<DiagnoseService>;
  dataDir: string;
  bus: EventBus;
  jobs: JobRegistry;
}

type Work = Pick<BerthCore, 'pulls' | 'pullJobs' | 'builds' | 'runs' | 'runJobs'>;

/**
 * Pulls, builds and runs, awaited in place (the CLI) and as background jobs (the contract).
 * Pulls are built at once; builds and runs (the flow readers, the build context) at the first
 * run or build.
 */
function pullsAndRuns(deps: WorkDeps, options: BerthCoreOptions): Work {
  const { env, engine, resolver, ledger, registry, diagnose, dataDir, bus, jobs } = deps;
  // Every pull service classifies its failures, the ones for other docker contexts too.
  const classify =
    options.classifyPull ??
    (async (failure: PullFailure) => (await diagnose()).pullFailure(failure));
  // Read at each pull: the CLI's --allow-plaintext-auth sets it just before.
  const allowPlaintextAuth = () => env[PLAINTEXT_AUTH_ENV] === '1';
  const pullerOn = (target: EnginePort, answerTimeoutMs?: number) =>
    new PullService({
      engine: target,
      resolver,
      ledger,
      registry,
      allowPlaintextAuth,
      classify,
      ...(answerTimeoutMs ? { answerTimeoutMs } : {}),
    });
  const pulls = pullerOn(engine, options.pullAnswerTimeoutMs);
  const buildsAndRuns = later(async () => {
    const [{ BuildService }, { RunService }, { RunJobs }] = await Promise.all([
      import('../build'),
      import('../runs'),
      import('./run-jobs'),
    ]);
    const builds = new BuildService({
      // A base image the build cannot pull is explained by the same classifier as a failed pull.
      diagnose: async (message, image) => (await diagnose()).offline(message, image),
      // A private FROM gets the login the resolver picks for its registry, as a pull would.
      registryAuth: (image, target, warn) =>
        resolveEngineAuth(image, { resolver, engine: target, allowPlaintextAuth, warn }),
    });
    const runs = new RunService({
      dataDir,
      ledger,
      // A run on another docker context pulls through that engine.
      pullerFor: (target) => (target === engine ? pulls : pullerOn(target)),
      ...(options.runStopGraceSeconds !== undefined
        ? { stopGraceSeconds: options.runStopGraceSeconds }
        : {}),
      builder: builds,
    });
    const runJobs = new RunJobs(runs, bus, ledger, dataDir, { env, engine, dataDir }, jobs);
    return { builds, runs, runJobs };
  });
  return {
    pulls,
    pullJobs: new PullJobs(pulls, bus, jobs),
    builds: later(async () => (await buildsAndRuns()).builds),
    runs: later(async () => (await buildsAndRuns()).runs),
    runJobs: later(async () => (await buildsAndRuns()).runJobs),
  };
}
