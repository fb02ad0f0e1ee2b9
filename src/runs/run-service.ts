/**
 * A flow run, awaited in place: the image by its pull policy (through the pull service, so
 * pulls land in the ledger too), the container created, the launcher put in, the output
 * attached before the start (nothing missed, ANSI kept through a TTY), the exit code waited
 * for, a cancel as `docker stop -t` (SIGTERM, then a kill after the grace period), and one
 * RunEntry in the ledger at the end, whatever happened. An engine that dies mid-run fails
 * the run with the reason; its output so far stays in the log file.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BuildService } from '../build';
import type { ContainerExit, CreatedContainer, DeviceRequest, EnginePort } from '../engine';
import type { Ledger } from '../ledger';
import { pullReference, repoDigestFor } from '../pull';
import type { LogLevel, PullService } from '../pull';
import { BerthError, toErrorShape } from '../shared/errors';
import type { BuildRecord } from '../shared/build';
import type { RunEntry, RunResult } from '../shared/ledger';
import type { PullProgress } from '../shared/pull';
import type { RunPhase } from '../shared/runs';
import { CappedLogFile, DEFAULT_LOG_CAP } from './log-file';
import { followOutput } from './output-stream';
import type { OutputSink } from './output-stream';
import type { PreparedRun } from './prepare-run';
import { dockerRunLine, gitState, maskedEnv, writeRunFiles } from './run-record';
import { gpuRequest } from './run-spec';

export const DEFAULT_STOP_GRACE_SECONDS = 10;
/** After the exit, how long the output may take to drain before Berth stops waiting. */
const DRAIN_MS = 5_000;
/** How long the wait may stay silent once the output has ended, before the state is asked. */
const QUIET_WAIT_MS = 3_000;

export interface RunServiceDeps {
  dataDir: string;
  ledger: Ledger;
  /** The pull service for a run's engine (a run may pick another docker context). */
  pullerFor(engine: EnginePort): PullService;
  /** Builds the image of a flow whose file names a build (src/build). */
  builder?: BuildService;
  now?: () => number;
  stopGraceSeconds?: number;
  logCapBytes?: number;
  /** How often a running run checks that its engine still answers. */
  watchdogIntervalMs?: number;
  /** Missed pings in a row that mean the engine is gone. */
  watchdogMisses?: number;
}

export interface RunCallbacks {
  /** Aborting cancels the run: the pull, or the container (SIGTERM, then kill after the grace). */
  signal?: AbortSignal;
  /** Aborting kills the container at once (a second Ctrl+C). */
  kill?: AbortSignal;
  onPhase?(phase: RunPhase): void;
  onPullProgress?(progress: PullProgress): void;
  /** The container's output, coalesced; a returned promise holds the stream until it settles. */
  onOutput?: OutputSink;
  /** Berth's own lines about the run (the pull, notes, the stop). */
  onNote?(line: string, level: LogLevel): void;
}

interface Watchdog {
  stop(): void;
  checkNow(): void;
}

/** What the run learns about its image and GPUs on the way, for the ledger. */
interface ImageSource {
  imageSource: NonNullable<RunEntry['imageSource']>;
  pullError: string | null;
  gpus: { requested: string; applied: boolean } | null;
}

export interface RunOutcome {
  entry: RunEntry;
  /** False when the ledger could not be written (the run's result stands). */
  recorded: boolean;
  error?: BerthError;
}

/** The folder of the run logs, under the data dir. */
export function runLogDir(dataDir: string): string {
  return join(dataDir, 'runs');
}

function containerName(prepared: PreparedRun): string {
  const slug = prepared.flow.name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 40);
  return `berth-${slug || 'flow'}-${prepared.runId.slice(0, 8)}`;
}

function imageMissing(reference: string): BerthError {
  return new BerthError(
    'run.image_missing',
    `The image ${reference} is not on the engine, and the pull policy is NEVER.`,
    `Pull it first (\`berth pull ${reference}\`), or change image_pull_policy to IF_NOT_PRESENT or ALWAYS.`,
    { reference },
  );
}

function cancelledBeforeStart(): BerthError {
  return new BerthError('job.cancelled', 'The run was cancelled before its container started.');
}

/**
 * How the container ended, asked of its state when the output has ended and the wait stays
 * silent: podman 4.3 answers a wait for the next exit from its events, and with
 * events_logger = "none" it never does (test/oracle/run-podman.test.ts). A container that
 * closed its output and runs on is waited for still; a failed inspect is the watchdog's to
 * judge.
 */
async function exitOnceOutputEnds(
  engine: EnginePort,
  containerId: string,
  drained: Promise<void>,
  done: AbortSignal,
): Promise<ContainerExit | BerthError> {
  await drained;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, QUIET_WAIT_MS).unref());
    if (done.aborted) return new Promise<never>(() => {});
    const state = await engine.containerExit(containerId).catch(() => 'running' as const);
    if (state === 'gone') {
      return new BerthError(
        'run.exit_unknown',
        'The container ended and was removed, but the engine never answered the wait with its exit code.',
      );
    }
    if (state !== 'running') return state;
  }
}

function engineLost(engine: EnginePort, cause: BerthError, logFile: string): BerthError {
  return new BerthError(
    'run.engine_lost',
    `The engine at ${engine.endpoint.address} was lost during the run: ${cause.message}`,
    `The container may still be running there. Its output so far is in ${logFile}.`,
    { cause: cause.code },
  );
}

/** The run as it goes on after a build: the built image by its ID, nothing to pull. */
function builtImage(prepared: PreparedRun, imageId: string): PreparedRun {
  return { ...prepared, spec: { ...prepared.spec, Image: imageId }, pullPolicy: 'NEVER' };
}

export class RunService {
  private readonly now: () => number;

  constructor(private readonly deps: RunServiceDeps) {
    this.now = deps.now ?? (() => Date.now());
  }

  /** The pull service for an engine: the parity check asks the registry through it. */
  pullerFor(engine: EnginePort): PullService {
    return this.deps.pullerFor(engine);
  }

  async run(prepared: PreparedRun, callbacks: RunCallbacks = {}): Promise<RunOutcome> {
    const started = this.now();
    const { reference } = prepared;
    const { signal } = callbacks;
    const { dir, logFile, log, note } = await this.openLog(prepared, callbacks);

    let exitCode: number | null = null;
    let digest: string | null = null;
    let imageId: string | null = null;
    let failure: BerthError | undefined;
    let build: BuildRecord | undefined;
    const source: ImageSource = { imageSource: 'local', pullError: null, gpus: null };
    // The project's commit, read as the run's first phase begins (the create, a pull or a
    // build is then in the engine's hands), before the container starts and can write to the
    // project: spawning git blocks the event loop for a moment, which must not delay sending
    // the create.
    let git: ReturnType<typeof gitState> | undefined;
    const readGit = () => (git ??= gitState(prepared.projectDir));
    const observed: RunCallbacks = {
      ...callbacks,
      onPhase: (phase) => {
        if (phase === 'running') void readGit();
        else setImmediate(readGit);
        callbacks.onPhase?.(phase);
      },
    };
    // The launcher is also kept on disk, so the docker run line can mount it.
    const fileDir = join(dir, prepared.runId, 'files');
    const filesKept = writeRunFiles(prepared.spec, fileDir).then(
      () => true,
      () => false,
    );
    try {
      if (prepared.build && !signal?.aborted)
        build = await this.build(prepared, observed, note, log);
      if (prepared.imageId)
        note(`Re-running exactly: the image ${prepared.imageId}, as built before.`);
      if (build) source.imageSource = 'built';
      const run = await this.runContainer(
        build ? builtImage(prepared, build.imageId) : prepared,
        observed,
        note,
        log,
        logFile,
        source,
      );
      exitCode = run.exitCode;
      digest = run.digest;
      imageId = run.imageId;
      failure = run.failure;
    } catch (error) {
      failure = BerthError.from(error);
    }
    const outputs = prepared.outputsDir ? await listFiles(prepared.outputsDir) : [];
    if (prepared.outputsDir) {
      note(`Outputs collected in ${prepared.outputsDir}: ${outputs.length} file(s).`);
    }

    const cancelled = signal?.aborted === true || failure?.code === 'job.cancelled';
    const result = runResult(cancelled, failure, exitCode);
    if (failure && !cancelled) note(`${failure.message}`, 'warning');
    else if (exitCode !== null) note(`The container exited with code ${exitCode}.`);
    await log.close().catch(() => undefined);

    const entry: RunEntry = {
      id: prepared.runId,
      kind: 'run',
      time: new Date(started).toISOString(),
      flowId: prepared.flow.id,
      flowName: prepared.flow.name,
      projectDir: prepared.projectDir,
      parameters: prepared.parameters,
      reference,
      digest,
      engine: prepared.engineName,
      pullPolicy: prepared.pullPolicy,
      durationMs: Math.max(0, Math.round(this.now() - started)),
      exitCode,
      result,
      cause: failure && !cancelled ? failure.code : null,
      message: failure && !cancelled ? failure.message : null,
      logFile,
      ...(build ? { build } : {}),
      imageId,
      dockerRun: dockerRunLine(
        prepared.spec,
        imageId ?? reference,
        containerName(prepared),
        (await filesKept) ? fileDir : null,
        source.gpus?.applied ? source.gpus.requested : null,
      ),
      git: await readGit(),
      env: maskedEnv(prepared.spec.Env),
      outputsDir: prepared.outputsDir,
      outputs,
      ...(Object.keys(prepared.inputs).length > 0 ? { inputs: prepared.inputs } : {}),
      imageSource: source.imageSource,
      pullError: source.pullError,
      gpus: source.gpus,
    };
    const recorded = await this.record(entry, callbacks);
    return { entry, recorded, ...(failure && !cancelled ? { error: failure } : {}) };
  }

  /** The run's log file (capped), and `note`, which writes Berth's own lines to it and the caller. */
  private async openLog(prepared: PreparedRun, callbacks: RunCallbacks) {
    const dir = runLogDir(this.deps.dataDir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const logFile = join(dir, `${prepared.runId}.log`);
    const log = await CappedLogFile.create(logFile, this.deps.logCapBytes ?? DEFAULT_LOG_CAP);
    const note = (line: string, level: LogLevel = 'info') => {
      log.write(Buffer.from(`[berth] ${line}\r\n`)); // TTY line ends, like the output around it
      callbacks.onNote?.(line, level);
    };
    return { dir, logFile, log, note };
  }

  /** Appends the run to the ledger; false (and a warning to the caller) when it could not. */
  private async record(entry: RunEntry, callbacks: RunCallbacks): Promise<boolean> {
    try {
      await this.deps.ledger.append(entry);
      return true;
    } catch (error) {
      callbacks.onNote?.(
        `Warning: the run was not recorded in the ledger: ${toErrorShape(error).message}`,
        'warning',
      );
      return false;
    }
  }

  /** The flow's image, built (or found built from the same context) before the run. */
  private async build(
    prepared: PreparedRun,
    callbacks: RunCallbacks,
    note: (line: string, level?: LogLevel) => void,
    log: CappedLogFile,
  ): Promise<BuildRecord | undefined> {
    const plan = prepared.build;
    if (!plan) return undefined;
    const { builder } = this.deps;
    if (!builder) {
      throw new BerthError('build.unavailable', 'This Berth cannot build images.');
    }
    callbacks.onPhase?.('building');
    return builder.build(plan, prepared.engine, {
      ...(callbacks.signal ? { signal: callbacks.signal } : {}),
      onOutput: (chunk) => {
        log.write(Buffer.from(chunk));
        void callbacks.onOutput?.(chunk);
      },
      onNote: (line) => note(line),
    });
  }

  /**
   * The container, under the pull policy as Prefect's Docker worker applies it. Like
   * `docker run`, it creates first and pulls only when the engine lacks the image, which
   * spares an IF_NOT_PRESENT or NEVER run a round trip.
   */
  private async createUnderPolicy(
    prepared: PreparedRun,
    callbacks: RunCallbacks,
    note: (line: string, level?: LogLevel) => void,
    source: ImageSource,
  ): Promise<CreatedContainer> {
    const { engine, spec, reference, pullPolicy } = prepared;
    const deviceRequests = await this.gpus(prepared, note, source);
    const create = () => {
      callbacks.onPhase?.('creating');
      return engine.createContainer({
        name: containerName(prepared),
        image: spec.Image,
        cmd: spec.Cmd,
        env: spec.Env,
        workingDir: spec.WorkingDir,
        labels: spec.Labels,
        tty: true,
        binds: spec.HostConfig.Binds,
        autoRemove: spec.HostConfig.AutoRemove,
        ...(spec.HostConfig.NetworkMode ? { networkMode: spec.HostConfig.NetworkMode } : {}),
        ...(spec.HostConfig.ExtraHosts ? { extraHosts: spec.HostConfig.ExtraHosts } : {}),
        ...(spec.HostConfig.Memory !== undefined ? { memory: spec.HostConfig.Memory } : {}),
        ...(spec.HostConfig.MemorySwap !== undefined
          ? { memorySwap: spec.HostConfig.MemorySwap }
          : {}),
        ...(spec.HostConfig.Privileged ? { privileged: true } : {}),
        ...(spec.HostConfig.Init ? { init: true } : {}),
        ...(deviceRequests.length ? { deviceRequests } : {}),
      });
    };
    const pull = async () => {
      callbacks.onPhase?.('pulling');
      const outcome = await this.deps.pullerFor(engine).pull(reference, {
        ...(callbacks.signal ? { signal: callbacks.signal } : {}),
        ...(callbacks.onPullProgress ? { onProgress: callbacks.onPullProgress } : {}),
        log: note,
      });
      if (outcome.error) throw outcome.error;
      source.imageSource = 'pulled';
    };
    if (pullPolicy === 'IF_POSSIBLE')
      return this.pullIfPossible(prepared, pull, create, note, source);
    if (pullPolicy === 'ALWAYS') {
      await pull();
      if (callbacks.signal?.aborted) throw cancelledBeforeStart();
      return create();
    }
    try {
      const container = await create();
      if (!prepared.build && !prepared.imageId) {
        note(`${reference} is on the engine: not pulled (pull policy ${pullPolicy}).`);
      }
      return container;
    } catch (error) {
      if (!(error instanceof BerthError) || error.code !== 'run.image_missing') throw error;
      if (pullPolicy === 'NEVER') throw imageMissing(prepared.imageId ?? reference);
    }
    await pull();
    if (callbacks.signal?.aborted) throw cancelledBeforeStart();
    return create();
  }

  /**
   * IF_POSSIBLE as the docker worker does it (DockerWorker._create_and_start_container): pull;
   * when the pull fails, warn and use the engine's local copy; fail only when there is none,
   * naming both errors.
   */
  private async pullIfPossible(
    prepared: PreparedRun,
    pull: () => Promise<void>,
    create: () => Promise<CreatedContainer>,
    note: (line: string, level?: LogLevel) => void,
    source: ImageSource,
  ): Promise<CreatedContainer> {
    try {
      await pull();
    } catch (error) {
      const failed = BerthError.from(error);
      if (failed.code === 'job.cancelled') throw failed;
      source.imageSource = 'local-after-failed-pull';
      source.pullError = failed.message;
      note(
        `The pull of ${prepared.reference} failed (${failed.message}): using the engine's local copy, as IF_POSSIBLE allows.`,
        'warning',
      );
      try {
        return await create();
      } catch (createError) {
        if (!(createError instanceof BerthError) || createError.code !== 'run.image_missing') {
          throw createError;
        }
        throw new BerthError(
          'run.image_unavailable',
          `${prepared.reference} could neither be pulled nor found on the engine: the pull said ${failed.message}`,
          'Check that the registry answers (berth diagnose), or pull the image when it does.',
          { reference: prepared.reference, cause: failed.code },
        );
      }
    }
    return create();
  }

  /**
   * The device requests for the run's --gpus, where the engine has a GPU runtime; where it
   * has none, a note says so and the run goes on without GPUs (docker run --gpus would fail
   * there with "could not select device driver").
   */
  private async gpus(
    prepared: PreparedRun,
    note: (line: string, level?: LogLevel) => void,
    source: ImageSource,
  ): Promise<DeviceRequest[]> {
    const requested = prepared.spec.gpus;
    if (requested === null) return [];
    const support = await prepared.engine.gpuSupport();
    source.gpus = { requested, applied: support.available };
    if (support.available) {
      note(`GPUs: ${requested}, given to the container.`);
      return [gpuRequest(requested)];
    }
    note(
      `GPUs: this engine has no GPU runtime (its runtimes: ${support.runtimes.join(', ') || 'none listed'}), so the run goes on without GPUs. Install the NVIDIA container toolkit on the engine's machine to give it GPUs.`,
      'warning',
    );
    return [];
  }

  private async runContainer(
    prepared: PreparedRun,
    callbacks: RunCallbacks,
    note: (line: string, level?: LogLevel) => void,
    log: CappedLogFile,
    logFile: string,
    source: ImageSource,
  ): Promise<{
    exitCode: number | null;
    digest: string | null;
    imageId: string | null;
    failure?: BerthError;
  }> {
    const { engine, spec, reference } = prepared;
    const { signal } = callbacks;
    if (signal?.aborted) return { exitCode: null, digest: null, imageId: null };
    for (const line of spec.notes) note(line);
    const container = await this.createUnderPolicy(prepared, callbacks, note, source);
    await connectNetworks(engine, container.id, spec.networks);
    const removeQuietly = () => engine.removeContainer(container.id).catch(() => undefined);
    const { imageLookup, digestLookup } = lookUpImage(engine, container.id, reference);

    const streams = new AbortController();
    let exitCode: number | null = null;
    let failure: BerthError | undefined;
    let watchdog: Watchdog = { stop: () => {}, checkNow: () => {} };
    try {
      if (spec.files.length > 0) await engine.copyToContainer(container.id, spec.files);
      const output = await engine.attachContainer(container.id, streams.signal);
      // stream_output: false keeps the output from the terminal, as the worker keeps it from
      // its own stdout; the log file still has it.
      const shown = prepared.streamOutput ? callbacks.onOutput : undefined;
      if (!prepared.streamOutput)
        note(`stream_output is false: the output goes to ${logFile} only.`);
      const drained = followOutput(output, { log, onOutput: shown ?? (() => {}) });
      const exited = engine.waitContainer(container.id, streams.signal);
      exited.catch(() => undefined); // observed below; never unhandled
      if (signal?.aborted) {
        await removeQuietly();
        streams.abort();
        return { exitCode: null, digest: await digestLookup(), imageId: await imageLookup };
      }
      await engine.startContainer(container.id);
      callbacks.onPhase?.('running');

      const lost = new Promise<BerthError>((resolve) => {
        watchdog = this.watchdog(engine, (cause) => resolve(cause));
      });
      // The output ends when the container exits, or when the engine is gone (whose wait
      // may then never answer): check at once, so a dead engine is not waited on.
      void drained.then(() => watchdog.checkNow());
      const unhook = this.stopOnCancel(engine, container.id, callbacks, note);
      try {
        type Ending =
          | { kind: 'exit'; exit: ContainerExit }
          | { kind: 'lost'; error: BerthError }
          | { kind: 'unknown'; error: BerthError };
        const ended = await Promise.race<Ending>([
          exited.then(
            (exit) => ({ kind: 'exit', exit }),
            (error: unknown) => ({ kind: 'lost', error: BerthError.from(error) }),
          ),
          lost.then((error) => ({ kind: 'lost', error })),
          exitOnceOutputEnds(engine, container.id, drained, streams.signal).then((answer) =>
            answer instanceof BerthError
              ? { kind: 'unknown', error: answer }
              : { kind: 'exit', exit: answer },
          ),
        ]);
        if (ended.kind === 'exit') {
          exitCode = ended.exit.exitCode;
          if (ended.exit.error) note(`The engine said: ${ended.exit.error}`, 'warning');
        } else if (ended.kind === 'unknown') {
          failure = ended.error;
        } else {
          failure = engineLost(engine, ended.error, logFile);
        }
      } finally {
        unhook();
        watchdog.stop();
      }
      // The output may trail the exit by a moment; a lost engine sends no more.
      await Promise.race([
        drained,
        new Promise((resolve) => setTimeout(resolve, failure ? 0 : DRAIN_MS).unref()),
      ]);
    } catch (error) {
      // It never ran to its end: leave nothing behind.
      failure = BerthError.from(error);
      await removeQuietly();
    } finally {
      streams.abort();
    }
    return {
      exitCode,
      // A lost engine is not asked again (one that hangs would hold the run's end).
      digest: failure?.code === 'run.engine_lost' ? null : await digestLookup(),
      imageId: await imageLookup,
      ...(failure ? { failure } : {}),
    };
  }

  /**
   * Cancel stops the container (SIGTERM, then a kill after the grace period); the kill signal
   * kills it at once. Returns what unhooks both.
   */
  private stopOnCancel(
    engine: EnginePort,
    containerId: string,
    { signal, kill, onPhase }: RunCallbacks,
    note: (line: string, level?: LogLevel) => void,
  ): () => void {
    const stop = () => {
      onPhase?.('stopping');
      const grace = this.deps.stopGraceSeconds ?? DEFAULT_STOP_GRACE_SECONDS;
      note(`Cancelled: stopping the container (SIGTERM, then a kill after ${grace} s).`);
      engine
        .stopContainer(containerId, grace)
        .catch((error: unknown) =>
          note(`Could not stop the container: ${toErrorShape(error).message}`, 'warning'),
        );
    };
    const killNow = () => {
      note('Killing the container.');
      engine.killContainer(containerId).catch(() => undefined);
    };
    // The output that prompts a cancel can arrive before the start's answer does (it did in
    // CI, under load): a signal already aborted is acted on now, as no listener would fire.
    if (kill?.aborted) killNow();
    else if (signal?.aborted) stop();
    signal?.addEventListener('abort', stop, { once: true });
    kill?.addEventListener('abort', killNow, { once: true });
    return () => {
      signal?.removeEventListener('abort', stop);
      kill?.removeEventListener('abort', killNow);
    };
  }

  /**
   * Pings the engine while the run goes on; calls `lost` after enough misses in a row, or
   * after one miss once `checkNow` says the output has ended.
   */
  private watchdog(engine: EnginePort, lost: (cause: BerthError) => void): Watchdog {
    let misses = this.deps.watchdogMisses ?? 3;
    let missed = 0;
    let busy = false;
    const check = () => {
      if (busy) return;
      busy = true;
      engine.ping().then(
        () => {
          missed = 0;
          busy = false;
        },
        (error: unknown) => {
          busy = false;
          missed += 1;
          if (missed >= misses) lost(BerthError.from(error));
        },
      );
    };
    const timer = setInterval(check, this.deps.watchdogIntervalMs ?? 5_000);
    timer.unref();
    return {
      stop: () => clearInterval(timer),
      checkNow: () => {
        misses = 1;
        check();
      },
    };
  }
}

/** Files under `dir`, relative and sorted; bounded, so a huge output folder costs little. */
async function listFiles(dir: string, limit = 1000): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string, depth: number): Promise<void> => {
    if (depth > 8 || found.length >= limit) return;
    const entries = await readdir(at, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (found.length >= limit) return;
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile()) found.push(relative(dir, path));
    }
  };
  await walk(dir, 0);
  return found.sort();
}

function runResult(
  cancelled: boolean,
  failure: BerthError | undefined,
  exitCode: number | null,
): RunResult {
  if (cancelled) return 'cancelled';
  return !failure && exitCode === 0 ? 'success' : 'failed';
}

/** Connects the container to its extra networks; a failure removes it before it is thrown. */
async function connectNetworks(engine: EnginePort, containerId: string, networks: string[]) {
  for (const network of networks) {
    try {
      await engine.connectNetwork(containerId, network);
    } catch (error) {
      await engine.removeContainer(containerId).catch(() => undefined);
      throw error;
    }
  }
}

/**
 * The image the container was created from, asked before the start (an auto-removed container
 * is then still there to answer), and its digest, read when asked for once the run is over.
 */
function lookUpImage(engine: EnginePort, containerId: string, reference: string) {
  const imageLookup = engine.containerImage(containerId).then(
    (id) => id,
    () => null,
  );
  // The digest is read once the run is over: the image (by its ID) stays, and its two
  // requests would otherwise go out beside the attach and the start, on the way to the
  // first output line (bench/startup.ts).
  const digestLookup = () =>
    imageLookup.then((imageId) =>
      imageId === null
        ? null
        : engine.inspectImage(imageId).then(
            (details) => repoDigestFor(details, pullReference(reference), null),
            () => null,
          ),
    );
  return { imageLookup, digestLookup };
}
