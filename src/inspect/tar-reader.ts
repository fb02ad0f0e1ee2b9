/**
 * A tar reader made for listings: it walks the 512-byte headers of a decompressed layer and
 * steps over each entry's content by arithmetic, so a listing copies no content bytes and
 * allocates only the header's strings. Content is handed out (as views, not copies) only to
 * the entries whose callback asks for it.
 *
 * Formats, as Go's archive/tar reads them (containerd and the Docker engine apply layers with
 * it): ustar and GNU headers, PAX extended headers (`path`, `linkpath`, `size`; reader.go
 * parsePAX), GNU long names (`L`, `K`), base-256 sizes (strconv.go parseNumeric), and no
 * content for links, devices, directories and fifos whatever their size field says
 * (reader.go isHeaderOnlyType). An old-style file whose name ends in "/" is a directory
 * (format.go, "Legacy archives use trailing slash for directories").
 */
const BLOCK = 512;
/** PAX and GNU long-name records larger than this are not headers but an attack. */
const MAX_META_BYTES = 1024 * 1024;

export interface TarHeader {
  /** As in the archive, with a trailing slash for directories: "usr/bin/". */
  name: string;
  /** tar-stream's names: file, directory, symlink, link, character-device, … */
  type: string;
  size: number;
  mode: number;
  linkname: string;
}

/** Takes an entry's content, a view at a time, then its end; a promise holds the reader back. */
export interface EntryContent {
  data(chunk: Uint8Array): void | Promise<void>;
  end(): void | Promise<void>;
}

/** What an entry callback answers: nothing (skip the content), stop, or a content taker. */
export type EntryDecision = undefined | 'stop' | EntryContent;

const TYPES: Record<number, string> = {
  0: 'file',
  48: 'file',
  49: 'link',
  50: 'symlink',
  51: 'character-device',
  52: 'block-device',
  53: 'directory',
  54: 'fifo',
  55: 'contiguous-file',
  103: 'pax-global-header',
  120: 'pax-header',
  75: 'gnu-long-link-path',
  76: 'gnu-long-path',
};
const HEADER_ONLY = new Set([
  'link',
  'symlink',
  'character-device',
  'block-device',
  'directory',
  'fifo',
]);

/** Plain errors: the layer reader words them as inspect.layer_corrupt, naming the layer. */
function corrupt(why: string): Error {
  return new Error(why);
}

/** An octal or base-256 number field (GNU: a set top bit means big-endian binary). */
function numberAt(block: Uint8Array, start: number, length: number): number {
  const end = start + length;
  if ((block[start] ?? 0) & 0x80) {
    let value = (block[start] ?? 0) & 0x7f;
    for (let i = start + 1; i < end; i++) value = value * 256 + (block[i] ?? 0);
    return value;
  }
  let i = start;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  let value = 0;
  for (; i < end; i++) {
    const c = block[i] ?? 0;
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
  }
  return value;
}

function stringAt(block: Buffer, start: number, length: number): string {
  const nul = block.indexOf(0, start);
  const end = nul < 0 || nul > start + length ? start + length : nul;
  return end === start ? '' : block.toString('utf8', start, end);
}

function checksumOk(block: Uint8Array): boolean {
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += block[i] ?? 0;
  for (let i = 156; i < BLOCK; i++) sum += block[i] ?? 0;
  return sum === numberAt(block, 148, 8);
}

function allZero(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

const isUstar = (b: Uint8Array) =>
  b[257] === 0x75 && b[258] === 0x73 && b[259] === 0x74 && b[260] === 0x61 && b[261] === 0x72;
/** "ustar\0" is POSIX (with a name prefix); GNU writes "ustar  \0" and uses the field otherwise. */
const isPosixUstar = (b: Uint8Array) => isUstar(b) && b[262] === 0;

/** "30 path=usr/lib/very/long…\n" records. */
function parsePax(text: string, into: Map<string, string>): void {
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(' ', at);
    const length = Number.parseInt(text.slice(at, space), 10);
    if (space < 0 || !Number.isFinite(length) || length <= 0) throw corrupt('a bad PAX record');
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) into.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
}

type State = 'header' | 'content' | 'meta' | 'padding' | 'end';

export class TarReader {
  private state: State = 'header';
  /** A header split across two chunks is gathered here. */
  private readonly header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private remaining = 0;
  private padding = 0;
  private content: EntryContent | undefined;
  private meta: Buffer[] = [];
  private metaType = '';
  private metaSize = 0;
  private readonly pax = new Map<string, string>();
  private longName: string | undefined;
  private longLink: string | undefined;
  private sawZeroBlock = false;
  /** Set once the entry callback said stop: the rest of the stream is not parsed. */
  stopped = false;

  constructor(private readonly onEntry: (header: TarHeader) => EntryDecision) {}

  /**
   * Reads a chunk of the tar stream; returns a promise only while an entry's content taker
   * holds it back. The chunk must not change until then (views of it are handed out).
   */
  write(chunk: Uint8Array): void | Promise<void> {
    let at = 0;
    while (at < chunk.length && !this.stopped && this.state !== 'end') {
      let held: void | Promise<void> = undefined;
      if (this.state === 'header') {
        if (this.headerFill === 0 && chunk.length - at >= BLOCK) {
          held = this.onHeader(Buffer.from(chunk.buffer, chunk.byteOffset + at, BLOCK));
          at += BLOCK;
        } else {
          const n = Math.min(BLOCK - this.headerFill, chunk.length - at);
          this.header.set(chunk.subarray(at, at + n), this.headerFill);
          this.headerFill += n;
          at += n;
          if (this.headerFill === BLOCK) {
            this.headerFill = 0;
            held = this.onHeader(this.header);
          }
        }
      } else if (this.state === 'content') {
        const n = Math.min(this.remaining, chunk.length - at);
        const piece = chunk.subarray(at, at + n);
        at += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'padding';
        held = this.deliver(piece);
      } else if (this.state === 'meta') {
        const n = Math.min(this.remaining, chunk.length - at);
        this.meta.push(Buffer.from(chunk.subarray(at, at + n)));
        at += n;
        this.remaining -= n;
        if (this.remaining === 0) {
          this.onMeta();
          this.state = 'padding';
        }
      } else {
        const n = Math.min(this.padding, chunk.length - at);
        at += n;
        this.padding -= n;
      }
      if (this.state === 'padding' && this.padding === 0) this.state = 'header';
      if (held) return this.resume(held, chunk, at);
    }
  }

  /** After the whole stream: a cut-off archive is an error, a missing end marker is not. */
  end(): void {
    if (this.stopped || this.state === 'end') return;
    if (this.state !== 'header' || this.headerFill !== 0) throw corrupt('it ends inside an entry');
  }

  private async resume(held: Promise<void>, chunk: Uint8Array, at: number): Promise<void> {
    await held;
    await this.write(chunk.subarray(at));
  }

  /** A piece of content to its taker, and the taker's end after the last piece. */
  private deliver(piece: Uint8Array): void | Promise<void> {
    const taker = this.content;
    if (!taker) return;
    const last = this.remaining === 0;
    if (last) this.content = undefined;
    const held = taker.data(piece);
    if (!last) return held;
    return held ? held.then(() => taker.end()) : taker.end();
  }

  private onHeader(block: Buffer): void | Promise<void> {
    if (allZero(block)) {
      // Two zero blocks end the archive; a lone one is skipped, as GNU tar does.
      if (this.sawZeroBlock) this.state = 'end';
      this.sawZeroBlock = true;
      return;
    }
    this.sawZeroBlock = false;
    if (!checksumOk(block)) throw corrupt('a header checksum does not match');
    let type = TYPES[block[156] ?? 0] ?? 'other';
    let size = numberAt(block, 124, 12);
    if (type === 'pax-header' || type === 'gnu-long-path' || type === 'gnu-long-link-path') {
      if (size > MAX_META_BYTES) throw corrupt(`an extended header of ${size} bytes`);
      this.metaType = type;
      this.meta = [];
      this.metaSize = size;
      this.remaining = size;
      this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
      this.state = 'meta';
      if (size === 0) {
        this.onMeta();
        this.state = 'padding';
      }
      return;
    }
    let name = stringAt(block, 0, 100);
    if (isPosixUstar(block)) {
      const prefix = stringAt(block, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    let linkname = stringAt(block, 157, 100);
    if (this.longName !== undefined) name = this.longName;
    if (this.longLink !== undefined) linkname = this.longLink;
    this.longName = undefined;
    this.longLink = undefined;
    if (this.pax.size > 0) {
      name = this.pax.get('path') ?? name;
      linkname = this.pax.get('linkpath') ?? linkname;
      const paxSize = this.pax.get('size');
      if (paxSize !== undefined) size = Number(paxSize);
      this.pax.clear();
    }
    if (type === 'file' && name.endsWith('/')) type = 'directory';
    const contentBytes = HEADER_ONLY.has(type) ? 0 : size;
    this.remaining = contentBytes;
    this.padding = (BLOCK - (contentBytes % BLOCK)) % BLOCK;
    this.state = contentBytes > 0 ? 'content' : 'padding';
    if (type === 'pax-global-header') return;
    const decision = this.onEntry({ name, type, size, mode: numberAt(block, 100, 8), linkname });
    if (decision === 'stop') {
      this.stopped = true;
      return;
    }
    if (!decision) return;
    if (contentBytes > 0) this.content = decision;
    else return decision.end();
  }

  private onMeta(): void {
    const bytes = Buffer.concat(this.meta, this.metaSize);
    this.meta = [];
    if (this.metaType === 'pax-header') parsePax(bytes.toString('utf8'), this.pax);
    else {
      const nul = bytes.indexOf(0);
      const text = bytes.toString('utf8', 0, nul < 0 ? bytes.length : nul);
      if (this.metaType === 'gnu-long-path') this.longName = text;
      else this.longLink = text;
    }
  }
}
