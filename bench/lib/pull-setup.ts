/**
 * What the pull benches share: a private dockerd, a docker-registry on loopback with Basic
 * auth, a ~`megabytes` MiB image of one random layer (nothing compresses away) pushed to it,
 * and an environment where both Berth and the docker CLI find the login in the same
 * ~/.docker/config.json (no keychain).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDockerd } from '../../test/harness/dockerd';
import type { RunningDockerd } from '../../test/harness/dockerd';
import { shortTempDir } from '../../test/harness/processes';
import { startRegistry } from '../../test/harness/registry';
import { pushRandomImage } from '../../test/harness/registry-seed';

export interface PullBench {
  dockerd: RunningDockerd;
  image: string;
  /** HOME, BERTH_HOME and DOCKER_HOST for both sides. */
  env: Record<string, string>;
  /** A folder of the bench's own, removed by stop(). */
  work: string;
  stop(): Promise<void>;
}

export async function startPullBench(megabytes: number, prefix: string): Promise<PullBench> {
  const user = 'alice';
  const password = 'bench-pass';
  const dockerd = await startDockerd();
  const registry = await startRegistry({ auth: 'htpasswd', users: { [user]: password } });
  const work = shortTempDir(prefix);
  const stop = async () => {
    await registry.stop();
    await dockerd.stop();
    work.remove();
  };
  try {
    const image = `${registry.host}/team/big:1`;
    await pushRandomImage(
      { url: registry.url, username: user, password },
      'team/big',
      '1',
      megabytes * 1024 * 1024,
    );
    mkdirSync(join(work.path, '.docker'));
    const auth = Buffer.from(`${user}:${password}`).toString('base64');
    writeFileSync(
      join(work.path, '.docker', 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { auth } } }),
    );
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: work.path,
      BERTH_HOME: join(work.path, 'berth'),
      DOCKER_HOST: dockerd.dockerHost,
      // No keychain here: Berth finds the credential in ~/.docker/config.json, as docker does.
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(work.path, 'no-bus')}`,
    };
    return { dockerd, image, env, work: work.path, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
