/**
 * Looking inside images from their registry (src/inspect) for the contract and the CLI: the
 * platform defaults to the engine's, like a pull; a ledger entry's id stands for the exact
 * image it recorded (reference@digest); file listings run as jobs with progress and cancel.
 */
import { uniqueId } from '../shared/unique-id';
import { BerthError, toErrorShape } from '../shared/errors';
import type { FileTree, ImageFile, PlatformName } from '../shared/image-content';
import { parseNormalizedNamed, referenceString } from '../shared/reference';
import type { EngineMonitor } from '../engine';
import type { Ledger } from '../ledger';
import type { RegistryClient } from '../registry';
import { diffImages, listFiles, listReferrers, parsePlatform, resolveImage } from '../inspect';
import type { FilesProgress } from '../inspect';
import type { EventBus } from './event-bus';
import type { JobRegistry } from './job-registry';

const ENGINE_WAIT_MS = 2_000;
const LEDGER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class ImageContentService {
  constructor(
    private readonly registry: RegistryClient,
    private readonly monitor: EngineMonitor,
    private readonly ledger: Ledger,
    private readonly bus: EventBus,
    /** File listings are jobs like pulls and runs: jobs.list shows them, jobs.cancel ends them. */
    private readonly jobs: JobRegistry,
  ) {}

  /** The platform asked for, else the engine's (when it answers soon), else linux/amd64. */
  async platform(text?: string): Promise<PlatformName> {
    if (text) {
      const parsed = parsePlatform(text);
      if (!parsed)
        throw new BerthError(
          'request.invalid',
          `"${text}" is not a platform.`,
          'Write it as os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8.',
        );
      return parsed;
    }
    const status =
      this.monitor.current() ??
      (await Promise.race([
        this.monitor.check().catch(() => undefined),
        new Promise<undefined>((resolve) =>
          setTimeout(() => resolve(undefined), ENGINE_WAIT_MS).unref(),
        ),
      ]));
    return status?.state === 'up'
      ? { os: status.info.os, architecture: status.info.arch }
      : { os: 'linux', architecture: 'amd64' };
  }

  /** A reference, or a ledger entry's id standing for the image it recorded. */
  async reference(input: string): Promise<string> {
    const text = input.trim();
    if (!LEDGER_ID.test(text)) return referenceString(parseNormalizedNamed(text));
    const { entries } = await this.ledger.read();
    const entry = entries.find((e) => e.id === text);
    if (!entry) throw new BerthError('ledger.not_found', `No ledger entry ${text}.`);
    if (!entry.digest)
      throw new BerthError(
        'ledger.no_digest',
        `Ledger entry ${text} (${entry.reference}) recorded no digest: the pull or run did not get that far.`,
      );
    const ref = parseNormalizedNamed(entry.reference);
    return `${ref.domain}/${ref.path}@${entry.digest}`;
  }

  async inspect(input: string, platform?: string) {
    const reference = await this.reference(input);
    return (
      await resolveImage(this.registry, reference, { platform: await this.platform(platform) })
    ).image;
  }

  async files(
    input: string,
    options: {
      platform?: string;
      layer?: number;
      path?: string;
      signal?: AbortSignal;
      onProgress?: (p: FilesProgress) => void;
      onRows?: (layer: number, rows: ImageFile[]) => void;
    },
  ): Promise<FileTree> {
    return listFiles(this.registry, await this.reference(input), {
      platform: await this.platform(options.platform),
      ...(options.layer !== undefined ? { layer: options.layer } : {}),
      ...(options.path ? { path: options.path } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onRows ? { onRows: options.onRows } : {}),
    });
  }

  async diff(
    a: string,
    b: string,
    options: { platform?: string; files?: boolean; signal?: AbortSignal } = {},
  ) {
    return diffImages(this.registry, await this.reference(a), await this.reference(b), {
      platform: await this.platform(options.platform),
      ...(options.files !== undefined ? { files: options.files } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  async referrers(input: string) {
    return listReferrers(this.registry, await this.reference(input));
  }

  /** Starts a listing in the background; it reports by images.files.* events. */
  startFiles(request: { reference: string; platform?: string; layer?: number; path?: string }): {
    jobId: string;
  } {
    const jobId = uniqueId();
    const handle = this.jobs.start('files', jobId, request.reference);
    void this.files(request.reference, {
      ...request,
      signal: handle.signal,
      onProgress: (progress) => this.bus.emit('images.files.progress', { jobId, ...progress }),
      onRows: (layer, rows) => this.bus.emit('images.files.rows', { jobId, layer, rows }),
    })
      .then(
        (tree) => this.bus.emit('images.files.done', { jobId, tree }),
        (error: unknown) =>
          this.bus.emit('images.files.done', { jobId, error: toErrorShape(error) }),
      )
      .finally(() => handle.finish());
    return { jobId };
  }

  /** images.filesCancel: jobs.cancel, for file listings only. */
  cancelFiles(jobId: string): boolean {
    return this.jobs.list('files').some((job) => job.id === jobId) && this.jobs.cancel(jobId);
  }
}
