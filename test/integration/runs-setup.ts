/** What the run tests share: a Berth of its own on a real engine, and copies of the examples. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBerthCore } from '../../src/host/core';
import type { BerthCore } from '../../src/host/core';
import { prepareRun } from '../../src/runs/prepare-run';
import type { RunCallbacks, RunOutcome, RunService } from '../../src/runs/run-service';
import type { RunStartInput } from '../../src/shared/runs';
import type { HarnessInfo } from '../harness/context';

export const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');

export interface RunBerth {
  core: BerthCore;
  home: string;
  env: Record<string, string>;
}

export function berthOn(
  h: HarnessInfo,
  options: { dockerHost?: string; graceSeconds?: number; env?: Record<string, string> } = {},
): RunBerth {
  const home = mkdtempSync(join(tmpdir(), 'berth-runs-'));
  const env = {
    HOME: home,
    BERTH_HOME: home,
    PATH: process.env.PATH ?? '',
    DOCKER_HOST: options.dockerHost ?? h.dockerHost,
    DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
    // The basic-auth registry's login, for pulls (a headless credential source).
    BERTH_REGISTRY_AUTH: JSON.stringify({
      [h.basicRegistry.host]: { username: 'alice', secret: h.users.alice ?? '' },
    }),
    ...options.env,
  };
  const core = createBerthCore({
    env,
    registryTimeoutMs: 3_000,
    runStopGraceSeconds: options.graceSeconds ?? 2,
  });
  return { core, home, env };
}

/** A fresh copy of an example project (runs write into it). */
export function exampleCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `berth-${name}-`));
  cpSync(join(EXAMPLES, name), dir, { recursive: true });
  return dir;
}

/** A project of the given files, e.g. { 'berth.yaml': '…', 'polite.py': '…' }. */
export function projectOf(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-project-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface Ran extends RunOutcome {
  output: string;
  chunks: string[];
  notes: string[];
}

/** Prepares and runs in place, collecting what the caller sees. */
export async function runFlow(
  berth: RunBerth,
  request: RunStartInput,
  callbacks: Omit<RunCallbacks, 'onOutput' | 'onNote'> & { onOutput?(chunk: string): void } = {},
  service?: RunService,
): Promise<Ran> {
  const runs = service ?? (await berth.core.runs());
  const prepared = await prepareRun(request, {
    env: berth.env,
    engine: berth.core.engine,
    dataDir: berth.core.dataDir,
  });
  const chunks: string[] = [];
  const notes: string[] = [];
  const outcome = await runs.run(prepared, {
    ...callbacks,
    onOutput: (chunk) => {
      chunks.push(chunk);
      callbacks.onOutput?.(chunk);
    },
    onNote: (line) => notes.push(line),
  });
  return { ...outcome, output: chunks.join(''), chunks, notes };
}
