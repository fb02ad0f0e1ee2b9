/** Small helpers shared by the bench scripts: repeated timing, medians and ratio lines. */
import { spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';

export const root = process.env.BERTH_ROOT ?? process.cwd();
// What users run: bin/berth.cjs, which keeps compiled code between runs before the CLI loads.
export const berthCli = join(root, 'bin', 'berth.cjs');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface Timed {
  ms: number;
  /** Milliseconds until the first byte on stdout. */
  firstOutputMs: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, failing loudly on a non-zero exit: a bench of a failure is noise. */
export function timeCommand(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstOutputMs = -1;
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      if (firstOutputMs < 0) firstOutputMs = performance.now() - started;
      out.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) {
        reject(
          new Error(
            `${command} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString().slice(0, 500)}`,
          ),
        );
        return;
      }
      resolve({
        ms,
        firstOutputMs,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** Runs `run` `times` times and returns the median of each measure. */
export async function repeat<T extends Record<string, number>>(
  times: number,
  run: () => Promise<T>,
): Promise<T> {
  const samples: T[] = [];
  for (let i = 0; i < times; i++) samples.push(await run());
  const first = samples[0];
  if (!first) throw new Error('repeat needs at least one run');
  return Object.fromEntries(
    Object.keys(first).map((k) => [k, median(samples.map((s) => s[k] ?? 0))]),
  ) as T;
}

export function ratioLine(
  label: string,
  ours: number,
  anchor: number,
  anchorName: string,
  goal?: number,
): string {
  const ratio = ours / anchor;
  const verdict =
    goal === undefined
      ? ''
      : ratio <= goal
        ? `  (goal ≤ ${goal}x: met)`
        : `  (goal ≤ ${goal}x: MISSED)`;
  return `${label}: berth ${ours.toFixed(0)} ms vs ${anchorName} ${anchor.toFixed(0)} ms = ${ratio.toFixed(2)}x${verdict}`;
}

/**
 * Runs each step `times` times, in turns, and returns each step's median. The order rotates
 * from one round to the next (A B C, B C A, C A B, …), so neither side always goes first
 * on a warm cache or last on a busy machine.
 */
export async function alternate<K extends string>(
  times: number,
  steps: Record<K, () => Promise<number>>,
): Promise<Record<K, number>> {
  const names = Object.keys(steps) as K[];
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < times; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as K;
      samples.get(name)?.push(await steps[name]());
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples.get(name) ?? [])])) as Record<
    K,
    number
  >;
}

/** The machine's load, for the record: CPU is shared, and the ratios move with it. */
export function loadLine(when: string): string {
  const [one, five] = loadavg();
  return `load average ${when}: ${one?.toFixed(2)} (1 min), ${five?.toFixed(2)} (5 min) on ${cpus().length} CPUs`;
}
