/**
 * The ledger's entries: one line of `<dataDir>/ledger.jsonl` per pull and per flow run,
 * success or not, told apart by `kind`. Browser-safe, so the renderer validates and shows
 * entries with the same schema.
 */
import * as z from 'zod';
import { BuildRecord } from './build';
import { lazySchema } from './lazy-schema';

export const PullResult = lazySchema(() => z.enum(['success', 'failed', 'cancelled']));
export type PullResult = z.infer<typeof PullResult>;

export const PullEntry = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    kind: z.literal('pull'),
    /** ISO 8601: when the pull started. */
    time: z.string(),
    /** Canonical, as Docker normalises it: docker.io/library/nginx:latest. */
    reference: z.string(),
    /** The manifest (or index) digest the engine recorded; null when the pull did not finish. */
    digest: z.string().nullable(),
    /**
     * What the engine held for this tag before the pull (null: nothing, or a digest pull), so a
     * refresh records the old digest beside the new one. Absent in entries older than it.
     */
    previousDigest: z.string().nullable().optional(),
    /** os/arch[/variant] asked for, else of the image pulled (the engine's own when it failed); null when unknown. */
    platform: z.string().nullable(),
    /** Where the credential came from, by name only ("Berth (OS keychain)", "anonymous"). */
    credentialSource: z.string(),
    durationMs: z.number().int().nonnegative(),
    /** Bytes downloaded (layers already on the engine count 0). */
    bytes: z.number().int().nonnegative(),
    result: PullResult,
    /** Why it failed, in one word (an error code or a diagnosis cause); null on success. */
    cause: z.string().nullable(),
    /** The error as the user saw it; null on success. */
    message: z.string().nullable(),
  }),
);
export type PullEntry = z.infer<typeof PullEntry>;

/** How a flow run ended: the container's exit code decides, a cancel wins over it. */
export const RunResult = lazySchema(() => z.enum(['success', 'failed', 'cancelled']));
export type RunResult = z.infer<typeof RunResult>;

export const RunEntry = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    kind: z.literal('run'),
    /** ISO 8601: when the run started (before any pull). */
    time: z.string(),
    /** The flow's stable id (kind:file:name), its name, and the project folder it came from. */
    flowId: z.string(),
    flowName: z.string(),
    projectDir: z.string(),
    /** The parameters as the run received them (never secrets: env values are not kept). */
    parameters: z.record(z.string(), z.unknown()),
    /** The image as the flow names it, canonical. */
    reference: z.string(),
    /** The digest of the image actually run (its RepoDigest), null when it has none (local build). */
    digest: z.string().nullable(),
    /** The engine it ran on, as Berth names it (socket path, tcp://host:port, context name). */
    engine: z.string(),
    pullPolicy: z.string(),
    durationMs: z.number().int().nonnegative(),
    /** The container's exit code; null when it never started or the engine was lost. */
    exitCode: z.number().int().nullable(),
    result: RunResult,
    /** Why it failed when the container did not decide it (an error code); null otherwise. */
    cause: z.string().nullable(),
    message: z.string().nullable(),
    /** The run's log file, on the machine that ran Berth. */
    logFile: z.string().nullable(),
    /** The image build before the run (context hash, Dockerfile, args, image ID); absent without one. */
    build: BuildRecord.optional(),
    /** The ID of the image the container ran (sha256:…): set even for a local build. */
    imageId: z.string().nullable().optional(),
    /** The same engine request as a copyable `docker run` line; secret env values left out. */
    dockerRun: z.string().nullable().optional(),
    /** The project's git HEAD and whether the tree differed from it; null outside git. */
    git: z.object({ commit: z.string().nullable(), dirty: z.boolean() }).nullable().optional(),
    /** The container's env, secret-looking values as "***". */
    env: z.record(z.string(), z.string()).optional(),
    /** A Valohai step's /valohai/outputs, collected here: the folder and its files. */
    outputsDir: z.string().nullable().optional(),
    outputs: z.array(z.string()).optional(),
    /** A Valohai step's input files, by input name, as the run mounted them (host paths). */
    inputs: z.record(z.string(), z.array(z.string())).optional(),
    /**
     * Where the image came from: pulled; already on the engine (no pull); the local copy after a
     * failed pull (IF_POSSIBLE), with the pull's error; or built before the run.
     */
    imageSource: z.enum(['pulled', 'local', 'local-after-failed-pull', 'built']).optional(),
    pullError: z.string().nullable().optional(),
    /** GPUs asked for, and whether the engine gave them (false: it has no GPU runtime). */
    gpus: z.object({ requested: z.string(), applied: z.boolean() }).nullable().optional(),
  }),
);
export type RunEntry = z.infer<typeof RunEntry>;

export const LedgerEntry = lazySchema(() => z.discriminatedUnion('kind', [PullEntry, RunEntry]));
export type LedgerEntry = z.infer<typeof LedgerEntry>;
