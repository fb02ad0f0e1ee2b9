/**
 * One layer blob as a stream of tar entries, read straight from the registry: gzip through
 * zlib, zstd through fzstd's streaming decoder, plain tar as is, told apart by their magic
 * bytes (a registry's media type can lie: Docker's `rootfs.diff.tar.gzip` is used for zstd
 * layers by some builders). The tar is walked by tar-reader.ts, which steps over contents
 * without copying them unless asked for, so memory stays at a few buffers whatever the
 * layer's size; the compressed bytes are hashed on the way and checked against the layer
 * digest when the whole blob was read.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { TransformOptions, Writable } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { BerthError } from '../shared/errors';
import { dropBody } from '../registry';
import type { RegistryClient, Repo } from '../registry';
import { TarReader } from './tar-reader';
import type { EntryDecision, TarHeader } from './tar-reader';

/** No byte for this long means the transfer is stuck. */
export const IDLE_TIMEOUT_MS = 30_000;

export type Compression = 'gzip' | 'zstd' | 'none';

export function compressionOf(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

class ZstdDecompress extends Transform {
  private readonly decoder = new Decompress((data) => {
    // Copied: fzstd hands out blocks it may keep as its window.
    if (data.length > 0) this.push(Buffer.from(data));
  });

  override _transform(chunk: Buffer, _encoding: string, done: TransformCallback): void {
    try {
      this.decoder.push(chunk);
      done();
    } catch (error) {
      done(zstdError(error));
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
      done();
    } catch (error) {
      done(zstdError(error));
    }
  }
}

function zstdError(error: unknown): BerthError {
  return new BerthError(
    'inspect.layer_corrupt',
    `A zstd layer could not be decompressed: ${error instanceof Error ? error.message : String(error)}.`,
    'The layer is damaged or not zstd; pulling it would fail the same way.',
  );
}

/**
 * Inflated bytes per zlib call: each call is a trip to the thread pool, so fewer is faster.
 * 1 MB calls (with 1 MB pieces in) were no faster within the noise of alternating runs at
 * load 5 on 2 cores (bench/files.ts's images, random and text-like), and cost memory.
 */
const INFLATE_CHUNK = 512 * 1024;
/**
 * Compressed bytes gathered before a zlib call. The socket hands over ~64 KB at a time; a
 * call per socket read with zlib's 16 KB default output took ~15% more CPU over a 256 MB
 * image (bench/files.ts). The first read goes alone, so the first entries are not held back.
 */
const GATHER_BYTES = 256 * 1024;

/**
 * Gathers a blob's socket reads into GATHER_BYTES pieces for zlib, in buffers used again once
 * zlib has consumed them (its write callback): fresh buffers per piece were a third of the
 * listing's allocations, and V8 answers every ~64 MB of new buffers with a full collection:
 * a fifth of the CPU of an in-process listing of a 256 MB image (perf record, bench/files.ts;
 * under 5% in a CLI run). Each piece is hashed whole: one call per piece rather than per
 * socket read.
 */
async function feedGathered(
  first: Buffer,
  read: () => Promise<Buffer | undefined>,
  hash: Hash,
  sink: Writable,
  signal: AbortSignal,
): Promise<void> {
  const free: Buffer[] = [];
  /** Hashes and writes a piece; `buffer`, when given, is free again once zlib has read it. */
  const send = async (piece: Buffer, buffer?: Buffer): Promise<void> => {
    hash.update(piece);
    const written = buffer ? sink.write(piece, () => free.push(buffer)) : sink.write(piece);
    if (!written) await drained(sink, signal);
  };
  try {
    // The first read goes alone (not gathered, not reused), so the first entries come at once.
    await send(first);
    let buffer: Buffer = Buffer.allocUnsafe(GATHER_BYTES);
    let fill = 0;
    for (let chunk = await read(); chunk; chunk = await read()) {
      for (let at = 0; at < chunk.byteLength;) {
        const n = chunk.copy(buffer, fill, at);
        fill += n;
        at += n;
        if (fill === GATHER_BYTES) {
          await send(buffer, buffer);
          if (sink.destroyed || signal.aborted) return;
          buffer = free.pop() ?? Buffer.allocUnsafe(GATHER_BYTES);
          fill = 0;
        }
      }
    }
    if (fill > 0) await send(buffer.subarray(0, fill), buffer);
    sink.end();
  } catch (error) {
    sink.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/** Resolves when `sink` can take more, or has closed, or the read is stopped. */
function drained(sink: Writable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(); // no 'abort' would come to end the wait
    const settle = () => {
      sink.off('drain', settle);
      sink.off('close', settle);
      signal.removeEventListener('abort', settle);
      resolve();
    };
    sink.once('drain', settle);
    sink.once('close', settle);
    signal.addEventListener('abort', settle, { once: true });
  });
}

/**
 * zlib's stream options (ZlibOptions omits them, zlib.js passes them to Transform): a second
 * piece can wait while zlib works on the first, so reading and hashing overlap inflating.
 */
const overlap: Pick<TransformOptions, 'writableHighWaterMark'> = {
  writableHighWaterMark: 2 * GATHER_BYTES,
};

/** Pieces of GATHER_BYTES in fresh buffers, for decoders that may keep their input (fzstd). */
async function* gathered(
  first: Buffer,
  read: () => Promise<Buffer | undefined>,
  hash: Hash,
): AsyncGenerator<Buffer> {
  hash.update(first);
  yield first;
  let pieces: Buffer[] = [];
  let size = 0;
  for (let next = await read(); ; next = await read()) {
    if (next) {
      pieces.push(next);
      size += next.byteLength;
    }
    if ((!next && size > 0) || size >= GATHER_BYTES) {
      const piece = pieces.length === 1 && pieces[0] ? pieces[0] : Buffer.concat(pieces, size);
      hash.update(piece);
      yield piece;
      pieces = [];
      size = 0;
    }
    if (!next) return;
  }
}

export interface ReadLayerOptions {
  signal?: AbortSignal;
  /** Called per chunk of compressed bytes received. */
  onBytes?: (bytes: number) => void;
  /** Called per entry: nothing skips its content, a content taker reads it, 'stop' stops. */
  onEntry: (header: TarHeader) => EntryDecision;
}

/** Reads one layer; resolves with the compressed bytes read and whether it read them all. */
export async function readLayer(
  client: RegistryClient,
  repo: Repo,
  layer: { digest: string; size: number },
  options: ReadLayerOptions,
): Promise<{ bytes: number; complete: boolean }> {
  const what = `the layer ${layer.digest.slice(0, 19)}`;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const opened = await client.open(repo, `/v2/${repo.repository}/blobs/${layer.digest}`, {
    what,
    signal,
  });
  const body = opened.body;
  // The manifest says how big the blob is: more is not this layer (the body's size limit).
  const limit = layer.size > 0 ? layer.size : Number.POSITIVE_INFINITY;
  const declared = Number(opened.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) {
    dropBody(body);
    throw longerThanManifest(repo, what, layer);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  let stopped = false;
  const idle = setTimeout(
    () =>
      stop.abort(
        new BerthError(
          'registry.timeout',
          `${repo.registry} sent nothing for ${IDLE_TIMEOUT_MS / 1000} s while Berth read ${what}.`,
          'The registry or the network stalled: try again.',
          { host: repo.registry },
        ),
      ),
    IDLE_TIMEOUT_MS,
  );
  const tarReader = new TarReader(options.onEntry);
  const chunks = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  /** The next chunk of the blob, counted and checked against the limit; hashed by the caller. */
  const read = async (): Promise<Buffer | undefined> => {
    const next = await chunks.next();
    if (next.done) return undefined;
    bytes += next.value.byteLength;
    if (bytes > limit) throw longerThanManifest(repo, what, layer);
    idle.refresh();
    options.onBytes?.(next.value.byteLength);
    return next.value;
  };
  const untar = async (inflated: AsyncIterable<Uint8Array>) => {
    for await (const chunk of inflated) {
      const held = tarReader.write(chunk);
      if (held) await held;
      if (tarReader.stopped) {
        stopped = true;
        stop.abort(new DOMException('enough', 'AbortError'));
        return;
      }
    }
    tarReader.end();
  };
  try {
    const first = await read();
    if (first) {
      const compression = compressionOf(first);
      if (compression === 'gzip') {
        const gunzip = createGunzip({ chunkSize: INFLATE_CHUNK, ...overlap });
        await Promise.all([
          feedGathered(first, read, hash, gunzip, signal),
          pipeline(gunzip, untar, { signal }),
        ]);
      } else if (compression === 'zstd') {
        await pipeline(gathered(first, read, hash), new ZstdDecompress(), untar, { signal });
      } else await pipeline(gathered(first, read, hash), untar, { signal });
    }
    if (stopped) return { bytes, complete: false };
  } catch (error) {
    if (stopped) return { bytes, complete: false };
    if (signal.aborted && signal.reason instanceof BerthError) throw signal.reason;
    if (options.signal?.aborted)
      throw new BerthError('job.cancelled', `Cancelled while reading ${what}.`);
    if (error instanceof BerthError) throw error;
    throw new BerthError(
      'inspect.layer_corrupt',
      `${what} is not a readable tar: ${error instanceof Error ? error.message : String(error)}.`,
      'The layer may be damaged, or use a format Berth does not read (estargz and plain tar, gzip and zstd are read).',
      { digest: layer.digest },
    );
  } finally {
    clearTimeout(idle);
    // A body read to its end keeps its keep-alive connection; one left unread is closed.
    dropBody(body);
  }
  const computed = `sha256:${hash.digest('hex')}`;
  if (layer.digest.startsWith('sha256:') && computed !== layer.digest) {
    throw new BerthError(
      'registry.digest_mismatch',
      `${what} does not match its digest (got ${computed}).`,
      'The content changed in transit or the registry is inconsistent: do not trust it.',
      { expected: layer.digest, computed },
    );
  }
  return { bytes, complete: true };
}

function longerThanManifest(
  repo: Repo,
  what: string,
  layer: { digest: string; size: number },
): BerthError {
  return new BerthError(
    'registry.body_too_large',
    `${repo.registry} sent more than the ${layer.size} bytes the manifest gives for ${what}, so Berth stopped reading it.`,
    'The registry is inconsistent or the blob is not this layer: do not trust it.',
    { maxBytes: layer.size, digest: layer.digest },
  );
}
