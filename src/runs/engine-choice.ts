/**
 * The engines a run may use, as `docker context ls` lists them: "default" (DOCKER_HOST, else
 * the platform's socket) and every context of the docker CLI's store (~/.docker/contexts,
 * meta.json keyed by the sha256 of the name, TLS material under tls/<id>/docker).
 */
import { existsSync } from 'node:fs';
import { createDockerEngine, currentContextName, dockerContexts, resolveEndpoint } from '../engine';
import type { EndpointEnv, EnginePort } from '../engine';
import { BerthError } from '../shared/errors';
import type { EngineChoice } from '../shared/runs';

export const DEFAULT_CONTEXT = 'default';
const MAX_CONTEXTS = 200;

/** The context the docker CLI would use; DOCKER_HOST makes it "default", as in the CLI. */
function currentContext(env: EndpointEnv): string {
  if (env.DOCKER_HOST) return DEFAULT_CONTEXT;
  return currentContextName(env) || DEFAULT_CONTEXT;
}

export function listEngineChoices(
  env: EndpointEnv,
  platform: NodeJS.Platform = process.platform,
): EngineChoice[] {
  const current = currentContext(env);
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
  for (const context of dockerContexts(env, MAX_CONTEXTS)) {
    const { name, host } = context;
    if (host === undefined || name === DEFAULT_CONTEXT) continue;
    choices.push({
      name,
      address: host,
      tls: host.startsWith('tcp://') && existsSync(context.tlsDir),
      current: current === name,
      description: context.description,
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
  return createDockerEngine(resolveEndpoint(contextEnv), { env: { ...env, ...contextEnv } });
}

/**
 * How the ledger names the engine of a run: the context when one was picked or is current,
 * else the address. A context name never holds "://", so a re-run can tell them apart.
 */
export function engineLabel(engine: EnginePort, picked?: string): string {
  return picked ?? engine.endpoint.context ?? engine.endpoint.address;
}
