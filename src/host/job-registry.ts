/**
 * The one registry of long work (pulls, runs, tag listings, probes): each job is an id, a
 * kind, what it works on, its latest progress and an AbortController. `jobs.list` reads it
 * (so a reopened window finds the pulls and runs still going), `jobs.cancel` aborts by id,
 * and every kind ends a cancelled job with the one code `job.cancelled`.
 */
import type { JobKind, JobSummary } from '../shared/jobs';
import type { PullProgress } from '../shared/pull';

export interface JobHandle {
  readonly signal: AbortSignal;
  /** Aborted by a forced cancel: stop at once, without a grace period (a run's container). */
  readonly kill: AbortSignal;
  /** Records the latest progress, for jobs.list. */
  progress(progress: PullProgress): void;
  /** Removes the job: it ended, whatever the outcome. */
  finish(): void;
}

interface Entry {
  summary: JobSummary;
  controller: AbortController;
  kill: AbortController;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();

  start(kind: JobKind, id: string, title: string, controller = new AbortController()): JobHandle {
    const entry: Entry = {
      summary: { id, kind, title, started: new Date().toISOString(), progress: null },
      controller,
      kill: new AbortController(),
    };
    this.jobs.set(id, entry);
    return {
      signal: controller.signal,
      kill: entry.kill.signal,
      progress: (progress) => {
        entry.summary = { ...entry.summary, progress };
      },
      finish: () => {
        if (this.jobs.get(id) === entry) this.jobs.delete(id);
      },
    };
  }

  /** The jobs in flight, oldest first, optionally of one kind. */
  list(kind?: JobKind): JobSummary[] {
    return [...this.jobs.values()]
      .map((entry) => entry.summary)
      .filter((job) => kind === undefined || job.kind === kind);
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  /**
   * False when no such job is in flight (it finished, or never was). `force` also aborts the
   * kill signal: a run's container is killed at once (a second Ctrl+C).
   */
  cancel(id: string, force = false): boolean {
    const entry = this.jobs.get(id);
    if (!entry) return false;
    entry.controller.abort();
    if (force) entry.kill.abort();
    return true;
  }

  cancelAll(kind?: JobKind): void {
    for (const entry of this.jobs.values()) {
      if (kind === undefined || entry.summary.kind === kind) entry.controller.abort();
    }
  }

  count(kind?: JobKind): number {
    return this.list(kind).length;
  }
}
