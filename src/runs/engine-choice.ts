/**
 * The engines a run may use, as `docker context ls` lists them: "default" (DOCKER_HOST, else
 * the platform's socket) and every context of the docker CLI's store (~/.docker/contexts,
 * meta.json keyed by the sha256 of the name, TLS material under tls/<id>/docker).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDockerEngine, dockerConfigDir, resolveEndpoint } from '../engine';
import type { EndpointEnv, EnginePort } from '../engine';
import { BerthError } from '../shared/errors';
import type { EngineChoice } from '../shared/runs';

export const DEFAULT_CONTEXT = 'default';
const MAX_CONTEXTS = 200;

function readJson(path: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object'
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The context the docker CLI would use; DOCKER_HOST makes it "default", as in the CLI. */
export function currentContextName(env: EndpointEnv): string {
  if (env.DOCKER_HOST) return DEFAULT_CONTEXT;
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  const current = readJson(join(dockerConfigDir(env), 'config.json')).currentContext;
  return typeof current === 'string' && current ? current : DEFAULT_CONTEXT;
}

export function listEngineChoices(
  env: EndpointEnv,
  platform: NodeJS.Platform = process.platform,
): EngineChoice[] {
  const current = currentContextName(env);
  const defaultEndpoint = resolveEndpoint({ ...env, DOCKER_CONTEXT: DEFAULT_CONTEXT }, platform);
  const choices: EngineChoice[] = [
    {
      name: DEFAULT_CONTEXT,
      address: defaultEndpoint.endpoint.address,
      tls: defaultEndpoint.endpoint.tls,
      current: current === DEFAULT_CONTEXT,
      description: env.DOCKER_HOST ? 'DOCKER_HOST' : 'The default socket',
    },
  ];
  const dir = join(dockerConfigDir(env), 'contexts');
  let ids: string[] = [];
  try {
    ids = readdirSync(join(dir, 'meta')).slice(0, MAX_CONTEXTS);
  } catch {
    // No context store: only the default engine.
  }
  for (const id of ids) {
    const meta = readJson(join(dir, 'meta', id, 'meta.json'));
    const name = meta.Name;
    const docker = field(meta.Endpoints, 'docker');
    const host = field(docker, 'Host');
    if (typeof name !== 'string' || typeof host !== 'string' || name === DEFAULT_CONTEXT) continue;
    const description = field(meta.Metadata, 'Description');
    choices.push({
      name,
      address: host,
      tls: host.startsWith('tcp://') && existsSync(join(dir, 'tls', id, 'docker')),
      current: current === name,
      description: typeof description === 'string' && description ? description : null,
    });
  }
  return choices.sort((a, b) =>
    a.name === DEFAULT_CONTEXT ? -1 : b.name === DEFAULT_CONTEXT ? 1 : a.name.localeCompare(b.name),
  );
}

/** An engine for a named context; refuses a name the store does not have, before any run. */
export function engineForContext(env: EndpointEnv, name: string): EnginePort {
  if (!listEngineChoices(env).some((choice) => choice.name === name)) {
    throw new BerthError(
      'run.unknown_engine',
      `There is no docker context named "${name}".`,
      'Run `docker context ls` to see your contexts, or leave the engine out to use the current one.',
      { context: name },
    );
  }
  const contextEnv: EndpointEnv =
    name === DEFAULT_CONTEXT
      ? { ...env, DOCKER_CONTEXT: DEFAULT_CONTEXT }
      : { ...env, DOCKER_HOST: undefined, DOCKER_CONTEXT: name };
  return createDockerEngine(resolveEndpoint(contextEnv));
}

/**
 * How the ledger names the engine of a run: the context when one was picked or is current,
 * else the address. A context name never holds "://", so a re-run can tell them apart.
 */
export function engineLabel(engine: EnginePort, picked?: string): string {
  return picked ?? engine.endpoint.context ?? engine.endpoint.address;
}
