/**
 * The pull ledger: `<dataDir>/ledger.jsonl`, one JSON entry per line, only ever appended.
 *
 * Crash safety: each append is a single write() of one whole line on a file opened for
 * appending (O_APPEND, so concurrent writers — the app and a CLI — never overlap), so a
 * process that dies cannot leave half a line. There is no fsync: a pull or run is over when
 * the engine says so, and waiting for the disk would add its flush to every one (docker's
 * own CLI does not sync either); only a power cut can lose or cut off the last lines. If one
 * was cut, the file no longer ends in a newline: the next append starts with one, so the cut
 * line stays a line of its own and never swallows a good entry. The reader skips (and
 * counts) lines it cannot parse rather than failing on them.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BerthError } from '../shared/errors';
import { LedgerEntry } from '../shared/ledger';

export const LEDGER_FILE = 'ledger.jsonl';

export interface LedgerRead {
  /** In the order they were written, oldest first. */
  entries: LedgerEntry[];
  /** Lines that were cut off or otherwise unreadable. */
  skipped: number;
}

/**
 * Parses the file's text; never throws on a bad line. With `id`, only the entry of that id (or,
 * with `prefix`, those whose id starts with it): a line that does not hold it is passed over
 * unread, so finding the entry a pull or run just wrote costs a string search, not a parse of
 * every line of a ledger that only grows.
 */
export function parseLedger(text: string, id?: string, prefix = false): LedgerRead {
  const entries: LedgerEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim() || (id !== undefined && !line.includes(id))) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped += 1;
      continue;
    }
    const entry = LedgerEntry.safeParse(value);
    if (!entry.success) skipped += 1;
    else if (id === undefined || entry.data.id === id || (prefix && entry.data.id.startsWith(id))) {
      entries.push(entry.data);
    }
  }
  return { entries, skipped };
}

const NEWLINE = 0x0a;

export class Ledger {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, LEDGER_FILE);
  }

  async append(entry: LedgerEntry): Promise<void> {
    const line = `${JSON.stringify(LedgerEntry.parse(entry))}\n`;
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // 'a+' is O_APPEND like 'a', and also lets us read the last byte.
    const handle = await open(this.path, 'a+', 0o600);
    try {
      const { size } = await handle.stat();
      let text = line;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== NEWLINE) text = `\n${line}`;
      }
      const data = Buffer.from(text, 'utf8');
      const { bytesWritten } = await handle.write(data, 0, data.length);
      if (bytesWritten !== data.length) {
        throw new BerthError(
          'ledger.write_failed',
          `Only ${bytesWritten} of ${data.length} bytes reached the ledger at ${this.path}.`,
          'The disk may be full: free some space.',
        );
      }
    } finally {
      await handle.close();
    }
  }

  /** Every readable entry (or the one of `id`), oldest first; a missing file is an empty ledger. */
  async read(id?: string, options: { prefix?: boolean } = {}): Promise<LedgerRead> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
      throw new BerthError(
        'ledger.read_failed',
        `Cannot read the ledger at ${this.path}: ${(error as Error).message}`,
      );
    }
    return parseLedger(text, id, options.prefix);
  }
}
