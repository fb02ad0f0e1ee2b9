/**
 * `berth pull` against `docker pull` of the same ~50 MB image (one layer of random bytes, so
 * nothing compresses away) from a real docker-registry on loopback, through the same real
 * dockerd, with the image removed before every run. Both read the credential from the same
 * ~/.docker/config.json. Goals (issue 11): berth ≤ 1.2x docker, ≤ 1.03x in process. Then
 * the progress a pull emits: updates a second through Berth (goal ≤ 10 in any second) against
 * the engine's raw messages.
 * Usage: npm run bench -- pull [megabytes] [runs]
 */
import { createDockerEngine, resolveEndpoint } from '../src/engine';
import type { EnginePort } from '../src/engine';
import { createBerthCore } from '../src/host/core';
import { alternate, berthCli, ratioLine, repeat, timeCommand } from './lib/measure';
import { startPullBench } from './lib/pull-setup';

const megabytes = Number(process.argv[2] ?? 50);
const runs = Number(process.argv[3] ?? 5);

const bench = await startPullBench(megabytes, 'bp-');
try {
  const { image, env } = bench;
  const remove = () =>
    timeCommand('docker', ['rmi', '--force', image], { env }).catch(() => undefined);

  console.log(
    `pull of a ${megabytes} MiB image from a loopback registry, image removed before each run, median of ${runs} rounds in rotating order:`,
  );
  // The in-process pull (Berth's pull path without Node's start-up) also counts its progress.
  const base = createDockerEngine(resolveEndpoint(env));
  let raw: number[] = [];
  const counting: EnginePort = {
    ...base,
    pullImage: (reference, options) =>
      base.pullImage(reference, {
        ...options,
        onEvent: (event) => {
          raw.push(performance.now());
          options.onEvent(event);
        },
      }),
  };
  const core = createBerthCore({ env, engine: counting });
  const progress: { updates: number[]; raw: number[]; seconds: number }[] = [];
  const pulled = async (run: () => Promise<number>) => {
    await remove();
    return run();
  };
  const dockerPull = () =>
    pulled(async () => (await timeCommand('docker', ['pull', '--quiet', image], { env })).ms);
  const berthPull = () =>
    pulled(
      async () =>
        (await timeCommand(process.execPath, [berthCli, 'pull', image, '--json'], { env })).ms,
    );
  // One untimed round of each, as bench/startup.ts does: it warms the page cache, the engine
  // and the registry, and writes the CLI's compile cache in this fresh HOME, which a user's
  // first `berth pull` after an install writes once.
  await dockerPull();
  await berthPull();
  // The order rotates from round to round (measure.ts, alternate): run in a fixed order, the
  // in-process pull always came right after the CLI's, and the CLI's after docker's.
  const t = await alternate(runs, {
    docker: dockerPull,
    berth: berthPull,
    inProcess: () =>
      pulled(async () => {
        raw = [];
        const updates: number[] = [];
        const started = performance.now();
        const outcome = await core.pulls.pull(image, {
          onProgress: () => updates.push(performance.now()),
        });
        const inProcess = performance.now() - started;
        if (outcome.result !== 'success') throw new Error(`pull failed: ${outcome.error?.message}`);
        progress.push({ updates, raw, seconds: inProcess / 1000 });
        return inProcess;
      }),
  });
  core.close();
  console.log(ratioLine('berth pull vs docker pull', t.berth, t.docker, 'docker pull', 1.2));
  console.log(
    ratioLine(
      'the pull path in-process (no start-up) vs docker pull',
      t.inProcess,
      t.docker,
      'docker pull',
      1.03,
    ),
  );
  // What any berth command costs before it does anything: Node and the CLI bundle loading.
  const floor = await repeat(runs, async () => ({
    ms: (await timeCommand(process.execPath, [berthCli, 'ref', image], { env })).ms,
  }));
  console.log(
    `  berth's fixed start-up (berth ref, no I/O): ${floor.ms.toFixed(0)} ms; berth − docker = ${(t.berth - t.docker).toFixed(0)} ms`,
  );

  /** The most timestamps inside any one-second window. */
  const peak = (times: number[]) => {
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  };
  const peakUpdates = Math.max(...progress.map((p) => peak(p.updates)));
  const sum = (pick: (p: (typeof progress)[number]) => number) =>
    progress.reduce((total, p) => total + pick(p), 0);
  const seconds = sum((p) => p.seconds);
  console.log(
    `progress over ${progress.length} pulls (${seconds.toFixed(1)} s): ${(sum((p) => p.updates.length) / seconds).toFixed(1)} updates/s, at most ${peakUpdates} in any second (goal ≤ 10/s: ${peakUpdates <= 10 ? 'met' : 'MISSED'}), from ${(sum((p) => p.raw.length) / seconds).toFixed(0)} engine messages/s (at most ${Math.max(...progress.map((p) => peak(p.raw)))} in any second)`,
  );
} finally {
  await bench.stop();
}
