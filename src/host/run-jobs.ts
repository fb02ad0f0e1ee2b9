/**
 * Flow runs started over the contract: validated first (bad input is refused before anything
 * runs), then run in the background under their id, pushed as run.status, run.log and
 * run.done events, and cancelled by that id.
 */
import { join } from 'node:path';
import type { Ledger } from '../ledger';
import { BerthError, toErrorShape } from '../shared/errors';
import type { ActiveRun, ParityReport, RunPhase, RunStart } from '../shared/runs';
import type { RunEntry } from '../shared/ledger';
import {
  checkParity,
  prepareRun,
  findRun,
  readLogTail,
  rerunRequest,
  runEntries,
  runLogDir,
} from '../runs';
import type { PrepareDeps, LogTail, RunService } from '../runs';
import type { EventBus } from './event-bus';
import type { JobHandle, JobRegistry } from './job-registry';

/** Berth's own lines in the live log, dimmed so they stand apart from the flow's output. */
function noteChunk(line: string): string {
  return `\u001b[2m[berth] ${line}\u001b[0m\r\n`;
}

interface Job {
  active: ActiveRun;
  handle: JobHandle;
}

export class RunJobs {
  private readonly running = new Map<string, Job>();

  constructor(
    private readonly service: RunService,
    private readonly bus: EventBus,
    private readonly ledger: Ledger,
    private readonly dataDir: string,
    private readonly prepare: PrepareDeps,
    private readonly jobs: JobRegistry,
  ) {}

  /** The prod-parity check before a run: nothing is pulled, built or run. */
  check(request: RunStart): Promise<ParityReport> {
    return checkParity(request, {
      ...this.prepare,
      pullerFor: (engine) => this.service.pullerFor(engine),
    });
  }

  /** Refuses bad input at once; otherwise starts the run and returns its id. */
  async start(request: RunStart): Promise<{ runId: string }> {
    const prepared = await prepareRun(request, this.prepare);
    const { runId } = prepared;
    const handle = this.jobs.start('run', runId, prepared.flow.name);
    const job: Job = {
      handle,
      active: {
        runId,
        flowId: prepared.flow.id,
        flowName: prepared.flow.name,
        projectDir: prepared.projectDir,
        reference: prepared.reference,
        engine: prepared.engineName,
        started: new Date().toISOString(),
        phase: prepared.build ? 'building' : 'creating',
        pull: null,
        builds: prepared.build !== null,
      },
    };
    this.running.set(runId, job);
    const status = (phase: RunPhase) => {
      job.active = { ...job.active, phase };
      this.bus.emit('run.status', job.active);
    };
    this.bus.emit('run.status', job.active);
    void this.service
      .run(prepared, {
        signal: handle.signal,
        kill: handle.kill,
        onPhase: status,
        onPullProgress: (pull) => {
          handle.progress(pull);
          job.active = { ...job.active, phase: 'pulling', pull };
          this.bus.emit('run.status', job.active);
        },
        onOutput: (chunk) => this.bus.emit('run.log', { runId, chunk }),
        onNote: (line) => this.bus.emit('run.log', { runId, chunk: noteChunk(line), note: line }),
      })
      .then(
        ({ entry, recorded, error }) =>
          this.bus.emit('run.done', {
            runId,
            result: entry.result,
            exitCode: entry.exitCode,
            digest: entry.digest,
            entryId: recorded ? entry.id : null,
            ...(error ? { error: error.toShape() } : {}),
          }),
        (error: unknown) =>
          this.bus.emit('run.done', {
            runId,
            result: 'failed',
            exitCode: null,
            digest: null,
            entryId: null,
            error: toErrorShape(error),
          }),
      )
      .finally(() => {
        handle.finish();
        this.running.delete(runId);
      });
    return { runId };
  }

  /** False when no such run is going on (it finished, or never was). */
  cancel(runId: string): boolean {
    return this.running.has(runId) && this.jobs.cancel(runId);
  }

  cancelAll(): void {
    this.jobs.cancelAll('run');
  }

  async list(flowId?: string) {
    const { entries, skipped } = await runEntries(this.ledger, flowId);
    const active = [...this.running.values()]
      .map((job) => job.active)
      .filter((run) => flowId === undefined || run.flowId === flowId);
    return { active, entries, skipped };
  }

  async log(runId: string, maxBytes?: number): Promise<LogTail> {
    if (this.running.has(runId)) {
      return readLogTail(join(runLogDir(this.dataDir), `${runId}.log`), maxBytes);
    }
    const entry = await findRun(this.ledger, runId);
    if (!entry.logFile) {
      throw new BerthError('run.log_missing', `The run ${runId} kept no log.`);
    }
    return readLogTail(entry.logFile, maxBytes);
  }

  /** A finished run's ledger entry, by id or a unique start of it. */
  show(runId: string): Promise<RunEntry> {
    return findRun(this.ledger, runId);
  }

  async rerun(runId: string): Promise<{ runId: string }> {
    return this.start(rerunRequest(await findRun(this.ledger, runId)));
  }
}
