/**
 * Local flow runs as the contract carries them: what a run asks for, its live phases, and
 * the engines it may run on. Browser-safe. A finished run is a RunEntry of the ledger.
 */
import * as z from 'zod';
import { BuildMode } from './build';
import { PullPolicy } from './flows';
import { PullProgress } from './pull';
import { lazySchema } from './lazy-schema';

export const RunId = lazySchema(() => z.string().min(1).max(100));

/** A project folder on the machine that runs Berth: absolute, as the user chose it. */
export const ProjectDir = lazySchema(() =>
  z.string().trim().min(1, 'A project folder is required').max(4096),
);

export const RecentProject = lazySchema(() =>
  z.object({
    path: z.string(),
    /** ISO 8601 */
    openedAt: z.string(),
    /** False when the folder is gone since it was last opened. */
    exists: z.boolean(),
  }),
);
export type RecentProject = z.infer<typeof RecentProject>;

/** `docker run --gpus` values: all, a count, or device=<id>[,<id>…]. */
export const GPUS_PATTERN = /^(all|[1-9]\d{0,2}|device=[\w.:-]+(,[\w.:-]+)*)$/;

export const RunStart = lazySchema(() =>
  z
    .object({
      dir: ProjectDir,
      flowId: z.string().min(1).max(1024),
      /** Values by parameter name, validated against the flow's parameters before anything runs. */
      parameters: z.record(z.string(), z.unknown()).default({}),
      /** Overrides the flow's image (e.g. another prefecthq/prefect tag). */
      image: z.string().trim().min(1).max(512).optional(),
      /** Overrides the flow's image_pull_policy. */
      pullPolicy: PullPolicy.optional(),
      /** A docker context name; the current engine when absent. */
      engine: z.string().trim().min(1).max(256).optional(),
      /** For a flow whose image is built: auto (unless built from the same context), always, never. */
      build: BuildMode.optional(),
      /** The tag of the built image where the flow's file leaves it to a template Berth cannot fill. */
      buildTag: z.string().trim().min(1).max(128).optional(),
      /**
       * `dockerfile: auto` only: the FROM image instead of the prefecthq/prefect image Prefect
       * would pick (e.g. an offline base). Said in the run's log; never applied silently.
       */
      baseImage: z.string().trim().min(1).max(512).optional(),
      /** Re-run exactly: this image ID (a past build's), no build and no pull. */
      imageId: z
        .string()
        .regex(/^sha256:[a-f0-9]{64}$/, 'an image ID, sha256: and 64 hex digits')
        .optional(),
      /**
       * Env values for this run, over the flow's own: how the form and `--env` fill a value the
       * file leaves to the worker (a `{{ $VAR }}`, a Prefect block or variable).
       */
      env: z.record(z.string().min(1).max(256), z.string().max(65_536)).optional(),
      /**
       * Local files for Valohai inputs, by input name: each is mounted read-only at
       * /valohai/inputs/<name>/<file name>. Paths are absolute or relative to the project.
       */
      inputs: z
        .record(z.string().min(1).max(256), z.array(z.string().min(1).max(4096)).max(100))
        .optional(),
      /**
       * GPUs as `docker run --gpus` takes them: "all", a count, or "device=0,1". Given to the
       * container where the engine has a GPU runtime; where it has none the run says so and goes on.
       */
      gpus: z.string().trim().regex(GPUS_PATTERN, 'all, a count, or device=0,1').optional(),
      /** A memory limit as docker writes it (512m, 2g), over the flow's mem_limit. */
      memory: z
        .string()
        .trim()
        .regex(/^\d+(\.\d+)?[bkmgBKMG]?$/, 'a number with b, k, m or g, e.g. 512m')
        .optional(),
      /** A network (name, or bridge / host / none) over the flow's network_mode and networks. */
      network: z.string().trim().min(1).max(256).optional(),
      /** An init process as PID 1 (`docker run --init`): Cancel then stops a Python PID 1 at once. */
      init: z.boolean().optional(),
    })
    .strict(),
);
export type RunStart = z.infer<typeof RunStart>;
/** As a caller may write it: parameters may be left out. */
export type RunStartInput = z.input<typeof RunStart>;

export const RunPhase = lazySchema(() =>
  z.enum(['building', 'pulling', 'creating', 'running', 'stopping']),
);
export type RunPhase = z.infer<typeof RunPhase>;

/** A run in progress, as runs.list and run.status carry it. */
export const ActiveRun = lazySchema(() =>
  z.object({
    runId: RunId,
    flowId: z.string(),
    flowName: z.string(),
    projectDir: z.string(),
    reference: z.string(),
    engine: z.string(),
    /** ISO 8601 */
    started: z.string(),
    phase: RunPhase,
    /** While pulling under ALWAYS or IF_NOT_PRESENT. */
    pull: PullProgress.nullable(),
    /** The run builds its image first (its flow names a build). */
    builds: z.boolean().optional(),
  }),
);
export type ActiveRun = z.infer<typeof ActiveRun>;

/** An engine a run may use: the current one, or any docker context. */
export const EngineChoice = lazySchema(() =>
  z.object({
    /** The docker context name; "default" for the default socket. */
    name: z.string(),
    /** e.g. unix:///var/run/docker.sock, ssh://me@box, tcp://10.0.0.5:2376 */
    address: z.string(),
    tls: z.boolean(),
    current: z.boolean(),
    description: z.string().nullable(),
  }),
);
export type EngineChoice = z.infer<typeof EngineChoice>;

/**
 * One line of the prod-parity check before a run: does the local run match what the worker
 * would run? `pull` names the image a Pull button fetches where pulling fixes it.
 */
export const ParityCheck = lazySchema(() =>
  z.object({
    id: z.enum(['image', 'digest', 'platform', 'env', 'entrypoint', 'build']),
    status: z.enum(['ok', 'warning', 'problem', 'unknown']),
    message: z.string(),
    pull: z.string().nullable(),
  }),
);
export type ParityCheck = z.infer<typeof ParityCheck>;

export const ParityReport = lazySchema(() =>
  z.object({
    flowId: z.string(),
    flowName: z.string(),
    /** Canonical, or an image ID. */
    reference: z.string(),
    engine: z.string(),
    checks: z.array(ParityCheck),
  }),
);
export type ParityReport = z.infer<typeof ParityReport>;
