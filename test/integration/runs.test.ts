import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RunService } from '../../src/runs/run-service';
import type { EventName } from '../../src/shared/contract';
import type { PullEntry, RunEntry } from '../../src/shared/ledger';
import { describeWithHarness } from '../harness/context';
import { berth as cli } from './berth-cli';
import { berthOn, exampleCopy, projectOf, runFlow } from './runs-setup';
import type { RunBerth } from './runs-setup';

const HELLO = 'prefect-deployment:prefect.yaml:hello-explicit';

/** Flows that answer SIGTERM politely, or ignore it. */
const SIGNALS = {
  'berth.yaml': `flows:
  - name: polite
    image: berth-test/python:3
    pull_policy: never
    command: [python3, polite.py]
  - name: stubborn
    image: berth-test/python:3
    pull_policy: never
    command: [python3, stubborn.py]
`,
  'polite.py': `import signal, sys, time
def bye(*args):
    print("got SIGTERM, leaving", flush=True)
    sys.exit(143)
signal.signal(signal.SIGTERM, bye)
print("ready", flush=True)
while True:
    time.sleep(0.05)
`,
  'stubborn.py': `import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ready", flush=True)
while True:
    time.sleep(0.05)
`,
};

async function pullsOf(b: RunBerth): Promise<PullEntry[]> {
  return (await b.core.ledger.read()).entries.filter((e): e is PullEntry => e.kind === 'pull');
}

describeWithHarness('flow runs on a real dockerd', (h) => {
  let b: RunBerth;
  let docker: Docker;
  beforeAll(() => {
    b = berthOn(h);
    docker = new Docker({ socketPath: h.socketPath });
  });
  afterAll(() => b.core.close());

  it('runs a Prefect deployment in the Python image: its parameters and env reach the flow, which writes into the mounted project', async () => {
    const dir = exampleCopy('prefect-project');
    const ran = await runFlow(b, {
      dir,
      flowId: HELLO,
      parameters: { name: 'tester', count: '2', shout: 'false' },
    });
    expect(ran.error).toBeUndefined();
    expect(ran.entry).toMatchObject({ result: 'success', exitCode: 0, flowName: 'hello-explicit' });
    // GREETING comes from the deployment's env, the name and count from the parameters.
    expect(ran.output).toContain('Hi, tester! (1/2)');
    expect(ran.output).toContain('Hi, tester! (2/2)');
    // OUT_DIR=/data/out is the project's ./out, mounted by the deployment's volumes.
    expect(readFileSync(join(dir, 'out', 'tester.txt'), 'utf8')).toBe('Hi, tester!\n');
    expect(ran.entry.parameters).toEqual({ name: 'tester', count: 2, shout: false, exit_code: 0 });
    const log = readFileSync(ran.entry.logFile ?? '', 'utf8');
    expect(log).toContain('Hi, tester! (2/2)');
    expect(log).toContain('[berth] The container exited with code 0.');
  });

  it('fails a run whose container exits with code 3, keeping the exit code', async () => {
    const ran = await runFlow(b, {
      dir: exampleCopy('prefect-project'),
      flowId: 'hello-explicit',
      parameters: { exit_code: '3' },
    });
    expect(ran.entry).toMatchObject({ result: 'failed', exitCode: 3, cause: null });
    expect(ran.output).toContain('exiting with 3, as asked');
  });

  it('runs a Valohai step and a berth.yaml command with their parameters', async () => {
    const valohai = await runFlow(b, {
      dir: exampleCopy('valohai-project'),
      flowId: 'train',
      parameters: { epochs: '2', run_name: 'quick' },
    });
    expect(valohai.entry.exitCode).toBe(0);
    expect(valohai.output).toMatch(/quick epoch 2\/2 loss=\S+ seed=42/);
    const shell = await runFlow(b, { dir: exampleCopy('berth-project'), flowId: 'shell-hello' });
    expect(shell.entry.exitCode).toBe(0);
    expect(shell.output).toContain('hello from berth');
    expect(shell.output).toContain(
      readFileSync(join(EXAMPLES_DATA, 'greeting.txt'), 'utf8').trim(),
    );
  });

  it('pulls under ALWAYS from the real registry, and records the digest actually run', async () => {
    const image = `${h.basicRegistry.host}/team/flows:1`;
    const dir = projectOf({
      'berth.yaml': `flows:\n  - name: from-registry\n    image: ${image}\n    command: [ls, /opt/flows]\n    pull_policy: always\n`,
    });
    const before = (await pullsOf(b)).length;
    const ran = await runFlow(b, { dir, flowId: 'from-registry' });
    const pulls = await pullsOf(b);
    expect(pulls.length).toBe(before + 1);
    expect(pulls.at(-1)).toMatchObject({ reference: image, result: 'success' });
    expect(ran.entry.result).toBe('success');
    // The registry's digest (from the harness's push), and the engine's RepoDigest.
    expect(ran.entry.digest).toBe(h.seeded.flowsDigest);
    const inspect = await docker.getImage(image).inspect();
    expect(inspect.RepoDigests).toContain(`${h.basicRegistry.host}/team/flows@${ran.entry.digest}`);
    expect(ran.notes).toContain(`Pulling image: ${image}`);
  });

  it('skips the pull under IF_NOT_PRESENT when the engine has the image, and pulls when it has not', async () => {
    const present = await runFlow(b, {
      dir: exampleCopy('prefect-project'),
      flowId: HELLO,
      pullPolicy: 'IF_NOT_PRESENT',
    });
    expect(present.entry.result).toBe('success');
    expect(present.notes.join('\n')).toMatch(
      /is on the engine: not pulled \(pull policy IF_NOT_PRESENT\)/,
    );
    expect(present.notes.some((n) => n.startsWith('Pulling image'))).toBe(false);

    const image = `${h.basicRegistry.host}/team/flows:1`;
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
    const dir = projectOf({
      'berth.yaml': `flows:\n  - name: absent\n    image: ${image}\n    command: [ls, /opt/flows]\n`,
    });
    const before = (await pullsOf(b)).length;
    const absent = await runFlow(b, { dir, flowId: 'absent', pullPolicy: 'IF_NOT_PRESENT' });
    expect(absent.entry.result).toBe('success');
    expect((await pullsOf(b)).length).toBe(before + 1);
  });

  it('refuses to run under NEVER when the image is absent, naming the image and what to do', async () => {
    const ran = await runFlow(b, {
      dir: exampleCopy('prefect-project'),
      flowId: HELLO,
      image: 'berth-test/absent:1',
      pullPolicy: 'NEVER',
    });
    expect(ran.entry).toMatchObject({
      result: 'failed',
      exitCode: null,
      cause: 'run.image_missing',
    });
    expect(ran.error?.message).toContain('docker.io/berth-test/absent:1');
    expect(ran.error?.hint).toMatch(/pull it first.*image_pull_policy/i);
  });

  it('fails the run with the pull’s own error when the pull fails', async () => {
    const ran = await runFlow(b, {
      dir: exampleCopy('prefect-project'),
      flowId: HELLO,
      image: `${h.basicRegistry.host}/team/does-not-exist:1`,
      pullPolicy: 'ALWAYS',
    });
    expect(ran.entry.result).toBe('failed');
    expect(ran.entry.cause).toBe(ran.error?.code);
    expect(ran.error?.code).toMatch(/^pull\./);
    expect(ran.entry.exitCode).toBeNull();
  });

  it('cancels with SIGTERM, which a flow that listens for it receives', async () => {
    const cancel = new AbortController();
    const ran = await runFlow(
      b,
      { dir: projectOf(SIGNALS), flowId: 'polite' },
      { signal: cancel.signal, onOutput: (chunk) => chunk.includes('ready') && cancel.abort() },
    );
    expect(ran.entry.result).toBe('cancelled');
    expect(ran.output).toContain('got SIGTERM, leaving');
    expect(ran.entry.exitCode).toBe(143);
  });

  it('kills a flow that ignores SIGTERM once the grace period is over', async () => {
    const cancel = new AbortController();
    const ran = await runFlow(
      b,
      { dir: projectOf(SIGNALS), flowId: 'stubborn' },
      { signal: cancel.signal, onOutput: (chunk) => chunk.includes('ready') && cancel.abort() },
    );
    expect(ran.entry.result).toBe('cancelled');
    expect(ran.entry.exitCode).toBe(137); // SIGKILL
    expect(ran.notes.join('\n')).toContain('SIGTERM, then a kill after 2 s');
  });

  it('stops a flow cancelled between the start and its answer (the race CI once lost)', async () => {
    // 'running' is reported after the engine answers the start and before the run listens
    // for a cancel: aborting there is the window a fast 'ready' line can land in under load.
    const cancel = new AbortController();
    const ran = await runFlow(
      b,
      { dir: projectOf(SIGNALS), flowId: 'stubborn' },
      { signal: cancel.signal, onPhase: (phase) => phase === 'running' && cancel.abort() },
    );
    // Before the fix no stop was sent and the test timed out; stubborn (or PID 1 before its
    // handler is set) ignores SIGTERM, so it is the kill after the grace that ends it.
    expect(ran.entry.result).toBe('cancelled');
    expect(ran.entry.exitCode).toBe(137);
    expect(ran.notes.join('\n')).toContain('Cancelled: stopping the container');
  });

  it('streams 100,000 lines in coalesced chunks, and caps the log file', async () => {
    const cap = 256 * 1024;
    const service = new RunService({
      dataDir: b.home,
      ledger: b.core.ledger,
      pullerFor: () => b.core.pulls,
      logCapBytes: cap,
    });
    const ran = await runFlow(
      b,
      {
        dir: exampleCopy('prefect-project'),
        flowId: 'chatty',
        image: h.pythonImage,
        pullPolicy: 'NEVER',
        parameters: { lines: '100000' },
      },
      {},
      service,
    );
    expect(ran.entry.result).toBe('success');
    const lines = ran.output.split('\n').filter((l) => l.startsWith('line '));
    expect(lines.length).toBe(100_000);
    expect(lines.at(-1)?.trim()).toBe('line 100000 of 100000');
    expect(ran.chunks.length).toBeLessThan(5_000);
    expect(Math.max(...ran.chunks.map((c) => c.length))).toBeLessThanOrEqual(64 * 1024);
    const file = ran.entry.logFile ?? '';
    expect(statSync(file).size).toBeLessThan(cap + 200);
    expect(readFileSync(file, 'utf8')).toMatch(
      /\[berth: the log was capped at 262144 bytes; \d+ more bytes were not kept\]\n$/,
    );
  });

  it('runs over the contract: run.* events, the history, the log, and a re-run of the same inputs', async () => {
    const events: { name: EventName; payload: unknown }[] = [];
    const unsubscribe = b.core.bus.subscribe((name, payload) => events.push({ name, payload }));
    const doneOf = (runId: string) =>
      new Promise<{ result: string; entryId: string | null }>((resolve) => {
        const off = b.core.bus.subscribe((name, payload) => {
          const done = payload as { runId: string; result: string; entryId: string | null };
          if (name === 'run.done' && done.runId === runId) {
            off();
            resolve(done);
          }
        });
      });
    try {
      const dir = exampleCopy('prefect-project');
      const started = await b.core.dispatch('runs.start', {
        dir,
        flowId: HELLO,
        parameters: { name: 'again', count: 1 },
      });
      if (!started.ok) throw new Error(started.error.message);
      const { runId } = started.data as { runId: string };
      const done = await doneOf(runId);
      expect(done).toMatchObject({ result: 'success', entryId: runId });
      expect(events.some((e) => e.name === 'run.status')).toBe(true);
      const logged = events
        .filter((e) => e.name === 'run.log' && (e.payload as { runId: string }).runId === runId)
        .map((e) => (e.payload as { chunk: string }).chunk)
        .join('');
      expect(logged).toContain('Hi, again! (1/1)');

      const log = await b.core.dispatch('runs.log', { runId });
      expect(log.ok && (log.data as { text: string }).text).toContain('Hi, again! (1/1)');

      const rerun = await b.core.dispatch('runs.rerun', { runId });
      if (!rerun.ok) throw new Error(rerun.error.message);
      const second = (rerun.data as { runId: string }).runId;
      expect(second).not.toBe(runId);
      await doneOf(second);
      const list = await b.core.dispatch('runs.list', { flowId: HELLO });
      if (!list.ok) throw new Error(list.error.message);
      const entries = (list.data as { entries: RunEntry[] }).entries;
      const [newer, older] = [
        entries.find((e) => e.id === second),
        entries.find((e) => e.id === runId),
      ];
      expect(newer).toMatchObject({
        flowId: older?.flowId,
        parameters: older?.parameters,
        reference: older?.reference,
        pullPolicy: older?.pullPolicy,
        engine: older?.engine,
        result: 'success',
      });
      expect(entries.indexOf(newer as RunEntry)).toBeLessThan(entries.indexOf(older as RunEntry));
    } finally {
      unsubscribe();
    }
  });

  it('refuses bad input over the contract before anything runs', async () => {
    const dir = exampleCopy('prefect-project');
    const bad = await b.core.dispatch('runs.start', {
      dir,
      flowId: HELLO,
      parameters: { count: 'many' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'flows.invalid_parameter' } });
    const outside = projectOf({
      'berth.yaml': `flows:\n  - name: escape\n    image: berth-test/python:3\n    command: [ls]\n    volumes: ['../..:/host']\n`,
    });
    const discovered = await b.core.dispatch('flows.discover', { dir: outside });
    expect(
      discovered.ok &&
        (discovered.data as { problems: { message: string }[] }).problems[0]?.message,
    ).toMatch(/outside/);
  });

  it('`berth run --json` exits with the container’s exit code and prints the run’s entry', async () => {
    const dir = exampleCopy('prefect-project');
    const env = { DOCKER_HOST: h.dockerHost, BERTH_HOME: b.home, HOME: b.home };
    const failed = await cli(
      ['run', 'hello-explicit', '--dir', dir, '--param', 'exit_code=3', '--json'],
      env,
      undefined,
      60_000,
    );
    expect(failed.code).toBe(3);
    const entry = JSON.parse(failed.stdout) as RunEntry;
    expect(entry).toMatchObject({ kind: 'run', exitCode: 3, result: 'failed' });
    expect(failed.stderr).toContain('exiting with 3, as asked');

    const bad = await cli(
      ['run', 'hello-explicit', '--dir', dir, '--param', 'count=x', '--json'],
      env,
    );
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { code: 'flows.invalid_parameter' } });
    const badImage = await cli(
      ['run', 'hello-explicit', '--dir', dir, '--image', 'Not An Image', '--json'],
      env,
    );
    expect(badImage.code).toBe(2);
    expect(JSON.parse(badImage.stdout)).toMatchObject({ error: { code: 'run.invalid_image' } });

    const log = await cli(['runs', 'log', entry.id.slice(0, 8)], env);
    expect(log.code).toBe(0);
    expect(log.stdout).toContain('exiting with 3, as asked');
    expect(existsSync(entry.logFile ?? '')).toBe(true);
  });
});

const EXAMPLES_DATA = join(import.meta.dirname, '..', '..', 'examples', 'berth-project', 'data');
