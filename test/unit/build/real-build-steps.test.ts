/**
 * The build_docker_image steps of real prefect.yaml files (test/fixtures/real-projects, sources
 * in sources.tsv) become the build a run makes. The expected values are read from each file
 * with the yaml package, plus prefect-docker's own defaults (steps.py at 09f2706d: dockerfile
 * "Dockerfile", path = the folder prefect deploy runs in, pull = True).
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { discoverFlows } from '../../../src/flows/discover';
import { tempDirs } from '../../harness/failures';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'real-projects', 'prefect');
const tempDir = tempDirs();

const PROJECTS = [
  'CSI-Zachary__prefect_deployments',
  'CAJ2__sage-databot',
  'Brennan-Chesley-FLP__en_banc',
];

type StepInputs = Record<string, unknown>;

function buildStep(file: string): StepInputs {
  const data = parse(readFileSync(file, 'utf8')) as { build: Record<string, StepInputs>[] };
  const entry = data.build.find((s) => Object.keys(s)[0]?.endsWith('.build_docker_image'));
  const inputs = entry ? Object.values(entry)[0] : undefined;
  if (!inputs) throw new Error(`${file} has no build_docker_image step`);
  return inputs;
}

describe('build steps of real prefect.yaml files', () => {
  it.each(PROJECTS)(
    '%s: every deployment that runs the built image builds it as the step says',
    async (name) => {
      const dir = tempDir('berth-build-steps-');
      cpSync(join(FIXTURES, name), dir, { recursive: true });
      const step = buildStep(join(dir, 'prefect.yaml'));
      const { flows } = await discoverFlows(dir);
      const built = flows.filter((f) => f.imageFrom.startsWith('build step'));
      for (const flow of built) {
        expect(flow.build).toMatchObject({
          context: typeof step.path === 'string' ? step.path : '.',
          dockerfile: typeof step.dockerfile === 'string' ? step.dockerfile : 'Dockerfile',
          imageName: step.image_name,
          tag: String(step.tag),
          pull: step.pull !== false,
        });
      }
      // The files run their built image in at least one deployment, except where none is named.
      const named = flows.filter((f) => f.kind === 'prefect-deployment').length;
      if (named > 0) expect(built.length).toBeGreaterThan(0);
    },
  );

  it('says that a `context:` input is not docker-py’s and would fail prefect deploy (en_banc)', async () => {
    const dir = tempDir('berth-build-steps-');
    cpSync(join(FIXTURES, 'Brennan-Chesley-FLP__en_banc'), dir, { recursive: true });
    const { flows } = await discoverFlows(dir);
    const flow = flows.find((f) => f.build);
    expect(flow?.warnings.join('\n')).toMatch(/context is not an argument of docker-py's build/);
  });
});
