/**
 * How the CLI follows a job it started through the contract (a pull, a run): it subscribes
 * to the job's events before starting it, keeps those that arrive before the id is known,
 * and turns Ctrl+C into `jobs.cancel`, the same cancel a window's button sends.
 */
import type { BerthClient } from '../shared/client';
import type { EventName, EventPayload } from '../shared/contract';
import { EXIT_STATUS } from '../shared/error-catalogue';

/** Events of one job, told apart by id; those before `attach` are kept and replayed. */
export class JobEvents {
  private id: string | undefined;
  private readonly early: (() => void)[] = [];
  private readonly offs: (() => void)[] = [];

  constructor(private readonly client: BerthClient) {}

  /** Calls `handler` for this job's `event`s; `idOf` reads the job id an event carries. */
  on<E extends EventName>(
    event: E,
    idOf: (payload: EventPayload<E>) => string,
    handler: (payload: EventPayload<E>) => void,
  ): this {
    this.offs.push(
      this.client.on(event, (payload) => {
        if (this.id === undefined) this.early.push(() => this.deliver(payload, idOf, handler));
        else this.deliver(payload, idOf, handler);
      }),
    );
    return this;
  }

  /** The job's id is known: replays what came before, in order. */
  attach(id: string): void {
    this.id = id;
    for (const replay of this.early.splice(0)) replay();
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
  }

  private deliver<T>(payload: T, idOf: (payload: T) => string, handler: (payload: T) => void) {
    if (idOf(payload) === this.id) handler(payload);
  }
}

/**
 * Ctrl+C (and SIGTERM) while a job runs: the first asks the core to cancel it (`jobs.cancel`,
 * once its id is known); `again` gets each further one, by count (2 for the second).
 * Returns the function that stops listening.
 */
export function cancelOnInterrupt(
  client: BerthClient,
  jobId: () => string | undefined,
  again: (count: number) => void,
): { stop(): void; requested(): boolean } {
  let count = 0;
  const interrupt = () => {
    count += 1;
    if (count > 1) return again(count);
    const id = jobId();
    if (id !== undefined) void cancelJob(client, id);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  return {
    stop: () => {
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
    },
    requested: () => count > 0,
  };
}

/** `jobs.cancel`; a job that already ended is no error. */
export async function cancelJob(client: BerthClient, id: string, force = false): Promise<void> {
  await client.invoke('jobs.cancel', { id, ...(force ? { force } : {}) }).catch(() => undefined);
}

/** The ledger entry a finished job wrote, asked for by its id; its done event when none was. */
export async function recordedEntry<E, D extends { entryId: string | null }>(
  done: D,
  find: (entryId: string) => Promise<E | undefined>,
): Promise<E | D> {
  if (done.entryId === null) return done;
  return (await find(done.entryId)) ?? done;
}

/** Starts a pull through the contract and waits for its end, without showing its progress. */
export async function pullQuietly(
  client: BerthClient,
  reference: string,
): Promise<EventPayload<'pull.done'>> {
  const events = new JobEvents(client);
  const done = new Promise<EventPayload<'pull.done'>>((resolve) => {
    events.on('pull.done', (e) => e.pullId, resolve);
  });
  let pullId: string | undefined;
  const interrupts = cancelOnInterrupt(
    client,
    () => pullId,
    () => process.exit(EXIT_STATUS.cancelled),
  );
  try {
    pullId = (await client.invoke('pull.start', { reference })).pullId;
    events.attach(pullId);
    return await done;
  } finally {
    events.close();
    interrupts.stop();
  }
}
