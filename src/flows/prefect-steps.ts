/**
 * prefect.yaml's build, push and pull steps: each is `{ fully.qualified.name: { inputs } }`,
 * with an optional `id` whose outputs later templates can use. Before `prefect deploy` runs
 * them, only some outputs are known: build_docker_image and push_docker_image return
 * image_name, tag and `image` = "<image_name>:<tag>" (prefect_docker/deployments/steps.py;
 * with no tag the build tags the image with the time of the build).
 */
import { AUTO_DOCKERFILE } from '../shared/build';
import type { FlowBuild } from '../shared/build';
import type { UnresolvedTemplate } from '../shared/flows';
import { hasTemplate } from './flow-checks';
import { resolveTemplates } from './prefect-templates';
import type { StepOutput, TemplateScope } from './prefect-templates';
import { isRecord } from './yaml-document';
import type { YamlPath } from './yaml-document';

export interface Step {
  fqn: string;
  /** The last part of the name, e.g. build_docker_image. */
  short: string;
  inputs: Record<string, unknown>;
  id: string | null;
  path: YamlPath;
}

/** A build / push / pull section as steps; each is `{ fully.qualified.name: { inputs } }`. */
export function steps(section: unknown, path: YamlPath): Step[] {
  if (!Array.isArray(section)) return [];
  return section.flatMap((entry, i) => {
    if (!isRecord(entry)) return [];
    const [fqn] = Object.keys(entry);
    if (!fqn) return [];
    const inputs = isRecord(entry[fqn]) ? entry[fqn] : {};
    const id = typeof inputs.id === 'string' ? inputs.id : null;
    return [{ fqn, short: fqn.split('.').pop() ?? fqn, inputs, id, path: [...path, i] }];
  });
}

/** What a step will output, as far as it is known before it runs. */
export function stepOutputs(step: Step, scope: TemplateScope): Record<string, StepOutput> {
  const short = step.short;
  const label = step.id ?? short;
  if (short === 'build_docker_image' || short === 'push_docker_image') {
    const inner: UnresolvedTemplate[] = [];
    const inputs = resolveTemplates(step.inputs, '', scope, inner).value;
    const known = (field: 'image_name' | 'tag'): StepOutput => {
      const raw = isRecord(inputs) ? inputs[field] : undefined;
      // `tag: 2` is a number in YAML; Prefect formats it into the image name all the same.
      const value = typeof raw === 'number' ? String(raw) : raw;
      if (typeof value === 'string' && value !== '' && !hasTemplate(value)) {
        return { known: true, value };
      }
      const why = inner.find((u) => u.where === field)?.why;
      if (why) return { known: false, why: `${field} of step ${label}: ${why}` };
      return field === 'tag'
        ? {
            known: false,
            why: `step ${label} sets no tag: Prefect tags the image with the time of the build`,
          }
        : { known: false, why: `step ${label} sets no image_name` };
    };
    const imageName = known('image_name');
    const tag = known('tag');
    const image: StepOutput =
      imageName.known && tag.known
        ? { known: true, value: `${String(imageName.value)}:${String(tag.value)}` }
        : !imageName.known
          ? imageName
          : tag;
    const additional =
      isRecord(inputs) && Array.isArray(inputs.additional_tags) ? inputs.additional_tags : [];
    return {
      image_name: imageName,
      tag,
      image,
      additional_tags: { known: true, value: additional },
      ...(short === 'build_docker_image'
        ? {
            image_id: {
              known: false,
              why: `the id of the image step ${label} builds is known only after the build`,
            },
          }
        : {}),
    };
  }
  if (short === 'run_shell_script') {
    const why = `step ${label} runs a shell script when prefect deploy runs; its output is not known locally`;
    return { stdout: { known: false, why }, stderr: { known: false, why } };
  }
  return {};
}

/**
 * build_docker_image's keyword arguments a local build applies: the step's own (image_name,
 * dockerfile, tag) and those it passes on to docker-py's `client.api.build` (path, buildargs,
 * platform, pull, target). prefect_docker/deployments/steps.py (prefect-docker 0.6, commit
 * 09f2706d) sets `path` to the folder prefect deploy runs in and `pull` to True unless given;
 * Prefect 2.8–2.10's `auto_build: true` meant what `dockerfile: auto` means now.
 */
const APPLIED_BUILD_INPUTS = new Set([
  'id',
  'requires',
  'image_name',
  'dockerfile',
  'tag',
  'additional_tags',
  'ignore_cache',
  'auto_build',
  'push',
  'path',
  'buildargs',
  'platform',
  'pull',
  'target',
]);

/** The build a build_docker_image step makes, as far as it is known before it runs. */
export function dockerBuildOf(
  step: Step,
  scope: TemplateScope,
  unresolved: UnresolvedTemplate[],
): { build: FlowBuild | null; warnings: string[] } {
  const label = step.id ?? step.short;
  const where = `build.${label}`;
  const inner: UnresolvedTemplate[] = [];
  const resolved = resolveTemplates(step.inputs, where, scope, inner).value;
  const inputs = isRecord(resolved) ? resolved : {};
  const warnings: string[] = [];
  const text = (value: unknown): string | null =>
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
  const imageName = text(inputs.image_name);
  if (!imageName || hasTemplate(imageName)) {
    unresolved.push(...inner.filter((u) => u.where === `${where}.image_name`));
    warnings.push(
      `build step ${label} names no image_name Berth can fill in: it cannot be built here.`,
    );
    return { build: null, warnings };
  }
  const tagText = text(inputs.tag);
  const tagUnresolved =
    tagText !== null && hasTemplate(tagText)
      ? (inner.find((u) => u.where === `${where}.tag`)?.why ?? `tag ${tagText} is a template`)
      : null;
  const buildArgs: Record<string, string> = {};
  if (isRecord(inputs.buildargs)) {
    for (const [name, value] of Object.entries(inputs.buildargs)) {
      const arg = text(value);
      if (arg !== null && !hasTemplate(arg)) buildArgs[name] = arg;
      else
        warnings.push(
          `build step ${label}: build arg ${name} cannot be filled in, so it is left out.`,
        );
    }
  }
  if ('context' in step.inputs) {
    // docker-py's APIClient.build has `path`, not `context`: prefect deploy passes it on and fails.
    warnings.push(
      `build step ${label}: context is not an argument of docker-py's build (the context is path): prefect deploy would fail on it; Berth builds from ${text(inputs.path) ?? 'the folder of prefect.yaml'}.`,
    );
  }
  const ignored = Object.keys(step.inputs).filter(
    (key) => !APPLIED_BUILD_INPUTS.has(key) && key !== 'context',
  );
  if (ignored.length > 0) {
    warnings.push(
      `build step ${label}: ${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} not applied to a local build.`,
    );
  }
  const dockerfile =
    inputs.auto_build === true ? AUTO_DOCKERFILE : (text(inputs.dockerfile) ?? 'Dockerfile');
  const platform = text(inputs.platform);
  const target = text(inputs.target);
  return {
    build: {
      from: `build step ${label} (${step.fqn})`,
      context: text(inputs.path) ?? '.',
      dockerfile,
      imageName,
      tag: tagText === null || tagUnresolved ? null : tagText,
      tagUnresolved,
      platform: platform && !hasTemplate(platform) ? platform : null,
      buildArgs,
      pull: inputs.pull !== false,
      target: target && !hasTemplate(target) ? target : null,
    },
    warnings,
  };
}
