/**
 * Which engine Berth talks to, decided the way the docker CLI decides it: DOCKER_HOST first,
 * then DOCKER_CONTEXT or the config's currentContext (~/.docker/contexts), then the
 * platform's default socket.
 * https://docs.docker.com/engine/manage-resources/contexts/
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BerthError } from '../shared/errors';
import type { EngineEndpoint } from '../shared/contract';
import { sshAddressProblem } from './ssh-bridge';

export interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  skipVerify: boolean;
}

export interface ResolvedEndpoint {
  endpoint: EngineEndpoint;
  tls?: TlsFiles;
}

export interface EndpointEnv {
  DOCKER_HOST?: string | undefined;
  DOCKER_CONTEXT?: string | undefined;
  DOCKER_CONFIG?: string | undefined;
  DOCKER_CERT_PATH?: string | undefined;
  DOCKER_TLS_VERIFY?: string | undefined;
  HOME?: string | undefined;
}

const DEFAULT_UNIX = 'unix:///var/run/docker.sock';
const DEFAULT_NPIPE = 'npipe:////./pipe/docker_engine';

export function dockerConfigDir(env: EndpointEnv): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

function badHost(address: string, source: string, why: string): BerthError {
  return new BerthError(
    'engine.bad_host',
    `${source} is set to "${address}", which is not an engine address Berth can use: ${why}.`,
    'Use unix:///path/to/docker.sock, tcp://host:2376 or ssh://user@host — or unset it to use the default socket.',
    { address },
  );
}

/** Validates an engine address and names its kind; throws engine.bad_host for anything else. */
export function classifyAddress(address: string, source: string): EngineEndpoint['kind'] {
  const match = /^([a-z]+):\/\/(.*)$/.exec(address);
  if (!match) throw badHost(address, source, 'it has no scheme such as unix:// or tcp://');
  const [, scheme, rest = ''] = match;
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/'))
        throw badHost(address, source, 'a unix socket path must be absolute');
      return 'unix';
    case 'npipe':
      return 'npipe';
    case 'tcp':
    case 'http':
    case 'https': {
      let url: URL;
      try {
        url = new URL(`http://${rest}`);
      } catch {
        throw badHost(address, source, 'the host part is not valid');
      }
      if (!url.hostname) throw badHost(address, source, 'the host part is empty');
      return 'tcp';
    }
    case 'ssh': {
      const problem = sshAddressProblem(address);
      if (problem) throw badHost(address, source, problem);
      return 'ssh';
    }
    default:
      throw badHost(address, source, `the scheme "${scheme}" is not supported`);
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function readTlsDir(dir: string, skipVerify: boolean): TlsFiles | undefined {
  const file = (name: string) =>
    existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : undefined;
  const ca = file('ca.pem');
  const cert = file('cert.pem');
  const key = file('key.pem');
  if (!ca && !cert && !key) return skipVerify ? { skipVerify } : undefined;
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), skipVerify };
}

/** The context store keys each context by the sha256 of its name. */
function contextId(name: string): string {
  // node:crypto loads on first use, not with this file: a pull's start does without it
  // (cli-bundle.test.ts).
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(name).digest('hex');
}

/** DOCKER_CONTEXT, else the config's currentContext; DOCKER_HOST is for the caller to weigh. */
export function currentContextName(env: EndpointEnv): string | undefined {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  const config = record(readJson(join(dockerConfigDir(env), 'config.json')));
  return typeof config.currentContext === 'string' ? config.currentContext : undefined;
}

/** A context of the docker CLI's store, as its meta.json has it. */
export interface DockerContext {
  name: string;
  /** The docker endpoint's Host; undefined when the context has none. */
  host: string | undefined;
  skipTlsVerify: boolean;
  description: string | null;
  /** Where its TLS material lives (ca.pem, cert.pem, key.pem), if it has any. */
  tlsDir: string;
  metaPath: string;
}

function contextAt(store: string, id: string, name: string): DockerContext {
  const metaPath = join(store, 'meta', id, 'meta.json');
  const meta = record(readJson(metaPath));
  const docker = record(record(meta.Endpoints).docker);
  const description = record(meta.Metadata).Description;
  return {
    name,
    host: typeof docker.Host === 'string' ? docker.Host : undefined,
    skipTlsVerify: docker.SkipTLSVerify === true,
    description: typeof description === 'string' && description ? description : null,
    tlsDir: join(store, 'tls', id, 'docker'),
    metaPath,
  };
}

function contextStore(env: EndpointEnv): string {
  return join(dockerConfigDir(env), 'contexts');
}

/** The context of that name, read from the store (its host undefined when it has none). */
export function dockerContext(env: EndpointEnv, name: string): DockerContext {
  return contextAt(contextStore(env), contextId(name), name);
}

/** Every context in the store that names itself, at most `limit` of them. */
export function dockerContexts(env: EndpointEnv, limit: number): DockerContext[] {
  const store = contextStore(env);
  let ids: string[];
  try {
    ids = readdirSync(join(store, 'meta')).slice(0, limit);
  } catch {
    return []; // No context store.
  }
  return ids.flatMap((id) => {
    const name = record(readJson(join(store, 'meta', id, 'meta.json'))).Name;
    return typeof name === 'string' ? [contextAt(store, id, name)] : [];
  });
}

export function resolveEndpoint(
  env: EndpointEnv,
  platform: NodeJS.Platform = process.platform,
): ResolvedEndpoint {
  if (env.DOCKER_HOST) {
    const address = env.DOCKER_HOST.trim();
    const kind = classifyAddress(address, 'DOCKER_HOST');
    const tlsVerify = Boolean(env.DOCKER_TLS_VERIFY) && env.DOCKER_TLS_VERIFY !== '0';
    const tls = env.DOCKER_CERT_PATH ? readTlsDir(env.DOCKER_CERT_PATH, !tlsVerify) : undefined;
    return {
      endpoint: {
        kind,
        address,
        source: 'DOCKER_HOST',
        tls: kind === 'tcp' && (tlsVerify || Boolean(tls)),
      },
      ...(tls ? { tls } : {}),
    };
  }

  const name = currentContextName(env);
  if (name && name !== 'default') {
    const context = dockerContext(env, name);
    if (context.host === undefined) {
      throw new BerthError(
        'engine.bad_context',
        `The current docker context "${name}" has no engine endpoint (looked in ${context.metaPath}).`,
        `Run \`docker context ls\` to see your contexts, and \`docker context use default\` or another context.`,
        { context: name },
      );
    }
    const kind = classifyAddress(context.host, `Docker context "${name}"`);
    const tls = readTlsDir(context.tlsDir, context.skipTlsVerify);
    return {
      endpoint: {
        kind,
        address: context.host,
        source: 'context',
        context: name,
        tls: kind === 'tcp' && Boolean(tls),
      },
      ...(tls ? { tls } : {}),
    };
  }

  const address = platform === 'win32' ? DEFAULT_NPIPE : DEFAULT_UNIX;
  return {
    endpoint: {
      kind: platform === 'win32' ? 'npipe' : 'unix',
      address,
      source: 'default',
      tls: false,
    },
  };
}
