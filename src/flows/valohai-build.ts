/**
 * valohai.yaml steps whose image is built locally. Valohai pulls a step's `image`; a project
 * that builds that image from a Dockerfile of its own says so in the berth.yaml beside
 * valohai.yaml (`valohai: { <step>: { build: Dockerfile } }`), and Berth then builds it before
 * each run, tagged as the step's image, exactly like a berth.yaml flow's `build:`. A step
 * that does not opt in while a Dockerfile sits beside valohai.yaml gets a note saying how.
 */
import { stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { FlowDefinition, FlowProblem } from '../shared/flows';
import { berthBuild } from './berth-yaml';
import type { ValohaiBuildOptIn } from './berth-yaml';

const DOCKERFILE = 'Dockerfile';

export async function applyValohaiBuilds(
  root: string,
  flows: FlowDefinition[],
  optIns: ValohaiBuildOptIn[],
  problems: FlowProblem[],
): Promise<void> {
  const steps = flows.filter((f) => f.kind === 'valohai-step');
  const opted = new Set<FlowDefinition>();
  for (const optIn of optIns) {
    const dir = posix.dirname(optIn.file);
    const step = steps.find((f) => f.name === optIn.step && posix.dirname(f.file) === dir);
    if (!step?.image) {
      problems.push({
        file: optIn.file,
        line: optIn.line,
        message: `valohai.${optIn.step}: ${step ? 'the step names no image to build' : `no step ${optIn.step} in a valohai.yaml beside ${optIn.file}`}`,
        hint: `The keys under valohai: are the names of the steps of the valohai.yaml in the same folder${
          steps.length > 0 ? ` (${steps.map((f) => f.name).join(', ')})` : ''
        }.`,
      });
      continue;
    }
    step.build = berthBuild(step.image, optIn.build, `berth.yaml valohai.${optIn.step}.build`);
    opted.add(step);
  }
  const dockerfileBeside = new Map<string, Promise<boolean>>();
  for (const step of steps) {
    if (opted.has(step) || !step.image) continue;
    const dir = posix.dirname(step.file);
    let beside = dockerfileBeside.get(dir);
    if (!beside) {
      beside = stat(join(root, dir, DOCKERFILE)).then(
        (s) => s.isFile(),
        () => false,
      );
      dockerfileBeside.set(dir, beside);
    }
    if (await beside) {
      step.warnings.push(
        `a ${DOCKERFILE} is beside ${posix.basename(step.file)}: if ${step.image} is built from it, opt in with "valohai: {${step.name}: {build: ${DOCKERFILE}}}" in a berth.yaml there, and Berth builds it before each run`,
      );
    }
  }
}
