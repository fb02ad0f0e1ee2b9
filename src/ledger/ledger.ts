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

/**
 * How much of the ledger's end a read of one id looks at before the whole file: the entry a pull
 * or run just wrote, which `berth pull --json` and `berth run --json` print, is in its last
 * lines. The ledger only grows (a run's entry is a few KB), and reading all of it to find the
 * last line would make every command slower with every pull ever made.
 */
const TAIL_BYTES = 256 * 1024;

export class Ledger {
  readonly path: string;
  private readonly tailBytes: number;

  constructor(dataDir: string, options: { tailBytes?: number } = {}) {
    this.path = join(dataDir, LEDGER_FILE);
    this.tailBytes = options.tailBytes ?? TAIL_BYTES;
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

  /**
   * Every readable entry (or the one of `id`), oldest first; a missing file is an empty ledger.
   * One id is looked for in the file's last `tailBytes` first, and in the whole file only when
   * it is not there (ids are unique: a read of one never needs the rest).
   */
  async read(id?: string, options: { prefix?: boolean } = {}): Promise<LedgerRead> {
    try {
      return id !== undefined && !options.prefix
        ? await this.readOne(id)
        : parseLedger(await readFile(this.path, 'utf8'), id, options.prefix);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
      throw new BerthError(
        'ledger.read_failed',
        `Cannot read the ledger at ${this.path}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * The entry of `id`: from the file's last whole lines when it is among them, else from the
   * whole file, read through the same open handle (a small ledger is read once, whole).
   */
  private async readOne(id: string): Promise<LedgerRead> {
    const handle = await open(this.path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > this.tailBytes) {
        const buffer = Buffer.alloc(this.tailBytes);
        const { bytesRead } = await handle.read(buffer, 0, this.tailBytes, size - this.tailBytes);
        // The window's first line began before it: only the lines after its first newline are
        // whole.
        const start = buffer.subarray(0, bytesRead).indexOf(NEWLINE) + 1;
        const recent =
          start > 0 ? parseLedger(buffer.toString('utf8', start, bytesRead), id) : null;
        if (recent && recent.entries.length > 0) return recent;
      }
      // A positioned read leaves the handle's position at the start: this reads the whole file.
      return parseLedger(await handle.readFile('utf8'), id);
    } finally {
      await handle.close();
    }
  }
}
