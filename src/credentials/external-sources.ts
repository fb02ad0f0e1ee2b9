/**
 * Docker's and podman's credential stores, as the resolver and the importer see them: the
 * files are read on every call, so a `docker login` in a terminal shows up in Berth at once.
 */
import type { BerthError, ErrorShape } from '../shared/errors';
import { toErrorShape } from '../shared/errors';
import { dockerConfigPath, listDockerCredentials, readDockerConfig } from './docker-config';
import { dockerAnswer } from './docker-lookup';
import { scanPodmanCredentials } from './podman-auth';
import { podmanAnswer } from './podman-lookup';
import type { FoundCredential } from './found-credential';
import type { ExternalLookups } from './resolve-credential';

export interface ExternalSources {
  lookups: ExternalLookups;
  scan(
    from: 'docker' | 'podman' | 'all',
  ): Promise<{ found: FoundCredential[]; problems: ErrorShape[] }>;
}

type Listing = { found: FoundCredential[]; problems: BerthError[] } | null;

export function externalSources(env: NodeJS.ProcessEnv): ExternalSources {
  const docker = async () => {
    const file = dockerConfigPath(env);
    return { file, config: await readDockerConfig(file) };
  };
  return {
    lookups: {
      docker: (registry) => dockerAnswer(env, registry),
      podman: (image) => podmanAnswer(env, image, { tool: 'podman' }),
      skopeo: (image) => podmanAnswer(env, image, { tool: 'skopeo' }),
    },
    scan: async (from) => {
      const found: FoundCredential[] = [];
      const problems: ErrorShape[] = [];
      const collect = async (read: () => Promise<Listing>) => {
        try {
          const result = await read();
          found.push(...(result?.found ?? []));
          problems.push(...(result?.problems ?? []).map((p) => p.toShape()));
        } catch (error) {
          problems.push(toErrorShape(error));
        }
      };
      if (from !== 'podman') {
        await collect(async () => {
          const { file, config } = await docker();
          return config ? listDockerCredentials(config, file, env) : null;
        });
      }
      if (from !== 'docker') await collect(() => scanPodmanCredentials(env));
      return { found, problems };
    },
  };
}
