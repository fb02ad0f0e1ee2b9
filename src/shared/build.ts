/**
 * Image builds as the contract carries them: the build a flow's file names (a prefect.yaml
 * build_docker_image step, berth.yaml's `build:`, a valohai.yaml step that opts in), the mode
 * a run asks for, and what a run record keeps of the build. Browser-safe.
 */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';

/** auto: build unless an image from the same context hash is on the engine. */
export const BuildMode = lazySchema(() => z.enum(['auto', 'always', 'never']));
export type BuildMode = z.infer<typeof BuildMode>;

/** `dockerfile: auto`: Prefect writes the Dockerfile itself (prefect_docker build step). */
export const AUTO_DOCKERFILE = 'auto';

export const FlowBuild = lazySchema(() =>
  z.object({
    /** Where the build is named, e.g. "build step build_image" or "berth.yaml build". */
    from: z.string(),
    /** The build context, relative to the project root ("." for the root). */
    context: z.string(),
    /** The Dockerfile relative to the context, or "auto". */
    dockerfile: z.string(),
    /** The repository the image is tagged with (build_docker_image's image_name). */
    imageName: z.string(),
    /** null: tagged with the time of the build, as Prefect does when a step sets no tag. */
    tag: z.string().nullable(),
    /** Why the tag could not be filled in (an unresolved template): a run must be given one. */
    tagUnresolved: z.string().nullable(),
    /** os/arch, as docker build --platform; null for the engine's own. */
    platform: z.string().nullable(),
    buildArgs: z.record(z.string(), z.string()),
    /** Try to pull a newer base image first (docker build --pull); Prefect's step says true. */
    pull: z.boolean(),
    /** docker build --target; null for the last stage. */
    target: z.string().nullable(),
  }),
);
export type FlowBuild = z.infer<typeof FlowBuild>;

/** What a run record keeps of its build (new or reused). */
export const BuildRecord = lazySchema(() =>
  z.object({
    /** sha256 over the context's files (after .dockerignore), the Dockerfile and the build args. */
    contextHash: z.string(),
    /** The Dockerfile's text as built: the project's, or the one generated for `dockerfile: auto`. */
    dockerfile: z.string(),
    dockerfileGenerated: z.boolean(),
    buildArgs: z.record(z.string(), z.string()),
    /** The tag given to the image, e.g. team/flows:dev. */
    image: z.string(),
    /** sha256:… of the image run. */
    imageId: z.string(),
    /** 0 when an image of the same hash was reused. */
    durationMs: z.number().int().nonnegative(),
    reused: z.boolean(),
  }),
);
export type BuildRecord = z.infer<typeof BuildRecord>;

/** The label that carries the context hash on images Berth builds. */
export const BUILD_HASH_LABEL = 'dev.berth.build.hash';
