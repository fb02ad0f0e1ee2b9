import * as z from 'zod';
import { lazySchema } from './lazy-schema';

/** Docker Hub's pull allowance, from the ratelimit-* headers of a manifest HEAD. */
export const RateLimit = lazySchema(() =>
  z.object({
    limit: z.number(),
    remaining: z.number(),
    windowSeconds: z.number(),
    source: z.string().nullable(),
  }),
);
export type RateLimit = z.infer<typeof RateLimit>;
