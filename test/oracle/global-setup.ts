/**
 * The oracle suite's services: one dockerd, one htpasswd registry and one token registry, both
 * logging who authenticated (`auth.user.name=`), shared by every configuration. Leaner than the
 * integration harness: no seeded images, since a pull of a missing repository is enough for the
 * registry to log which credential came with it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDockerd } from '../harness/dockerd';
import { startKeyring } from '../harness/keyring';
import { startRegistry } from '../harness/registry';
import { ORACLE_USERS, oracleRefreshTokens } from './users';
import type { OracleServices } from './services';

const REQUIRED = ['dockerd', 'docker-registry', 'htpasswd', 'openssl', 'podman', 'skopeo'];
/** Debian's docker CLI: the version the oracle answers are for (oracles.md). */
export const DOCKER_CLI = '/usr/bin/docker';
/**
 * A current docker CLI (28), run beside 20.10 where installed: where the two send different
 * credentials, the summary says so, and Berth's docker answer names the version it is for.
 */
export const DOCKER_CLI_NEW = '/usr/local/bin/docker';

const missing = () =>
  [...REQUIRED, DOCKER_CLI].filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const absent = missing();
  const rootless = typeof process.getuid === 'function' && process.getuid() !== 0;
  if (absent.length > 0 || rootless) {
    const why = absent.length > 0 ? `missing: ${absent.join(', ')}` : 'dockerd needs root';
    if (process.env.CI === 'true') throw new Error(`The oracle suite needs real tools (${why}).`);
    console.warn(`\n*** SKIPPING oracle tests: ${why}. ***\n`);
    project.provide('oracle', null);
    return async () => {};
  }
  const logs = mkdtempSync(join(tmpdir(), 'berth-oracle-logs-'));
  const started: { stop(): Promise<void> }[] = [];
  const teardown = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => {});
    rmSync(logs, { recursive: true, force: true });
  };
  try {
    const keyring = await startKeyring();
    started.push(keyring);
    const dockerd = await startDockerd();
    started.push(dockerd);
    const basicLog = join(logs, 'basic.log');
    const basic = await startRegistry({
      auth: 'htpasswd',
      users: { ...ORACLE_USERS },
      logLevel: 'info',
      logFile: basicLog,
    });
    started.push(basic);
    const tokenLog = join(logs, 'token.log');
    const token = await startRegistry({
      auth: 'token',
      users: { ...ORACLE_USERS },
      logLevel: 'info',
      logFile: tokenLog,
      issuerOptions: { refreshTokens: oracleRefreshTokens() },
    });
    started.push(token);
    const services: OracleServices = {
      socketPath: dockerd.socketPath,
      basic: { port: Number(basic.host.split(':')[1]), log: basicLog },
      token: { port: Number(token.host.split(':')[1]), log: tokenLog },
      keyringBus: keyring.busAddress,
    };
    project.provide('oracle', services);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
