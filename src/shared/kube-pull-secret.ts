/**
 * What kubelet would do with a Kubernetes pull secret for one image, and what `creds export`
 * wrote beside the secret. None of it holds a secret: keys, usernames and names only.
 */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';

export const KubeletKey = lazySchema(() =>
  z.object({
    /** The `auths` key as written in the .dockerconfigjson. */
    key: z.string(),
    username: z.string().nullable(),
    /** The keyring's index key (scheme, /v1/ or /v2/ dropped), or null when kubelet ignores it. */
    indexKey: z.string().nullable(),
    matched: z.boolean(),
    /** 1-based position in kubelet's try order; null when it does not match. */
    order: z.number().int().positive().nullable(),
    note: z.string(),
  }),
);
export type KubeletKey = z.infer<typeof KubeletKey>;

export const KubeletMatch = lazySchema(() =>
  z.object({
    /** The repository kubelet looks up (tag and digest dropped, docker.io/library/ added). */
    repository: z.string(),
    keys: z.array(KubeletKey),
    /** The keys kubelet tries, in order; it goes on to the next when a pull is refused. */
    tried: z.array(z.string()),
    /** No key matched the image, but the image is on Docker Hub and the secret has its key. */
    viaDefaultRegistry: z.boolean(),
    /** Where the keys came from: Berth's own export for the image, or a given secret. */
    from: z.enum(['berth-export', 'given']),
    summary: z.string(),
  }),
);
export type KubeletMatch = z.infer<typeof KubeletMatch>;

/** The two ways Flyte's docs attach a pull secret, as text to apply (no secret in either). */
export const KubeUsage = lazySchema(() =>
  z.object({
    secretName: z.string(),
    namespace: z.string().nullable(),
    /** The .dockerconfigjson key written, chosen so kubelet matches the image. */
    serverKey: z.string(),
    serviceAccountPatch: z.string(),
    serviceAccountPatchCommand: z.string(),
    podTemplate: z.string(),
  }),
);
export type KubeUsage = z.infer<typeof KubeUsage>;
