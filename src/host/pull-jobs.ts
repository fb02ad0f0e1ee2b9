/**
 * Pulls started over the contract: each runs in the background under an id, pushes its
 * progress, log lines and outcome as pull.* events, and can be cancelled by that id.
 */
import { uniqueId } from '../shared/unique-id';
import { pullReference } from '../pull';
import type { PullService } from '../pull';
import { toErrorShape } from '../shared/errors';
import { referenceString } from '../shared/reference';
import { channels, events } from '../shared/contract';
import { buildSoon } from '../shared/lazy-schema';
import { LedgerEntry } from '../shared/ledger';
import type { EventBus } from './event-bus';
import type { JobRegistry } from './job-registry';

export class PullJobs {
  constructor(
    private readonly service: PullService,
    private readonly bus: EventBus,
    private readonly jobs: JobRegistry,
  ) {}

  /** Refuses an invalid reference at once; otherwise starts the pull and returns its id. */
  start(input: string, platform?: string): { pullId: string } {
    const reference = referenceString(pullReference(input));
    const pullId = uniqueId();
    const job = this.jobs.start('pull', pullId, reference);
    let engineAnswered = false;
    void this.service
      .pull(reference, {
        ...(platform ? { platform } : {}),
        signal: job.signal,
        onProgress: (progress) => {
          if (!engineAnswered) {
            engineAnswered = true;
            // What the end of a pull is written and read through (its ledger entry, pull.done,
            // the ledger read that follows it), built while the engine downloads: 5 to 12 ms
            // that otherwise came after the last byte (issue 11).
            buildSoon([LedgerEntry, events['pull.done'], channels['ledger.list'].response]);
          }
          job.progress(progress);
          this.bus.emit('pull.progress', { pullId, ...progress });
        },
        log: (line, level) => this.bus.emit('pull.log', { pullId, line, level }),
      })
      .then(
        (outcome) =>
          this.bus.emit('pull.done', {
            pullId,
            reference,
            result: outcome.result,
            digest: outcome.entry.digest,
            entryId: outcome.recorded ? outcome.entry.id : null,
            ...(outcome.error ? { error: outcome.error.toShape() } : {}),
            ...(outcome.verdict
              ? {
                  cause: outcome.verdict.cause,
                  verdict: { summary: outcome.verdict.summary, fix: outcome.verdict.fix },
                }
              : {}),
          }),
        (error: unknown) =>
          this.bus.emit('pull.done', {
            pullId,
            reference,
            result: 'failed',
            digest: null,
            entryId: null,
            error: toErrorShape(error),
          }),
      )
      .finally(() => job.finish());
    return { pullId };
  }

  /** False when no such pull is running (it finished, or never was). */
  cancel(pullId: string): boolean {
    return this.jobs.list('pull').some((j) => j.id === pullId) && this.jobs.cancel(pullId);
  }

  cancelAll(): void {
    this.jobs.cancelAll('pull');
  }

  get active(): number {
    return this.jobs.count('pull');
  }
}
