/**
 * A diagnosis of a failed (or failing) pull, as `berth doctor --json` prints it and the UI
 * shows it: one cause, alternatives when the evidence is genuinely ambiguous, a one-line
 * summary, fix steps for this registry, and every probe step with its timing and evidence.
 */
import * as z from 'zod';
import { PullCause } from './pull-causes';
import { TransportView } from './transport';
import { lazySchema } from './lazy-schema';

export const ProbeStep = lazySchema(() =>
  z.object({
    name: z.string(),
    ok: z.boolean(),
    ms: z.number(),
    detail: z.string(),
    /** A refusal that is expected (an anonymous token on a private repository): neutral, not red. */
    expected: z.boolean().optional(),
  }),
);
export type ProbeStep = z.infer<typeof ProbeStep>;

/** One image reference found in pasted text, as written and as the engine would read it. */
export const ExtractedReference = lazySchema(() =>
  z.object({
    /** As it appears in the text. */
    text: z.string(),
    /** Canonical (docker.io/library/alpine:3), or null when the text is not a valid reference. */
    image: z.string().nullable(),
    registry: z.string().nullable(),
    repository: z.string().nullable(),
    tag: z.string().nullable(),
    digest: z.string().nullable(),
  }),
);
export type ExtractedReference = z.infer<typeof ExtractedReference>;

/** What a pasted error names: images, registries, platform, and who spoke (engine, tool). */
export const Extracted = lazySchema(() =>
  z.object({
    references: z.array(ExtractedReference),
    /** Registry hosts named anywhere (docker.io for Docker Hub's API hosts). */
    registries: z.array(z.string()),
    platform: z.string().nullable(),
    /** docker, podman, containerd, kubelet, buildkit, compose, nerdctl… */
    engine: z.string().nullable(),
    /** An orchestrator or CI tool around the engine: prefect, dagster, airflow, gitlab-runner… */
    tool: z.string().nullable(),
  }),
);
export type Extracted = z.infer<typeof Extracted>;

export const RemedyKind = lazySchema(() =>
  z.enum([
    'login',
    'logout',
    'add-pattern',
    'remove-helper',
    'retry',
    'probe',
    'daemon-json',
    'trust-ca',
    'engine-proxy',
  ]),
);
export type RemedyKind = z.infer<typeof RemedyKind>;

/**
 * One action that may unblock the pull, as data: the UI shows it as a button with its preview,
 * the CLI applies it with `berth fix <id>`. `changes` says exactly what will change, before.
 */
export const Remedy = lazySchema(() =>
  z.object({
    id: z.string(),
    kind: RemedyKind,
    title: z.string(),
    /** Exactly what changes (files, keychain entries), or what it will only read. */
    changes: z.array(z.string()),
    /** The same action from a terminal. */
    command: z.string(),
    /** Whether `berth fix` can undo it (it says how when it applies it). */
    undoable: z.boolean(),
    /** For the login form: the host and the username the registry expects. */
    prefill: z.object({ registry: z.string(), username: z.string().nullable() }).optional(),
  }),
);
export type Remedy = z.infer<typeof Remedy>;

export const Diagnosis = lazySchema(() =>
  z.object({
    image: z.string(),
    cause: PullCause,
    alternatives: z.array(PullCause),
    summary: z.string(),
    fix: z.array(z.string()),
    steps: z.array(ProbeStep),
    /** Documentation for the fix, https only. */
    docs: z.array(z.string()),
    /** offline: from an error message alone; live: from the probe. */
    mode: z.enum(['offline', 'live']),
    /** From a pasted message: what it names. */
    extracted: Extracted.optional(),
    /** Actions that may fix it, one click (or `berth fix <id>`) each. */
    remedies: z.array(Remedy).optional(),
    /** Live: the CAs, client certificate and proxy the probe (and registry HTTP) used. */
    transport: TransportView.optional(),
    /** Live: every check passed; the image pulls with the credential the summary names. */
    healthy: z.boolean().optional(),
  }),
);
export type Diagnosis = z.infer<typeof Diagnosis>;
