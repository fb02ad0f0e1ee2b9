import { readFileSync } from 'node:fs';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithHarness } from '../harness/context';
import { startDockerd } from '../harness/dockerd';
import type { RunningDockerd } from '../harness/dockerd';
import { importPythonImage } from '../harness/python-image';
import { berthOn, exampleCopy, runFlow } from './runs-setup';

describeWithHarness('a flow run whose engine dies', (h) => {
  // A daemon of this test's own: killing the shared one would take every other test with it.
  let dockerd: RunningDockerd;
  beforeAll(async () => {
    dockerd = await startDockerd();
    await importPythonImage(new Docker({ socketPath: dockerd.socketPath }));
  });
  afterAll(async () => {
    // Started again on the same data, the daemon cleans up the container the kill orphaned.
    await dockerd.start().catch(() => undefined);
    await dockerd.stop();
  });

  it('fails with the reason when the engine is killed mid-run, and keeps the logs so far', async () => {
    const b = berthOn(h, { dockerHost: dockerd.dockerHost });
    let killed = false;
    const ran = await runFlow(
      b,
      {
        dir: exampleCopy('prefect-project'),
        flowId: 'chatty',
        image: h.pythonImage,
        pullPolicy: 'NEVER',
        parameters: { lines: '600', delay: '0.05', prefix: 'tick' },
      },
      {
        onOutput: (chunk) => {
          if (!killed && chunk.includes('tick 20 of 600')) {
            killed = true;
            dockerd.kill();
          }
        },
      },
    );
    b.core.close();
    expect(killed).toBe(true);
    expect(ran.entry).toMatchObject({ result: 'failed', exitCode: null, cause: 'run.engine_lost' });
    expect(ran.error?.message).toContain(
      `The engine at ${dockerd.dockerHost} was lost during the run`,
    );
    const log = readFileSync(ran.entry.logFile ?? '', 'utf8');
    expect(log).toContain('tick 20 of 600');
    expect(log).not.toContain('tick 600 of 600');
    const recorded = (await b.core.ledger.read()).entries.find((e) => e.id === ran.entry.id);
    expect(recorded).toMatchObject({ kind: 'run', cause: 'run.engine_lost' });
  });
});
