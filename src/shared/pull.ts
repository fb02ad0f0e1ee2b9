/**
 * A pull's progress as the UI and the CLI show it: per layer (as the engine names them, by
 * short ID) and overall. Browser-safe: the contract pushes it as the pull.progress event.
 */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';

export const LayerState = lazySchema(() =>
  z.enum([
    'waiting',
    'downloading',
    /** Downloaded and verified; waiting for its turn to be extracted (extraction is in order). */
    'downloaded',
    'extracting',
    'done',
    /** The engine already had it: nothing downloaded. */
    'exists',
  ]),
);
export type LayerState = z.infer<typeof LayerState>;

export const LayerProgress = lazySchema(() =>
  z.object({
    id: z.string(),
    state: LayerState,
    /** Bytes of the current step (download or extraction) so far. */
    current: z.number(),
    /** Bytes of the current step in all; null while the engine has not said. */
    total: z.number().nullable(),
  }),
);
export type LayerProgress = z.infer<typeof LayerProgress>;

export const PullPhase = lazySchema(() =>
  z.enum(['starting', 'downloading', 'extracting', 'complete']),
);
export type PullPhase = z.infer<typeof PullPhase>;

export const PullProgress = lazySchema(() =>
  z.object({
    layers: z.array(LayerProgress),
    /** Downloaded bytes, and the sum of the layer sizes the engine has announced so far. */
    bytes: z.object({ current: z.number(), total: z.number() }),
    /** Download speed over the last few seconds, bytes per second. */
    speedBps: z.number(),
    phase: PullPhase,
  }),
);
export type PullProgress = z.infer<typeof PullProgress>;

/** os[/arch[/variant]] as `docker pull --platform` takes it, e.g. linux/arm64/v8. */
export const PlatformString = lazySchema(() =>
  z
    .string()
    .trim()
    .regex(
      /^[a-z0-9_.-]+(\/[a-z0-9_.-]+){0,2}$/i,
      'A platform is os/arch[/variant], e.g. linux/amd64',
    )
    .max(64),
);
