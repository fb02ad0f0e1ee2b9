/** What the pull tests share: a Berth of its own on the real services, and the registry's digest. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialSources, osKeychain } from '../../src/credentials';
import { createBerthCore } from '../../src/host/core';
import type { BerthCore } from '../../src/host/core';
import type { HarnessInfo } from '../harness/context';

export interface Login {
  registry: string;
  username: string;
  secret: string;
}

export interface PullSetup {
  logins?: Login[];
  dockerConfig?: unknown;
  dockerHost?: string;
  env?: Record<string, string>;
  answerTimeoutMs?: number;
}

/** A Berth with its own home, its logins in the real keychain, on the given engine. */
export async function berthWith(
  h: HarnessInfo,
  setup: PullSetup = {},
): Promise<{ core: BerthCore; home: string; env: Record<string, string> }> {
  const home = mkdtempSync(join(tmpdir(), 'berth-pull-'));
  if (setup.dockerConfig) {
    mkdirSync(join(home, '.docker'));
    writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify(setup.dockerConfig));
  }
  const env = {
    HOME: home,
    BERTH_HOME: home,
    PATH: process.env.PATH ?? '',
    DOCKER_HOST: setup.dockerHost ?? h.dockerHost,
    DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
    ...setup.env,
  };
  const { store } = credentialSources(env, home, osKeychain());
  for (const login of setup.logins ?? []) {
    await store.save({ ...login, patterns: [], preset: 'generic' });
  }
  const core = createBerthCore({
    env,
    registryTimeoutMs: 3_000,
    ...(setup.answerTimeoutMs ? { pullAnswerTimeoutMs: setup.answerTimeoutMs } : {}),
  });
  return { core, home, env };
}

/** The registry's digest for a tag, asked directly (HEAD, as docker does), not through Berth. */
export async function headDigest(
  url: string,
  repository: string,
  tag: string,
  user: { username: string; password: string },
): Promise<string> {
  const res = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
      accept: [
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ].join(', '),
    },
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`HEAD ${repository}:${tag}: ${res.status}`);
  return res.headers.get('docker-content-digest') ?? '';
}
