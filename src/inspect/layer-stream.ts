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
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { BerthError } from '../shared/errors';
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

/** Inflated bytes per zlib call: each call is a trip to the thread pool, so fewer is faster. */
const INFLATE_CHUNK = 512 * 1024;
/**
 * Compressed bytes gathered before a zlib call. The socket hands over ~64 KB at a time; a
 * call per socket read with zlib's 16 KB default output took ~15% more CPU over a 256 MB
 * image (bench/files.ts). The first read goes alone, so the first entries are not held back.
 */
const GATHER_BYTES = 256 * 1024;

function decompressorFor(compression: Compression): Transform | undefined {
  if (compression === 'gzip') return createGunzip({ chunkSize: INFLATE_CHUNK });
  if (compression === 'zstd') return new ZstdDecompress();
  return undefined;
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
  const body = opened.response.body;
  if (!body)
    throw new BerthError('registry.bad_response', `${repo.registry} sent no body for ${what}.`);
  const hash = createHash('sha256');
  let bytes = 0;
  let stopped = false;
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(
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
  };
  armIdle();
  const tarReader = new TarReader(options.onEntry);
  // The web stream's reader read straight into the pipeline: converting it to a Node stream
  // first (Readable.fromWeb) made listing 2.7x slower.
  const reader = (body as WebReadableStream<Uint8Array>).getReader();
  const read = async () => {
    const next = await reader.read();
    if (!next.done) {
      bytes += next.value.byteLength;
      hash.update(next.value);
      armIdle();
      options.onBytes?.(next.value.byteLength);
    }
    return next;
  };
  const untar = async (chunks: AsyncIterable<Uint8Array>) => {
    for await (const chunk of chunks) {
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
    const head = first.done ? new Uint8Array() : first.value;
    const source = async function* (): AsyncGenerator<Uint8Array> {
      if (first.done) return;
      yield first.value;
      let gathered: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const next = await read();
        if (!next.done) {
          gathered.push(next.value);
          size += next.value.byteLength;
        }
        if ((next.done && size > 0) || size >= GATHER_BYTES) {
          yield gathered.length === 1 && gathered[0] ? gathered[0] : Buffer.concat(gathered, size);
          gathered = [];
          size = 0;
        }
        if (next.done) return;
      }
    };
    const decompressor = decompressorFor(compressionOf(head));
    if (decompressor) await pipeline(source, decompressor, untar, { signal });
    else await pipeline(source, untar, { signal });
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
    void reader.cancel().catch(() => {});
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
