/**
 * Flow runs started over the contract: validated first (bad input is refused before anything
 * runs), then run in the background under their id, pushed as run.status, run.log and
 * run.done events, and cancelled by that id.
 */
import { join } from 'node:path';
import type { Ledger } from '../ledger';
import { BerthError, toErrorShape } from '../shared/errors';
import type { ActiveRun, RunPhase, RunStart } from '../shared/runs';
import { prepareRun } from '../runs/prepare-run';
import type { PrepareDeps } from '../runs/prepare-run';
import { findRun, readLogTail, rerunRequest, runEntries } from '../runs/run-history';
import type { LogTail } from '../runs/run-history';
import { runLogDir } from '../runs/run-service';
import type { RunService } from '../runs/run-service';
import type { EventBus } from './event-bus';

/** Berth's own lines in the live log, dimmed so they stand apart from the flow's output. */
function noteChunk(line: string): string {
  return `\u001b[2m[berth] ${line}\u001b[0m\r\n`;
}

interface Job {
  active: ActiveRun;
  controller: AbortController;
}

export class RunJobs {
  private readonly running = new Map<string, Job>();

  constructor(
    private readonly service: RunService,
    private readonly bus: EventBus,
    private readonly ledger: Ledger,
    private readonly dataDir: string,
    private readonly prepare: PrepareDeps,
  ) {}

  /** Refuses bad input at once; otherwise starts the run and returns its id. */
  async start(request: RunStart): Promise<{ runId: string }> {
    const prepared = await prepareRun(request, this.prepare);
    const { runId } = prepared;
    const controller = new AbortController();
    const job: Job = {
      controller,
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
        signal: controller.signal,
        onPhase: status,
        onPullProgress: (pull) => {
          job.active = { ...job.active, phase: 'pulling', pull };
          this.bus.emit('run.status', job.active);
        },
        onOutput: (chunk) => this.bus.emit('run.log', { runId, chunk }),
        onNote: (line) => this.bus.emit('run.log', { runId, chunk: noteChunk(line) }),
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
      .finally(() => this.running.delete(runId));
    return { runId };
  }

  /** False when no such run is going on (it finished, or never was). */
  cancel(runId: string): boolean {
    const job = this.running.get(runId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const job of this.running.values()) job.controller.abort();
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

  async rerun(runId: string): Promise<{ runId: string }> {
    return this.start(rerunRequest(await findRun(this.ledger, runId)));
  }
}
