/**
 * The one IPC contract (design/architecture.md): every channel's request and response, and
 * every pushed event, as zod schemas. The Electron ipc handlers and the browser-mode host
 * both go through `dispatch` (src/host), which validates against these; the renderer's typed
 * client is built from the same map.
 */
import * as z from 'zod';
import { ErrorShape } from './error-shape';
import { RateLimit } from './rate-limit';
import {
  FileTree,
  ImageDiff,
  ImageFile,
  ReferrerList,
  RemoteImage,
  UpdateCheck,
} from './image-content';
import type { ChannelName, EventName } from './channel-names';
import { Diagnosis } from './diagnosis';
import { PullEntry, PullResult, RunEntry, RunResult } from './ledger';
import { DiscoveryResult } from './flows';
import {
  ActiveRun,
  EngineChoice,
  ParityReport,
  ProjectDir,
  RecentProject,
  RunId,
  RunStart,
} from './runs';
import { PlatformString, PullProgress } from './pull';
import { JobKind, JobSummary } from './jobs';
import {
  CredentialView,
  Explanation,
  ImportEntry,
  ImportSource,
  LoginReport,
  Pattern,
  PresetId,
  RegistryHost,
  Secret,
  Username,
} from './credentials';
import { KubeletMatch, KubeUsage } from './kube-pull-secret';
import { TransportView } from './transport';
import { lazySchema } from './lazy-schema';

export const EngineEndpoint = lazySchema(() =>
  z.object({
    /** How Berth reaches the engine. */
    kind: z.enum(['unix', 'npipe', 'tcp', 'ssh', 'invalid']),
    /** e.g. unix:///var/run/docker.sock, tcp://10.0.0.5:2376 */
    address: z.string(),
    /** Where the endpoint came from. */
    source: z.enum(['DOCKER_HOST', 'context', 'default']),
    /** The docker context name when source is "context" (or DOCKER_CONTEXT). */
    context: z.string().optional(),
    tls: z.boolean(),
  }),
);
export type EngineEndpoint = z.infer<typeof EngineEndpoint>;

export const EngineInfo = lazySchema(() =>
  z.object({
    endpoint: EngineEndpoint,
    /** "Docker Engine - Community", "Podman Engine", ... */
    product: z.string(),
    name: z.string(),
    serverVersion: z.string(),
    apiVersion: z.string(),
    os: z.string(),
    arch: z.string(),
    kernelVersion: z.string(),
    operatingSystem: z.string(),
    storageDriver: z.string(),
    cpus: z.number(),
    memTotal: z.number(),
    images: z.number(),
    containers: z.number(),
    containersRunning: z.number(),
    rootless: z.boolean(),
  }),
);
export type EngineInfo = z.infer<typeof EngineInfo>;

export const EngineStatus = lazySchema(() =>
  z.discriminatedUnion('state', [
    z.object({ state: z.literal('up'), info: EngineInfo, checkedAt: z.string() }),
    z.object({
      state: z.literal('down'),
      endpoint: EngineEndpoint,
      error: ErrorShape,
      checkedAt: z.string(),
    }),
  ]),
);
export type EngineStatus = z.infer<typeof EngineStatus>;

export const ImageSummary = lazySchema(() =>
  z.object({
    id: z.string(),
    repoTags: z.array(z.string()),
    repoDigests: z.array(z.string()),
    /** Bytes. */
    size: z.number(),
    /** ISO 8601. */
    created: z.string(),
    /** Containers using the image; -1 when the engine did not count them. */
    containers: z.number(),
  }),
);
export type ImageSummary = z.infer<typeof ImageSummary>;

export const ImageLayer = lazySchema(() =>
  z.object({
    /** The uncompressed layer digest (diff ID) from the config's rootfs. */
    diffId: z.string(),
    /** From the image history, when it lines up with the layers; -1 otherwise. */
    size: z.number(),
    createdBy: z.string(),
  }),
);
export type ImageLayer = z.infer<typeof ImageLayer>;

export const ImageDetails = lazySchema(() =>
  ImageSummary.extend({
    os: z.string(),
    architecture: z.string(),
    variant: z.string().optional(),
    labels: z.record(z.string(), z.string()),
    env: z.array(z.string()),
    entrypoint: z.array(z.string()),
    cmd: z.array(z.string()),
    workingDir: z.string(),
    user: z.string(),
    exposedPorts: z.array(z.string()),
    layers: z.array(ImageLayer),
  }),
);
export type ImageDetails = z.infer<typeof ImageDetails>;

/** A parsed image reference, as `berth ref --json` prints it. */
export const ReferenceInfo = lazySchema(() =>
  z.object({
    input: z.string(),
    domain: z.string(),
    path: z.string(),
    tag: z.string().nullable(),
    digest: z.string().nullable(),
    familiar: z.string(),
    canonical: z.string(),
  }),
);
export type ReferenceInfo = z.infer<typeof ReferenceInfo>;

export { RateLimit } from './rate-limit';

export const Platform = lazySchema(() =>
  z.object({
    os: z.string(),
    architecture: z.string(),
    variant: z.string().optional(),
    digest: z.string(),
    /** Bytes of the platform's manifest's layers, when known. */
    size: z.number().nullable(),
  }),
);
export type Platform = z.infer<typeof Platform>;

export const TagDetails = lazySchema(() =>
  z.object({
    tag: z.string(),
    digest: z.string(),
    mediaType: z.string(),
    /** An index (manifest list) points at one manifest per platform. */
    kind: z.enum(['manifest', 'index']),
    platforms: z.array(Platform),
    /** Total compressed layer bytes: of the manifest, or of the engine's platform in an index. */
    compressedSize: z.number().nullable(),
    /** ISO 8601, from the image config. */
    created: z.string().nullable(),
    rateLimit: RateLimit.nullable(),
    /**
     * BuildKit attestation manifests in the index (platform unknown/unknown): not images to run,
     * so not in `platforms`. Present only when the index has some.
     */
    attestations: z
      .array(z.object({ digest: z.string(), subject: z.string().nullable() }))
      .optional(),
  }),
);
export type TagDetails = z.infer<typeof TagDetails>;

const Repository = lazySchema(() =>
  z.string().trim().min(1, 'A repository is required, e.g. nginx or ghcr.io/org/app').max(512),
);
const ListingId = lazySchema(() => z.string().min(1).max(100));

const ImageId = lazySchema(() =>
  z.string().trim().min(1, 'An image ID or reference is required').max(512),
);
const ImageInput = lazySchema(() =>
  z.string().trim().min(1, 'An image reference (or a ledger entry id) is required').max(512),
);
const PlatformInput = lazySchema(() => z.string().trim().min(1).max(64));
const JobId = lazySchema(() => z.string().min(1).max(100));
const PullId = lazySchema(() => z.string().min(1).max(100));

export const channels = {
  /** Engine reachability and facts; "down" is a state, not an error. */
  'engine.status': {
    request: lazySchema(() => z.object({}).strict()),
    response: EngineStatus,
  },
  'images.list': {
    request: lazySchema(() => z.object({}).strict()),
    response: lazySchema(() => z.array(ImageSummary)),
  },
  'images.inspect': {
    request: lazySchema(() => z.object({ id: ImageId }).strict()),
    response: ImageDetails,
  },
  /** Refuses an image in use unless force is set; the UI never sets force without asking. */
  'images.remove': {
    request: lazySchema(() =>
      z.object({ id: ImageId, force: z.boolean().default(false) }).strict(),
    ),
    response: lazySchema(() =>
      z.object({ untagged: z.array(z.string()), deleted: z.array(z.string()) }),
    ),
  },
  /** Parses a repository and starts listing its tags; pages come from tags.next. */
  'tags.open': {
    request: lazySchema(() =>
      z
        .object({
          repository: Repository,
          pageSize: z.number().int().min(1).max(10_000).optional(),
        })
        .strict(),
    ),
    response: lazySchema(() => z.object({ listingId: ListingId, repository: ReferenceInfo })),
  },
  /** The next page of a listing; `done` once the registry has no more. */
  'tags.next': {
    request: lazySchema(() => z.object({ listingId: ListingId }).strict()),
    response: lazySchema(() =>
      z.object({
        tags: z.array(z.string()),
        done: z.boolean(),
        fetched: z.number(),
        pages: z.number(),
      }),
    ),
  },
  'tags.close': {
    request: lazySchema(() => z.object({ listingId: ListingId }).strict()),
    response: lazySchema(() => z.object({ closed: z.boolean() })),
  },
  /** Digest, media type, platforms, size and created date of one tag, fetched lazily. */
  'tags.details': {
    request: lazySchema(() =>
      z.object({ repository: Repository, tag: z.string().min(1).max(128) }).strict(),
    ),
    response: TagDetails,
  },
  /** Stored credentials, without secrets; a corrupt metadata file is reported, not fatal. */
  'registries.list': {
    request: lazySchema(() => z.object({}).strict()),
    response: lazySchema(() =>
      z.object({ credentials: z.array(CredentialView), warning: ErrorShape.nullable() }),
    ),
  },
  /**
   * Adds or updates a credential. With `verify`, it is stored only when the login works; the
   * report says which step failed otherwise. Without a secret, an update keeps the stored one.
   */
  'registries.save': {
    request: lazySchema(() =>
      z
        .object({
          id: z.string().optional(),
          registry: RegistryHost,
          username: Username,
          secret: Secret.optional(),
          patterns: z.array(Pattern).max(50).default([]),
          preset: PresetId.default('generic'),
          verify: z.boolean().default(true),
          sampleImage: z.string().trim().max(512).optional(),
        })
        .strict(),
    ),
    response: lazySchema(() =>
      z.object({ saved: CredentialView.nullable(), report: LoginReport.nullable() }),
    ),
  },
  'registries.remove': {
    request: lazySchema(() => z.object({ id: z.string().min(1) }).strict()),
    response: lazySchema(() => z.object({ removed: z.boolean() })),
  },
  /** The real login handshake, for a stored credential or a draft that is not stored yet. */
  'registries.test': {
    request: lazySchema(() =>
      z
        .object({
          id: z.string().optional(),
          draft: z
            .object({ registry: RegistryHost, username: Username, secret: Secret })
            .optional(),
          sampleImage: z.string().trim().max(512).optional(),
        })
        .strict()
        .refine((r) => (r.id === undefined) !== (r.draft === undefined), {
          message: 'Give either a stored credential id or a draft, not both',
        }),
    ),
    response: LoginReport,
  },
  /** Which credential Berth would use for an image, from which source, and why. */
  'credentials.explain': {
    request: lazySchema(() => z.object({ reference: z.string().trim().min(1).max(512) }).strict()),
    response: Explanation,
  },
  /** What ~/.docker/config.json and podman's auth.json hold, shown before anything is stored. */
  'credentials.importScan': {
    request: lazySchema(() => z.object({ from: ImportSource.default('all') }).strict()),
    response: lazySchema(() =>
      z.object({ entries: z.array(ImportEntry), problems: z.array(ErrorShape) }),
    ),
  },
  'credentials.importApply': {
    request: lazySchema(() =>
      z
        .object({ from: ImportSource.default('all'), keys: z.array(z.string()).min(1).max(500) })
        .strict(),
    ),
    response: lazySchema(() =>
      z.object({ imported: z.array(CredentialView), problems: z.array(ErrorShape) }),
    ),
  },
  /**
   * Writes a kubernetes.io/dockerconfigjson Secret for one credential to a file the user chose
   * (a save dialog in the app; an explicit path in browser mode and the CLI). The YAML holds
   * the secret, so it never comes back over the contract.
   */
  'credentials.exportPullSecret': {
    request: lazySchema(() =>
      z
        .object({
          id: z.string().min(1),
          name: z
            .string()
            .regex(
              /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
              'A Kubernetes name: lowercase, digits, - and .',
            )
            .max(253)
            .default('berth-pull-secret'),
          namespace: z
            .string()
            .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
            .max(63)
            .optional(),
          path: z.string().min(1).max(4096).optional(),
          /** An image the secret must serve: the export checks that kubelet would match it. */
          image: z.string().trim().min(1).max(512).optional(),
          confirmed: z.literal(
            true,
            'The export must be confirmed: the file will contain the secret',
          ),
        })
        .strict(),
    ),
    response: lazySchema(() =>
      z.object({
        path: z.string().nullable(),
        bytes: z.number(),
        /** How to attach the secret (service-account patch, Flyte pod template); no secret. */
        usage: KubeUsage.optional(),
        /** What kubelet would match for the image given, with the secret written. */
        kubelet: KubeletMatch.optional(),
      }),
    ),
  },
  /**
   * Writes the credential Berth sends for an image into the file a terminal tool reads
   * (docker's config.json or podman's auth.json, as their own login would), after a copy of
   * the file; then explains again. Refused, and the file put back, when the tool would still
   * not send it (a credential helper decides for docker, say). The secret never comes back.
   */
  'credentials.align': {
    request: lazySchema(() =>
      z
        .object({
          reference: z.string().trim().min(1).max(512),
          tool: z.enum(['docker', 'podman']),
          confirmed: z.literal(true, 'Writing the file must be confirmed: it will hold the secret'),
        })
        .strict(),
    ),
    response: lazySchema(() =>
      z.object({
        /** The file written, and the key the entry is under. */
        path: z.string(),
        key: z.string(),
        /** The copy of the file as it was; null when there was none. */
        backup: z.string().nullable(),
        /** The explanation after the write: the tool's verdict now matches Berth's. */
        explanation: Explanation,
      }),
    ),
  },
  /**
   * Which entry of a Kubernetes .dockerconfigjson pull secret kubelet would try for an image,
   * in order (kubernetes pkg/credentialprovider/keyring.go). Without keys: the secret
   * `creds export` would write for the credential Berth chooses for the image.
   */
  /**
   * Which CAs, client certificate (certs.d) and proxy Berth's registry HTTP uses for a
   * registry (an image reference gives its registry). Paths only, never key material.
   */
  'registry.transport': {
    request: lazySchema(() => z.object({ reference: z.string().trim().min(1).max(512) }).strict()),
    response: TransportView,
  },
  'credentials.kubeletMatch': {
    request: lazySchema(() =>
      z
        .object({
          reference: z.string().trim().min(1).max(512),
          keys: z
            .array(
              z
                .object({ key: z.string().max(1024), username: z.string().max(512).nullable() })
                .strict(),
            )
            .max(500)
            .optional(),
        })
        .strict(),
    ),
    response: KubeletMatch,
  },
  /** The live probe: every step from the reference to the manifest, then one cause and a fix. */
  'diagnose.run': {
    request: lazySchema(() =>
      z
        .object({
          reference: z.string().trim().min(1).max(512),
          message: z.string().max(1_000_000).optional(),
          platform: z.string().max(64).optional(),
        })
        .strict(),
    ),
    response: Diagnosis,
  },
  /** Offline: classify a pasted error text. */
  'diagnose.message': {
    request: lazySchema(() =>
      z
        .object({
          message: z.string().min(1).max(1_000_000),
          image: z.string().max(512).optional(),
        })
        .strict(),
    ),
    response: Diagnosis,
  },
  /**
   * Applies one remedy a diagnosis offered (its id says what and where). `login` takes the
   * secret here, or runs the registry's cloud CLI when the id names its user; `undo:` ids put a
   * changed file back byte for byte. Retrying starts a pull job, as pull.start does.
   */
  'diagnose.fix': {
    request: lazySchema(() =>
      z
        .object({ remedyId: z.string().trim().min(1).max(2048), secret: Secret.optional() })
        .strict(),
    ),
    response: lazySchema(() =>
      z.object({
        applied: z.boolean(),
        summary: z.string(),
        /** What changed, file by file. */
        changes: z.array(z.string()),
        /** The remedy id that undoes it, when there is one. */
        undo: z.string().nullable(),
        /** The probe's diagnosis, for `probe:` remedies. */
        diagnosis: Diagnosis.nullable(),
        /** The pull job a `retry:` remedy ran (as pull.start does), and its ledger entry. */
        pull: z.object({ pullId: z.string(), entryId: z.string().nullable() }).optional(),
      }),
    ),
  },
  /**
   * Starts pulling an image in the background (the engine's platform unless one is given);
   * progress, log lines and the outcome arrive as pull.* events with the pullId. An invalid
   * reference is refused here, before anything starts.
   */
  'pull.start': {
    request: lazySchema(() =>
      z
        .object({
          reference: z.string().trim().min(1, 'An image reference is required').max(512),
          platform: PlatformString.optional(),
        })
        .strict(),
    ),
    response: lazySchema(() => z.object({ pullId: PullId })),
  },
  /** Cancels a running pull: it ends with pull.done, result "cancelled". */
  'pull.cancel': {
    request: lazySchema(() => z.object({ pullId: PullId }).strict()),
    response: lazySchema(() => z.object({ cancelled: z.boolean() })),
  },
  /**
   * The ledger's pulls, newest first; `skipped` counts lines that could not be read. With `id`,
   * only that entry (the CLI's `pull --json` prints the one it just wrote).
   */
  'ledger.list': {
    request: lazySchema(() =>
      z
        .object({
          id: z.string().min(1).max(100).optional(),
          text: z.string().max(512).optional(),
          result: PullResult.optional(),
        })
        .strict(),
    ),
    response: lazySchema(() =>
      z.object({ entries: z.array(PullEntry), skipped: z.number().int() }),
    ),
  },
  /** Recently opened project folders, newest first. */
  'projects.recent': {
    request: lazySchema(() => z.object({}).strict()),
    response: lazySchema(() => z.object({ projects: z.array(RecentProject) })),
  },
  /** The app's folder picker; null when cancelled. Browser mode has none (projects.not_supported). */
  'projects.choose': {
    request: lazySchema(() => z.object({}).strict()),
    response: lazySchema(() => z.object({ path: z.string().nullable() })),
  },
  /**
   * Opens a project folder: discovers its flows (with problems named by file and line),
   * remembers it among the recent ones, and watches it: flows.changed follows an edit.
   */
  'flows.discover': {
    request: lazySchema(() => z.object({ dir: ProjectDir }).strict()),
    response: DiscoveryResult,
  },
  /** The engines a run may use: the current one and every docker context. */
  'engine.contexts': {
    request: lazySchema(() => z.object({}).strict()),
    response: lazySchema(() => z.object({ engines: z.array(EngineChoice) })),
  },
  /**
   * Starts a flow run in the background after validating its inputs (a bad parameter, volume
   * or image is refused here, before anything runs); run.* events carry it from there.
   */
  'runs.start': {
    request: RunStart,
    response: lazySchema(() => z.object({ runId: RunId })),
  },
  /**
   * The prod-parity check before a run, quota-safe (a manifest HEAD at most): the image on
   * the engine, its digest against the registry's, its platform, env left unresolved, the
   * entrypoint. Nothing is pulled, built or run.
   */
  'runs.check': {
    request: RunStart,
    response: ParityReport,
  },
  /** SIGTERM, then a kill after the grace period; the run ends with run.done "cancelled". */
  'runs.cancel': {
    request: lazySchema(() => z.object({ runId: RunId }).strict()),
    response: lazySchema(() => z.object({ cancelled: z.boolean() })),
  },
  /** Runs in progress and the ledger's finished runs (newest first), optionally of one flow. */
  'runs.list': {
    request: lazySchema(() => z.object({ flowId: z.string().max(1024).optional() }).strict()),
    response: lazySchema(() =>
      z.object({
        active: z.array(ActiveRun),
        entries: z.array(RunEntry),
        skipped: z.number().int(),
      }),
    ),
  },
  /** The end of a run's log file (a finished or running run), at most `maxBytes`. */
  'runs.log': {
    request: lazySchema(() =>
      z
        .object({ runId: RunId, maxBytes: z.number().int().positive().max(16_777_216).optional() })
        .strict(),
    ),
    response: lazySchema(() =>
      z.object({ text: z.string(), truncated: z.boolean(), bytes: z.number().int() }),
    ),
  },
  /** One finished run's ledger entry, by its id or the start of it (`berth runs show`). */
  'runs.show': {
    request: lazySchema(() => z.object({ runId: RunId }).strict()),
    response: RunEntry,
  },
  /** Runs a past run again: the same flow, parameters, image reference, pull policy and engine. */
  'runs.rerun': {
    request: lazySchema(() => z.object({ runId: RunId }).strict()),
    response: lazySchema(() => z.object({ runId: RunId })),
  },
  /**
   * Long work in flight (pulls, runs, …), with its latest progress: a reopened window lists
   * them and reattaches to their events by id.
   */
  'jobs.list': {
    request: lazySchema(() => z.object({ kind: JobKind.optional() }).strict()),
    response: lazySchema(() => z.object({ jobs: z.array(JobSummary) })),
  },
  /**
   * Cancels any job by id; it ends with its kind's done event and the code job.cancelled.
   * `force` stops at once: a run's container is killed without its grace period.
   */
  'jobs.cancel': {
    request: lazySchema(() =>
      z.object({ id: z.string().min(1).max(100), force: z.boolean().optional() }).strict(),
    ),
    response: lazySchema(() => z.object({ cancelled: z.boolean() })),
  },
  /** An image's config, history and layers from its registry, without pulling it. */
  'images.remoteInspect': {
    request: lazySchema(() =>
      z.object({ reference: ImageInput, platform: PlatformInput.optional() }).strict(),
    ),
    response: RemoteImage,
  },
  /** Starts listing an image's merged files from its registry; images.files.* events report. */
  'images.files': {
    request: lazySchema(() =>
      z
        .object({
          reference: ImageInput,
          platform: PlatformInput.optional(),
          layer: z.number().int().min(0).max(10_000).optional(),
          path: z.string().max(4096).optional(),
        })
        .strict(),
    ),
    response: lazySchema(() => z.object({ jobId: JobId })),
  },
  'images.filesCancel': {
    request: lazySchema(() => z.object({ jobId: JobId }).strict()),
    response: lazySchema(() => z.object({ cancelled: z.boolean() })),
  },
  /** Two references, digests or ledger entry ids: manifest, config, layers and files. */
  'images.diff': {
    request: lazySchema(() =>
      z
        .object({
          a: ImageInput,
          b: ImageInput,
          platform: PlatformInput.optional(),
          files: z.boolean().optional(),
        })
        .strict(),
    ),
    response: ImageDiff,
  },
  /** Signatures, SBOMs and attestations of an image (referrers API, fallback tags, index). */
  'images.referrers': {
    request: lazySchema(() => z.object({ reference: ImageInput }).strict()),
    response: ReferrerList,
  },
  /** Whether local images' tags still point where the engine recorded them (HEAD only). */
  'images.checkUpdates': {
    request: lazySchema(() =>
      z.object({ references: z.array(ImageInput).min(1).max(500) }).strict(),
    ),
    response: lazySchema(() => z.object({ checks: z.array(UpdateCheck) })),
  },
} satisfies Record<ChannelName, { request: z.ZodType; response: z.ZodType }>;

export const events = {
  /** Pushed whenever the engine goes up or down, so the UI notices without a restart. */
  'engine.status': EngineStatus,
  /**
   * The engine's images changed, as its own event stream tells (a `docker pull`, `rmi`, `tag`,
   * `load` or build in a terminal too): one per burst. `references` are the tags the events
   * named (at most 50); `resync` says the stream was reopened and changes may have been missed.
   */
  'images.changed': lazySchema(() =>
    z.object({
      actions: z.array(z.string()),
      references: z.array(z.string()),
      resync: z.boolean(),
    }),
  ),
  /** A pull's progress, at most 10 a second per pull; the final state always comes. */
  'pull.progress': lazySchema(() => PullProgress.extend({ pullId: PullId })),
  /** A line of a pull's log: "Pulling image: …", "Image digest: sha256:…", warnings. */
  'pull.log': lazySchema(() =>
    z.object({ pullId: PullId, line: z.string(), level: z.enum(['info', 'warning']) }),
  ),
  /** The end of a pull, after its ledger entry is written (entryId null if it could not be). */
  'pull.done': lazySchema(() =>
    z.object({
      pullId: PullId,
      reference: z.string(),
      result: PullResult,
      digest: z.string().nullable(),
      entryId: z.string().nullable(),
      error: ErrorShape.optional(),
      /** Why it failed, as the ledger records it (a diagnosis cause: no_credentials, tls, …). */
      cause: z.string().optional(),
      /** The diagnosis of a failure in words: one line, and the steps that fix it. */
      verdict: z.object({ summary: z.string(), fix: z.array(z.string()) }).optional(),
    }),
  ),
  /** A project's flows after a file in it changed (debounced). */
  'flows.changed': DiscoveryResult,
  /** A run's phase changed, or its pull progressed (at most 10 a second). */
  'run.status': ActiveRun,
  /** Container output as it comes, ANSI colours kept; coalesced into chunks. */
  'run.log': lazySchema(() =>
    z.object({
      runId: RunId,
      chunk: z.string(),
      /** Set when the chunk is Berth's own note (dimmed in the chunk), as the plain line. */
      note: z.string().optional(),
    }),
  ),
  /** The end of a run, after its ledger entry is written (entryId null if it could not be). */
  'run.done': lazySchema(() =>
    z.object({
      runId: RunId,
      result: RunResult,
      exitCode: z.number().int().nullable(),
      digest: z.string().nullable(),
      entryId: z.string().nullable(),
      error: ErrorShape.optional(),
    }),
  ),
  /** A file listing's progress: layers and compressed bytes read, entries seen. */
  'images.files.progress': lazySchema(() =>
    z.object({
      jobId: JobId,
      layersDone: z.number(),
      layers: z.number(),
      bytes: z.number(),
      totalBytes: z.number(),
      entries: z.number(),
    }),
  ),
  /**
   * A listing's first rows, as the layers are read and before they are merged: each layer's
   * entries in archive order, so the first files show while the rest streams. Batched (the
   * first batch at once, then at most 10 a second) and capped at FIRST_ROWS_LIMIT (image-content.ts) rows per
   * listing; the merged tree comes with images.files.done.
   */
  'images.files.rows': lazySchema(() =>
    z.object({
      jobId: JobId,
      layer: z.number(),
      rows: z.array(ImageFile),
    }),
  ),
  /** The end of a file listing: the tree, or why not. */
  'images.files.done': lazySchema(() =>
    z.object({
      jobId: JobId,
      tree: FileTree.optional(),
      error: ErrorShape.optional(),
    }),
  ),
} satisfies Record<EventName, z.ZodType>;

export type Channels = typeof channels;
export type Request<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequest<C extends ChannelName> = z.output<Channels[C]['request']>;
export type Response<C extends ChannelName> = z.output<Channels[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What crosses either transport: a typed result or a typed error, never a thrown exception. */
export const Result = lazySchema(() =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data: z.unknown() }),
    z.object({ ok: z.literal(false), error: ErrorShape }),
  ]),
);
export type Result = z.infer<typeof Result>;

export { channelNames, eventNames, isChannelName, isEventName } from './channel-names';
export type { ChannelName, EventName } from './channel-names';
