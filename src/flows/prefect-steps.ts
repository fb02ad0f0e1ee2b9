/**
 * prefect.yaml's build, push and pull steps: each is `{ fully.qualified.name: { inputs } }`,
 * with an optional `id` whose outputs later templates can use. Before `prefect deploy` runs
 * them, only some outputs are known: build_docker_image and push_docker_image return
 * image_name, tag and `image` = "<image_name>:<tag>" (prefect_docker/deployments/steps.py;
 * with no tag the build tags the image with the time of the build).
 */
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
