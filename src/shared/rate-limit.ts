import * as z from 'zod';

/** Docker Hub's pull allowance, from the ratelimit-* headers of a manifest HEAD. */
export const RateLimit = z.object({
  limit: z.number(),
  remaining: z.number(),
  windowSeconds: z.number(),
  source: z.string().nullable(),
});
export type RateLimit = z.infer<typeof RateLimit>;
