/** The contract's schema of an error (errors.ts holds the type, without zod). */
import * as z from 'zod';
import type { ErrorShape as ErrorShapeType } from './errors';
import { lazySchema } from './lazy-schema';

export const ErrorShape = lazySchema(() =>
  z.object({
    code: z.string().min(1),
    message: z.string(),
    hint: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
);

// The schema and the type in errors.ts must stay the same shape, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same: Same<z.infer<typeof ErrorShape>, ErrorShapeType> = true;
void same;
