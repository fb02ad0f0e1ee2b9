import * as z from 'zod';
import { PullProgress } from './pull';
import { lazySchema } from './lazy-schema';

/** The kinds of long work the core runs as jobs (src/host/job-registry.ts); `files` lists an image's files. */
export const JobKind = lazySchema(() => z.enum(['pull', 'run', 'tags', 'probe', 'files']));
export type JobKind = z.infer<typeof JobKind>;

/**
 * A job in flight, as `jobs.list` reports it: enough for a reopened window to show it again
 * and reattach to its events (pull.* by pullId, run.* by runId, both equal to `id`).
 */
export const JobSummary = lazySchema(() =>
  z.object({
    id: z.string(),
    kind: JobKind,
    /** What it works on: the image reference of a pull, the flow of a run, the repository of a listing. */
    title: z.string(),
    /** ISO 8601. */
    started: z.string(),
    /** The latest pull progress (a pull, or a run while it pulls); null before the first. */
    progress: PullProgress.nullable(),
  }),
);
export type JobSummary = z.infer<typeof JobSummary>;
