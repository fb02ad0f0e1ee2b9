/**
 * A valohai.yaml step whose image is built locally, opted in by the berth.yaml beside it: the
 * run builds the step's image from the Dockerfile (tagged as the step names it) on the real
 * dockerd, then runs the step's command in it; the record keeps the build.
 */
import { randomUUID } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discoverFlows } from '../../src/flows/discover';
import { describeWithHarness } from '../harness/context';
import { berthOn, projectOf, runFlow } from './runs-setup';
import type { RunBerth } from './runs-setup';

const BUILD_TIMEOUT = 900_000;

describeWithHarness('a valohai.yaml step that builds its image', (h) => {
  const id = randomUUID().slice(0, 8);
  const image = `berth-valohai-test/${id}:local`;
  let b: RunBerth;
  beforeAll(() => {
    b = berthOn(h);
  });
  afterAll(async () => {
    b.core.close();
    await new Docker({ socketPath: h.socketPath })
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it(
    'builds the step image from the opted-in Dockerfile, then runs the step in it',
    async () => {
      const dir = projectOf({
        'valohai.yaml': `- step:\n    name: hello\n    image: ${image}\n    command: cat /opt/marker.txt\n`,
        'berth.yaml':
          'valohai:\n  hello:\n    build:\n      dockerfile: Dockerfile\n      args: { MARK: baked }\n',
        Dockerfile: `FROM ${h.pythonImage}\nARG MARK\nRUN echo "$MARK in ${id}" > /opt/marker.txt\n`,
      });
      const discovery = await discoverFlows(dir, { env: b.env });
      const step = discovery.flows.find((f) => f.name === 'hello');
      expect(step?.build?.from).toBe('berth.yaml valohai.hello.build');
      if (!step) return;
      const phases: string[] = [];
      const ran = await runFlow(
        b,
        { dir, flowId: step.id },
        { onPhase: (phase) => phases.push(phase) },
      );
      expect(ran.error).toBeUndefined();
      expect(ran.entry.result).toBe('success');
      expect(phases[0]).toBe('building');
      expect(ran.output).toContain(`baked in ${id}`);
      expect(ran.entry.build).toMatchObject({ image, buildArgs: { MARK: 'baked' }, reused: false });
      const inspected = await new Docker({ socketPath: h.socketPath }).getImage(image).inspect();
      expect(inspected.Id).toBe(ran.entry.build?.imageId);
    },
    BUILD_TIMEOUT,
  );
});
