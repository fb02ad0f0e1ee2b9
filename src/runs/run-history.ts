/**
 * Past runs: the ledger's run entries, found by id (or a unique prefix of one, as `berth runs`
 * prints them short), the tail of their log files, and the request that runs one again.
 */
import { open } from 'node:fs/promises';
import type { Ledger } from '../ledger';
import { BerthError } from '../shared/errors';
import { PullPolicy } from '../shared/flows';
import type { RunEntry } from '../shared/ledger';
import type { RunStart } from '../shared/runs';

export const DEFAULT_LOG_TAIL = 1024 * 1024;
const MIN_PREFIX = 4;

export async function runEntries(
  ledger: Ledger,
  flowId?: string,
): Promise<{ entries: RunEntry[]; skipped: number }> {
  const { entries, skipped } = await ledger.read();
  const runs = entries.filter(
    (e): e is RunEntry => e.kind === 'run' && (flowId === undefined || e.flowId === flowId),
  );
  return { entries: runs.reverse(), skipped };
}

export async function findRun(ledger: Ledger, id: string): Promise<RunEntry> {
  // One read that parses only the lines holding `id`: the entry with that id, or those starting with it.
  const { entries } = await ledger.read(id, { prefix: true });
  const runs = entries.filter((e): e is RunEntry => e.kind === 'run');
  const whole = runs.find((e) => e.id === id);
  if (whole) return whole;
  const matches = id.length >= MIN_PREFIX ? runs.filter((e) => e.id.startsWith(id)) : [];
  if (matches.length === 1 && matches[0]) return matches[0];
  throw new BerthError(
    matches.length > 1 ? 'run.ambiguous_id' : 'run.not_found',
    matches.length > 1
      ? `${matches.length} runs have ids starting with ${id}.`
      : `No run with the id ${id} in the ledger.`,
    matches.length > 1
      ? 'Give more of the id.'
      : '`berth runs` lists the runs Berth has recorded, newest first.',
    { runId: id },
  );
}

/**
 * The same flow, parameters, image reference, pull policy and engine as the past run; a run
 * whose image was built runs that very image again, by its ID (no build, no pull).
 */
export function rerunRequest(entry: RunEntry): RunStart {
  const policy = PullPolicy.safeParse(entry.pullPolicy);
  return {
    dir: entry.projectDir,
    flowId: entry.flowId,
    parameters: entry.parameters,
    // "Re-run exactly": the image ID that ran, so a moved tag cannot change what runs; the
    // reference stays the one the user knows, and the ledger keeps both.
    image: entry.reference,
    ...(entry.imageId ? { imageId: entry.imageId } : {}),
    ...(policy.success ? { pullPolicy: policy.data } : {}),
    // The ledger names a picked context by name, the current engine by its address.
    ...(entry.engine.includes('://') ? {} : { engine: entry.engine }),
  };
}

export interface LogTail {
  text: string;
  truncated: boolean;
  /** The file's whole size. */
  bytes: number;
}

/** The last `maxBytes` of a log file, from the first whole line when it had to cut. */
export async function readLogTail(path: string, maxBytes = DEFAULT_LOG_TAIL): Promise<LogTail> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new BerthError(
      'run.log_missing',
      `The log of this run is gone: ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
      'Run logs live in the Berth data folder; it may have been cleaned up.',
      { path },
    );
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    const truncated = size > length;
    if (truncated) {
      const newline = text.indexOf('\n');
      if (newline >= 0) text = text.slice(newline + 1);
    }
    return { text, truncated, bytes: size };
  } finally {
    await handle.close();
  }
}
