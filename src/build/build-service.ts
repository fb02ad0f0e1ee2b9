/**
 * Builds the image a run needs, through the engine's build API (the classic builder), with
 * its output streamed as it comes. In `auto` mode nothing is rebuilt when an image built from
 * the same context hash is on the engine: the hash is the image's label, so it survives a
 * restart of Berth and is found on any engine the run picks.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnginePort, PullAuth, RawBuildEvent } from '../engine';
import { BerthError } from '../shared/errors';
import { BUILD_HASH_LABEL } from '../shared/build';
import { parseNormalizedNamed } from '../shared/reference';
import type { BuildRecord } from '../shared/build';
import type { Diagnosis } from '../shared/diagnosis';
import { autoDockerfile } from './auto-dockerfile';
import type { AutoOptions } from './auto-dockerfile';
import { contextTar, readBuildContext } from './build-context';
import { BuildTranscript, buildFailure } from './build-failure';
import type { BuildPlan } from './build-plan';
import { pulledImages } from './base-images';

/** A Dockerfile larger than this is not one. */
const MAX_DOCKERFILE_BYTES = 1024 * 1024;

export interface BuildServiceDeps {
  /** Explains a base image that could not be pulled (the diagnosis service's classifier). */
  diagnose(message: string, image: string): Diagnosis | Promise<Diagnosis>;
  /** For `dockerfile: auto`: finds the machine's Prefect (tests pin it). */
  prefect?: AutoOptions['prefect'];
  /**
   * The credential Berth resolves for an image the build pulls, as the engine takes it (the
   * pull's resolver and its plain-TCP refusal); without it the engine pulls anonymously.
   */
  registryAuth?(
    image: string,
    engine: EnginePort,
    warn: (line: string) => void,
  ): Promise<{ auth: PullAuth | null; source: string | null }>;
  now?: () => number;
}

export interface BuildCallbacks {
  signal?: AbortSignal;
  /** The engine's build output, with terminal line ends. */
  onOutput?(chunk: string): void;
  /** Berth's own lines about the build. */
  onNote?(line: string): void;
}

/** The build output as a terminal shows it: each "\n" a line end. */
function terminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function pullLine(event: RawBuildEvent): string | null {
  if (!event.status) return null;
  const parts = [event.id, event.status, event.progress].filter(Boolean);
  // Layer progress repeats many times a second; only its start and end are worth a line.
  if (event.progress && event.status === 'Downloading') return null;
  if (event.progress && event.status === 'Extracting') return null;
  return `${parts.join(' ')}\n`;
}

export class BuildService {
  private readonly now: () => number;

  constructor(private readonly deps: BuildServiceDeps) {
    this.now = deps.now ?? (() => Date.now());
  }

  /** The Dockerfile's text: generated for `auto`, else read from the context. */
  private async dockerfileOf(
    plan: BuildPlan,
    note: (line: string) => void,
  ): Promise<{ text: string; generated: boolean }> {
    if (plan.auto) {
      const auto = await autoDockerfile({
        deployDir: plan.deployDir,
        contextDir: plan.contextDir,
        ...(plan.baseImage ? { baseImage: plan.baseImage } : {}),
        ...(this.deps.prefect ? { prefect: this.deps.prefect } : {}),
      });
      note(`dockerfile: auto — generated as prefect deploy writes it, FROM ${auto.baseFrom}.`);
      return { text: auto.text, generated: true };
    }
    const path = join(plan.contextDir, ...plan.dockerfile.split('/'));
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new BerthError(
        'build.dockerfile_missing',
        `${plan.build.from} builds from ${plan.dockerfile}, but ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unreadable'})`}.`,
        'Create the Dockerfile, set dockerfile: auto to have it generated as Prefect does, or run with --build never and an image you have.',
        { path },
      );
    }
    if (Buffer.byteLength(text) > MAX_DOCKERFILE_BYTES) {
      throw new BerthError(
        'build.dockerfile_invalid',
        `${path} is larger than 1 MiB: not a Dockerfile.`,
      );
    }
    return { text, generated: false };
  }

  /**
   * X-Registry-Config for the build: the credential of each registry its FROM (and
   * COPY --from) images come from, and of no other registry. The docker CLI sends every login
   * it has (cli/command/image/build.go: dockerCli.ConfigFile().GetAllCredentials()); Berth
   * sends only what the build pulls, so a Dockerfile cannot be a way to hand a secret to an
   * engine that has no business with it.
   */
  private async registryConfig(
    images: string[],
    engine: EnginePort,
    note: (line: string) => void,
  ): Promise<Record<string, PullAuth>> {
    const { registryAuth } = this.deps;
    const config: Record<string, PullAuth> = {};
    if (!registryAuth) return config;
    const asked = new Set<string>();
    for (const image of images) {
      let domain: string;
      try {
        domain = parseNormalizedNamed(image).domain;
      } catch {
        continue; // Not a reference: the engine will refuse the FROM and say why.
      }
      // The header holds one entry per registry, as moby looks it up by host.
      if (asked.has(domain)) continue;
      asked.add(domain);
      let found: Awaited<ReturnType<typeof registryAuth>>;
      try {
        found = await registryAuth(image, engine, note);
      } catch (error) {
        // Berth's own refusal (a password over plain TCP) stands; a login that cannot be
        // read leaves the pull anonymous, and a refused pull is diagnosed as usual.
        if (error instanceof BerthError && error.code === 'pull.plaintext_auth_refused')
          throw error;
        note(
          `The login for ${domain} could not be read (${error instanceof Error ? error.message : String(error)}): the engine pulls ${image} without one.`,
        );
        continue;
      }
      const { auth, source } = found;
      if (!auth) continue;
      config[auth.serveraddress] = auth;
      note(
        `The base image ${image} is pulled with the login for ${domain} from ${source ?? 'Berth'}.`,
      );
    }
    return config;
  }

  /** Builds (or finds) the plan's image on the engine and tags it; the record for the run. */
  async build(
    plan: BuildPlan,
    engine: EnginePort,
    callbacks: BuildCallbacks = {},
  ): Promise<BuildRecord> {
    const { signal } = callbacks;
    const note = (line: string) => callbacks.onNote?.(line);
    const output = (text: string) => callbacks.onOutput?.(terminalText(text));
    const { buildImage, imagesLabelled, tagImage } = engine;
    if (!buildImage || !imagesLabelled || !tagImage) {
      throw new BerthError(
        'build.unsupported_engine',
        `The engine at ${engine.endpoint.address} cannot build images through Berth.`,
        'Build the image yourself, then run with --build never.',
      );
    }
    const dockerfile = await this.dockerfileOf(plan, note);
    const context = await readBuildContext(plan.contextDir, {
      dockerfile: plan.dockerfile,
      dockerfileText: dockerfile.text,
      generated: dockerfile.generated,
      buildArgs: plan.build.buildArgs,
      platform: plan.build.platform,
      target: plan.build.target,
    });
    const record = (imageId: string, durationMs: number, reused: boolean): BuildRecord => ({
      contextHash: context.hash,
      dockerfile: dockerfile.text,
      dockerfileGenerated: dockerfile.generated,
      buildArgs: plan.build.buildArgs,
      image: plan.reference,
      imageId,
      durationMs,
      reused,
    });

    if (plan.mode === 'auto') {
      const [existing] = await imagesLabelled(BUILD_HASH_LABEL, context.hash);
      if (existing) {
        await tagImage(existing, plan.repository, plan.tag);
        note(
          `${plan.reference} (${existing.slice(0, 19)}) was built from the same context (${context.hash.slice(0, 19)}): not rebuilt.`,
        );
        return record(existing, 0, true);
      }
    }

    note(
      `Building ${plan.reference} from ${plan.dockerfile} (${context.entries.length} files, ${context.hash.slice(0, 19)}), as ${plan.build.from} says.`,
    );
    const started = this.now();
    const transcript = new BuildTranscript();
    const registryConfig = await this.registryConfig(
      pulledImages(dockerfile.text, plan.build.buildArgs),
      engine,
      note,
    );
    let imageId: string;
    try {
      imageId = await buildImage.call(engine, contextTar(context), {
        dockerfile: plan.dockerfile,
        tag: plan.reference,
        buildArgs: plan.build.buildArgs,
        labels: { [BUILD_HASH_LABEL]: context.hash },
        platform: plan.build.platform,
        pull: plan.build.pull,
        target: plan.build.target,
        registryConfig,
        ...(signal ? { signal } : {}),
        onEvent: (event) => {
          if (event.stream) {
            transcript.add(event.stream);
            output(event.stream);
          } else {
            const line = pullLine(event);
            if (line) {
              transcript.add(line);
              output(line);
            }
          }
        },
      });
    } catch (error) {
      if (!(error instanceof BerthError) || error.code !== 'build.failed') throw error;
      const message = String(error.details?.engineMessage ?? error.message);
      throw await buildFailure(message, transcript, {
        dockerfileName: plan.auto ? 'Dockerfile (generated)' : plan.dockerfile,
        dockerfileText: dockerfile.text,
        diagnose: this.deps.diagnose,
      });
    }
    const durationMs = Math.max(0, Math.round(this.now() - started));
    note(`Built ${plan.reference}: ${imageId.slice(0, 19)}.`);
    return record(imageId, durationMs, false);
  }
}
