/**
 * What a run builds, decided before anything runs: the flow's build (from its file), the mode
 * the run asks for, the tag (the file's, the one the user gives where the file's template
 * cannot be filled, or the time of the build as Prefect uses when a step sets none), and the
 * folders. Bad input here is the user's, and is refused like any other run input.
 */
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { BerthError } from '../shared/errors';
import { AUTO_DOCKERFILE } from '../shared/build';
import type { BuildMode, FlowBuild } from '../shared/build';
import type { FlowDefinition } from '../shared/flows';

export interface BuildPlan {
  build: FlowBuild;
  mode: Exclude<BuildMode, 'never'>;
  /** Absolute. */
  contextDir: string;
  /** Where prefect deploy would run: the folder of the flow's file (absolute). */
  deployDir: string;
  /** Relative to the context, slash-separated ("Dockerfile" for auto). */
  dockerfile: string;
  auto: boolean;
  repository: string;
  tag: string;
  /** repository:tag, as the run names its image. */
  reference: string;
  /** `dockerfile: auto` only: an explicit FROM. */
  baseImage: string | null;
}

export interface BuildRequest {
  build?: BuildMode;
  buildTag?: string;
  baseImage?: string;
}

/**
 * Prefect's default tag when a step sets none: slugify(pendulum.now("utc").isoformat())
 * (prefect_docker/deployments/steps.py), e.g. 2026-12-02t03-04-05-123456-00-00.
 */
export function timeTag(now: Date): string {
  const iso = now.toISOString().replace('Z', '');
  return `${iso}000+00:00`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The image tag the run will use, or why it cannot be known. */
function tagOf(build: FlowBuild, request: BuildRequest, now: Date): string {
  if (request.buildTag) return request.buildTag;
  if (build.tagUnresolved) {
    throw new BerthError(
      'build.tag_unresolved',
      `The tag of the image ${build.imageName} cannot be filled in here: ${build.tagUnresolved}.`,
      'Give the tag to build with: --tag in the CLI, or the Tag field of the run form.',
      { image: build.imageName },
    );
  }
  return build.tag ?? timeTag(now);
}

/** The build a run makes; null when it makes none (no build, `never`, or an image given). */
export function planBuild(
  flow: FlowDefinition,
  root: string,
  request: BuildRequest & { image?: string; imageId?: string },
  now = new Date(),
): BuildPlan | null {
  const { build } = flow;
  const mode = request.build ?? 'auto';
  if (!build) {
    if (request.build === 'always') {
      throw new BerthError(
        'build.no_build',
        `${flow.name} names no image build: there is nothing to build.`,
        'Add a build step (prefect.yaml build_docker_image, or build: in berth.yaml), or run without --build always.',
        { flow: flow.id },
      );
    }
    return null;
  }
  if (mode === 'never' || request.image !== undefined || request.imageId !== undefined) return null;
  const deployDir = dirname(join(root, flow.file));
  const contextDir = resolve(deployDir, build.context);
  if (!inside(root, contextDir)) {
    throw new BerthError(
      'build.context_outside_project',
      `The build context ${build.context} of ${flow.name} is outside the project folder ${root}.`,
      'Berth builds only from folders inside the opened project.',
      { flow: flow.id },
    );
  }
  const auto = build.dockerfile === AUTO_DOCKERFILE;
  const dockerfile = auto ? 'Dockerfile' : build.dockerfile.replace(/\\/g, '/');
  if (!auto && !inside(contextDir, resolve(contextDir, dockerfile))) {
    // The classic builder reads the Dockerfile from inside the context it is sent.
    throw new BerthError(
      'build.dockerfile_outside_context',
      `The Dockerfile ${build.dockerfile} is outside the build context ${build.context}.`,
      'Move it into the context, or widen the context (the path input of the build step).',
      { flow: flow.id },
    );
  }
  const tag = tagOf(build, request, now);
  return {
    build,
    mode,
    contextDir,
    deployDir,
    dockerfile,
    auto,
    repository: build.imageName,
    tag,
    reference: `${build.imageName}:${tag}`,
    baseImage: auto ? (request.baseImage ?? null) : null,
  };
}
