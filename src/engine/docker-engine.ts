/**
 * The Engine port over dockerode, and over Node's own http for the calls on a pull's, a
 * build's, a run's and the event stream's path (engine-http.ts). Every call is bounded by a
 * timeout, but for the streams that last as long as their work (the caller's signal ends them).
 */
import type Docker from 'dockerode';
import type { DockerOptions } from 'dockerode';
import { BerthError } from '../shared/errors';
import type { EngineInfo, ImageDetails, ImageSummary } from '../shared/contract';
import type { EnginePort, RemovedImage } from './engine-port';
import type { ResolvedEndpoint } from './endpoint';
import type { Readable } from 'node:stream';
import { engineError, pullCancelled, pullError } from './engine-errors';
import { followPullStream } from './pull-stream';
import { createQuery, registryAuthHeader } from './pull-request';
import { dockerContainers } from './containers';
import { dockerImageBuild } from './image-build';
import { engineHijack, engineHttp, engineJson } from './engine-http';
import { dockerImageEvents } from './image-events';
import { toImageDetails, toImageSummary } from './image-mapping';
import type { RawHistoryEntry, RawImageInspect, RawImageSummary } from './image-mapping';
import { toRegistryView } from './registry-view';
import { startSshBridge } from './ssh-bridge';
import type { SshBridge } from './ssh-bridge';
import type { RawRegistryInfo } from './registry-view';

export interface DockerEngineOptions {
  /** Bound for ordinary API calls. */
  timeoutMs?: number;
  /** Bound for /_ping, which decides "up" or "down". */
  pingTimeoutMs?: number;
  /** The environment an ssh:// engine's `ssh` client runs with (its HOME, SSH_AUTH_SOCK). */
  env?: NodeJS.ProcessEnv;
}

export function dockerodeOptions(
  resolved: ResolvedEndpoint,
  sshSocketPath?: string,
): DockerOptions {
  const { endpoint, tls } = resolved;
  const rest = endpoint.address.replace(/^[a-z]+:\/\//, '');
  // docker-modem starts from defaults read from process.env.DOCKER_HOST and lets a `host` or
  // `protocol` found there win over our socketPath (docker-modem lib/modem.js, Modem()): an
  // empty host and plain http make the socket the one Berth resolved, whatever the env says.
  const socket = (socketPath: string): DockerOptions => ({
    socketPath,
    host: '',
    protocol: 'http',
  });
  switch (endpoint.kind) {
    case 'unix':
      return socket(rest);
    case 'npipe':
      return socket(rest.replace(/\//g, '\\'));
    case 'ssh':
      // dockerode's own ssh transport (ssh2) ignores ~/.ssh/config and crashes Node's HTTP
      // client; an ssh:// engine goes through the ssh client instead (ssh-bridge.ts).
      if (!sshSocketPath)
        throw new BerthError('engine.bad_host', 'An ssh:// engine needs its bridge.');
      return socket(sshSocketPath);
    case 'tcp': {
      const url = new URL(`http://${rest}`);
      const secure = endpoint.tls || endpoint.address.startsWith('https://');
      return {
        host: url.hostname,
        port: url.port ? Number(url.port) : secure ? 2376 : 2375,
        protocol: secure ? 'https' : 'http',
        ...(tls?.ca ? { ca: tls.ca } : {}),
        ...(tls?.cert ? { cert: tls.cert } : {}),
        ...(tls?.key ? { key: tls.key } : {}),
      };
    }
    case 'invalid':
      throw new BerthError('engine.bad_host', `Not an engine address: ${endpoint.address}`);
  }
}

/**
 * dockerode (with ssh2) takes ~130 ms to load: load it on first use, so CLI commands that
 * never touch the engine (ref, tags, manifest) start that much sooner.
 */
function lazyDocker(options: () => Promise<DockerOptions>): () => Promise<Docker> {
  let client: Promise<Docker> | undefined;
  return () =>
    (client ??= Promise.all([import('dockerode'), options()]).then(
      ([{ default: Dockerode }, resolved]) => new Dockerode(resolved),
    ));
}

/** The bridge of an ssh:// engine, started on first use; nothing for other engines. */
function lazySshBridge(
  resolved: ResolvedEndpoint,
  env: NodeJS.ProcessEnv | undefined,
): { socketPath: () => Promise<string | undefined>; takeFailure: () => BerthError | undefined } {
  if (resolved.endpoint.kind !== 'ssh') {
    return { socketPath: () => Promise.resolve(undefined), takeFailure: () => undefined };
  }
  let bridge: SshBridge | undefined;
  return {
    socketPath: async () => {
      bridge ??= startSshBridge(resolved.endpoint.address, env ? { env } : {});
      await bridge.ready;
      return bridge.socketPath;
    },
    takeFailure: () => bridge?.takeFailure(),
  };
}

/** The engine's version and info answers as EngineInfo (docker version / docker info). */
function engineInfoOf(
  endpoint: EngineInfo['endpoint'],
  version: Awaited<ReturnType<Docker['version']>>,
  info: Awaited<ReturnType<Docker['info']>>,
): EngineInfo {
  const security: unknown = info.SecurityOptions;
  const platformName = (version as { Platform?: { Name?: string } }).Platform?.Name;
  return {
    endpoint,
    product:
      platformName || (info.OperatingSystem?.includes('Podman') ? 'Podman' : 'Docker Engine'),
    name: info.Name ?? '',
    serverVersion: version.Version ?? info.ServerVersion ?? '',
    apiVersion: version.ApiVersion ?? '',
    os: version.Os ?? info.OSType ?? '',
    arch: version.Arch ?? info.Architecture ?? '',
    kernelVersion: version.KernelVersion ?? info.KernelVersion ?? '',
    operatingSystem: info.OperatingSystem ?? '',
    storageDriver: info.Driver ?? '',
    cpus: info.NCPU ?? 0,
    memTotal: info.MemTotal ?? 0,
    images: info.Images ?? 0,
    containers: info.Containers ?? 0,
    containersRunning: info.ContainersRunning ?? 0,
    rootless: Array.isArray(security) && security.some((s) => String(s).includes('rootless')),
  };
}

/** What an image removal untagged and deleted; removing nothing is an error. */
function removedOf(id: string, result: unknown): RemovedImage {
  const entries = Array.isArray(result)
    ? (result as { Untagged?: string; Deleted?: string }[])
    : [];
  const untagged = entries.flatMap((e) => (e.Untagged ? [e.Untagged] : []));
  const deleted = entries.flatMap((e) => (e.Deleted ? [e.Deleted] : []));
  if (untagged.length === 0 && deleted.length === 0) {
    throw new BerthError('engine.api', `The engine removed nothing for ${id}.`);
  }
  return { untagged, deleted };
}

export function createDockerEngine(
  resolved: ResolvedEndpoint,
  options: DockerEngineOptions = {},
): EnginePort {
  // Over ssh every connection is a new `ssh` login (as with the docker CLI), which can take
  // seconds: bound calls by ssh's own ConnectTimeout (30 s) rather than a local socket's.
  const overSsh = resolved.endpoint.kind === 'ssh';
  const timeoutMs = options.timeoutMs ?? (overSsh ? 30_000 : 15_000);
  const pingTimeoutMs = options.pingTimeoutMs ?? (overSsh ? 30_000 : 3_000);
  // dockerode's socket timeout bounds its calls, engine-http's answer timeout the others;
  // /_ping gets a tighter one of its own.
  const ssh = lazySshBridge(resolved, options.env);
  const optionsWith = (extra: DockerOptions) => async () => ({
    ...dockerodeOptions(resolved, await ssh.socketPath()),
    ...extra,
  });
  // dockerode only for the engine's info, the image list and image removal.
  const docker = lazyDocker(optionsWith({ timeout: timeoutMs }));
  // Node's own http client: the calls of a pull, a build, a flow run's container and the
  // event stream never wait for dockerode to load (engine-http.ts).
  const http = engineHttp(optionsWith({}));
  /** /_ping, bounded more tightly than other calls: it decides "up" or "down". */
  const pingOnce = () =>
    engineJson(http, { method: 'GET', path: '/_ping', answerTimeoutMs: pingTimeoutMs });
  const { endpoint } = resolved;

  const call = async <T>(run: () => Promise<T>, subject?: string): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // Over ssh, what `ssh` said (auth refused, no such host) beats "connection reset".
      throw ssh.takeFailure() ?? engineError(error, endpoint, subject);
    }
  };

  return {
    endpoint,
    ...dockerContainers({ http, hijack: engineHijack(optionsWith({})), endpoint, timeoutMs }),
    ...dockerImageBuild({ http, endpoint }),
    // The event stream stays open for as long as the engine is up.
    ...dockerImageEvents({ http, endpoint }),
    ping: () =>
      call(async () => {
        await pingOnce();
      }),

    info: () =>
      call(async (): Promise<EngineInfo> => {
        const [version, info] = await docker().then((d) => Promise.all([d.version(), d.info()]));
        return engineInfoOf(endpoint, version, info);
      }),

    registryView: () =>
      call(async () => toRegistryView((await (await docker()).info()) as RawRegistryInfo)),

    listImages: () =>
      call(async (): Promise<ImageSummary[]> => {
        const images = (await (await docker()).listImages()) as unknown as RawImageSummary[];
        return images.map(toImageSummary);
      }),

    // Over node:http, not dockerode: a pull reads the image before and after, and a `berth
    // pull` should not wait for dockerode to load (engine-http.ts).
    inspectImage: (id, options) =>
      call(async (): Promise<ImageDetails> => {
        const read = (what: 'json' | 'history') =>
          engineJson(http, {
            method: 'GET',
            path: `/images/${id}/${what}`,
            answerTimeoutMs: timeoutMs,
          });
        // Both asked at once: a pull reads the image before and after, on its way to the end.
        // History lines up with the layers and gives their sizes; an engine that cannot
        // produce it (some Podman versions) still yields details without sizes.
        const [inspect, history] = await Promise.all([
          read('json'),
          options?.layers === false ? [] : read('history').catch(() => []),
        ]);
        return toImageDetails(
          inspect as RawImageInspect,
          Array.isArray(history) ? (history as RawHistoryEntry[]) : [],
        );
      }, id),

    removeImage: (id, force) =>
      call(async (): Promise<RemovedImage> => {
        const result = (await (await docker()).getImage(id).remove({ force })) as unknown;
        return removedOf(id, result);
      }, id),

    pullImage: async (reference, { auth, platform, signal, onEvent }) => {
      if (signal?.aborted) throw pullCancelled(reference);
      // The request goes out at once; a bounded ping beside it makes an engine that accepts
      // and never answers fail fast with the usual explanation, without a round trip first.
      const sent = new AbortController();
      const answered = http({
        method: 'POST',
        path: '/images/create',
        query: { ...createQuery(reference), platform },
        // X-Registry-Auth as docker-modem and the docker CLI send it: base64url JSON.
        headers: auth ? { 'X-Registry-Auth': registryAuthHeader(auth) } : {},
        signal: signal ? AbortSignal.any([signal, sent.signal]) : sent.signal,
        // No bound of its own: the engine answers once the registry does, which the caller's
        // signal bounds (pull-service.ts, ANSWER_TIMEOUT_MS).
        answerTimeoutMs: 0,
      });
      const pinged = pingOnce();
      answered.catch(() => undefined);
      pinged.catch(() => undefined);
      let stream: Readable;
      try {
        stream = await Promise.race([answered, pinged.then(() => answered)]);
      } catch (error) {
        sent.abort();
        if (signal?.aborted) throw pullCancelled(reference);
        throw ssh.takeFailure() ?? pullError(error, endpoint, reference);
      }
      await followPullStream(stream, {
        reference,
        endpoint,
        onEvent,
        ...(signal ? { signal } : {}),
      });
    },
  };
}
