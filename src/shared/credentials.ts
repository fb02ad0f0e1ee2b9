/**
 * The credential shapes that cross the contract. None of them can carry a secret out of the
 * main process: a stored secret is described by "stored", its length and its age only. The
 * one field that carries a secret, `secret` in a save or a draft test, goes the other way.
 */
import * as z from 'zod';
import { ErrorShape } from './error-shape';
import { ProbeStep } from './diagnosis';
import { presetIds } from './registry-presets';
import { lazySchema } from './lazy-schema';

export const PresetId = lazySchema(() => z.enum(presetIds));

/** host[:port] as written in image references; docker.io for Docker Hub. */
export const RegistryHost = lazySchema(() =>
  z
    .string()
    .trim()
    .min(1, 'A registry host is required, e.g. ghcr.io or 127.0.0.1:5000')
    .max(253)
    .regex(
      /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]{1,5})?$|^\[[0-9a-fA-F:]+\](:[0-9]{1,5})?$/,
      'A registry host is a name or address with an optional port, e.g. ghcr.io or 127.0.0.1:5000, without https:// or a path',
    ),
);

export const Username = lazySchema(() =>
  z.string().trim().min(1, 'A username is required').max(256),
);
/** 16 KiB: GCP's _json_key secrets are whole service-account keys. */
export const Secret = lazySchema(() => z.string().min(1, 'A secret is required').max(16_384));
export const Pattern = lazySchema(() => z.string().trim().min(1).max(512));

export const Verification = lazySchema(() =>
  z.object({
    at: z.string(),
    ok: z.boolean(),
    /** The step that failed, when it failed. */
    failedStep: z.string().optional(),
    message: z.string().optional(),
  }),
);
export type Verification = z.infer<typeof Verification>;

export const CredentialView = lazySchema(() =>
  z.object({
    id: z.string(),
    registry: z.string(),
    username: z.string(),
    /** Empty: every image on the registry. */
    patterns: z.array(z.string()),
    preset: PresetId,
    createdAt: z.string(),
    updatedAt: z.string(),
    secret: z.object({ stored: z.boolean(), length: z.number(), setAt: z.string() }),
    verification: Verification.nullable(),
    /** For tokens with a fixed lifetime (ECR): when it runs out. */
    expiresAt: z.string().nullable(),
    /** Where it came from when imported, e.g. "~/.docker/config.json (auths)". */
    importedFrom: z.string().nullable(),
  }),
);
export type CredentialView = z.infer<typeof CredentialView>;

export const LoginStep = lazySchema(() =>
  ProbeStep.extend({
    name: z.enum(['ping', 'challenge', 'authenticate', 'token', 'pull-access']),
  }),
);
export type LoginStep = z.infer<typeof LoginStep>;

export const LoginReport = lazySchema(() =>
  z.object({
    registry: z.string(),
    ok: z.boolean(),
    /** basic, bearer, or none when the registry asks for nothing. */
    scheme: z.enum(['basic', 'bearer', 'none', 'unknown']),
    steps: z.array(LoginStep),
    failedStep: z.string().nullable(),
    error: ErrorShape.nullable(),
  }),
);
export type LoginReport = z.infer<typeof LoginReport>;

export const CandidateSource = lazySchema(() =>
  z.enum([
    'berth',
    'env',
    'docker-credHelpers',
    'docker-credsStore',
    'docker-auths',
    'podman-auth',
  ]),
);
export type CandidateSource = z.infer<typeof CandidateSource>;

export const Candidate = lazySchema(() =>
  z.object({
    source: CandidateSource,
    sourceLabel: z.string(),
    registry: z.string(),
    username: z.string(),
    /** Berth credentials: the pattern that matched, and its specificity. */
    pattern: z.string().nullable(),
    specificity: z.number().nullable(),
    credentialId: z.string().nullable(),
    /** Why it applies, or why it does not. */
    note: z.string(),
    /** The secret is an identity (refresh) token, exchanged with the OAuth2 refresh_token grant. */
    identityToken: z.boolean().optional(),
  }),
);
export type Candidate = z.infer<typeof Candidate>;

/**
 * What one tool does for the image, decided by its own rules (docker CLI 20.10; podman 4.3 and
 * skopeo 1.9, which share containers/image 5.23): send a credential, go anonymous, or fail the
 * pull before asking the registry (podman, when a credential helper cannot run).
 */
const ToolVerdictBase = lazySchema(() =>
  z.object({
    outcome: z.enum(['credential', 'anonymous', 'fails']),
    username: z.string().nullable(),
    identityToken: z.boolean(),
    /** The file and key, or the helper, the credential comes from. */
    sourceLabel: z.string().nullable(),
    /** Why, in the tool's own terms (a failing helper, the fallback it takes). */
    why: z.string(),
    /**
     * Who else the tool may send, run to run: docker picks among auths keys that all stand for
     * the registry (`host/a`, `host/b`) in Go's map order, which is random.
     */
    mayInstead: z.array(z.string()).optional(),
  }),
);

/**
 * One tool's answer. docker's rules are docker CLI 20.10's (`version`); where a current CLI
 * (checked: 28) acts otherwise, `newer` is its answer, with its version.
 */
export const ToolVerdict = lazySchema(() =>
  ToolVerdictBase.extend({
    version: z.string().optional(),
    newer: ToolVerdictBase.extend({ version: z.string() }).optional(),
  }),
);
export type ToolVerdict = z.infer<typeof ToolVerdict>;

export const Explanation = lazySchema(() =>
  z.object({
    image: z.string(),
    registry: z.string(),
    candidates: z.array(Candidate),
    chosen: Candidate.nullable(),
    reason: z.string(),
    /** Berth credentials whose patterns tie for the most specific match. */
    conflict: z.array(Candidate),
    /** What the other tools would use for the same image. */
    otherTools: z.object({ docker: Candidate.nullable(), podman: Candidate.nullable() }),
    /** Each tool's full verdict, failures included (skopeo: containers/image, as podman). */
    tools: z.object({ docker: ToolVerdict, podman: ToolVerdict, skopeo: ToolVerdict }).optional(),
    problems: z.array(ErrorShape),
  }),
);
export type Explanation = z.infer<typeof Explanation>;

export const ImportEntry = lazySchema(() =>
  z.object({
    key: z.string(),
    registry: z.string(),
    username: z.string(),
    source: CandidateSource,
    sourceLabel: z.string(),
    secretLength: z.number(),
    identityToken: z.boolean(),
    /** A Berth credential for the same registry and username exists (import updates it). */
    existingId: z.string().nullable(),
  }),
);
export type ImportEntry = z.infer<typeof ImportEntry>;

export const ImportSource = lazySchema(() => z.enum(['docker', 'podman', 'all']));
