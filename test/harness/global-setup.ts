/**
 * Starts the real services once per test project and tears them down afterwards, even when
 * setup fails half-way. With CI=true a missing service fails the run; on a laptop without
 * them the suites are skipped, loudly.
 */
import { execFileSync } from 'node:child_process';
import Docker from 'dockerode';
import type { TestProject } from 'vitest/node';
import { startDockerd } from './dockerd';
import type { RunningDockerd } from './dockerd';
import { startRegistry } from './registry';
import type { RunningRegistry } from './registry';
import { importBusybox, tagAndPush } from './seed';
import { PYTHON_IMAGE, importPythonImage } from './python-image';
import { pushTwoPlatformIndex, seedManyTags } from './registry-seed';
import type { HarnessInfo } from './context';
import { startControlServer } from './control';
import { startKeyring } from './keyring';
import type { GrantPolicy } from './token-issuer';

const REQUIRED = [
  'dockerd',
  'docker-registry',
  'htpasswd',
  'openssl',
  'busybox',
  'dbus-daemon',
  'gnome-keyring-daemon',
  'secret-tool',
  'tinyproxy',
  'notary-server',
];

function missingTools(): string[] {
  return REQUIRED.filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

/** alice may do anything; bob's password is right but he is granted no repository at all. */
export const USERS = { alice: 's3cret', bob: 'bob-pass' } as const;

/** The token registry's issuer: alice everything, anyone may pull public/*, bob nothing. */
const tokenGrant: GrantPolicy = (user, access) => {
  if (user === 'alice') return access.actions;
  if (access.type === 'repository' && access.name.startsWith('public/')) return ['pull'];
  return [];
};
const MANY_TAGS = 10_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = missingTools();
  const rootless = typeof process.getuid === 'function' && process.getuid() !== 0;
  if (missing.length > 0 || rootless) {
    const why = missing.length > 0 ? `missing: ${missing.join(', ')}` : 'dockerd needs root';
    if (process.env.CI === 'true') {
      throw new Error(`Real services are required in CI (${why}). Run .ci/run as root.`);
    }
    console.warn(`\n*** SKIPPING ${project.name} tests: real services unavailable (${why}). ***\n`);
    project.provide('harness', null);
    return async () => {};
  }

  const started: { stop(): Promise<void> }[] = [];
  const teardown = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => {});
  };
  try {
    // Every worker and CLI child finds the test keychain through the session bus address.
    const keyring = await startKeyring();
    started.push(keyring);
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.busAddress;
    const dockerd: RunningDockerd = await startDockerd();
    started.push(dockerd);
    const basic: RunningRegistry = await startRegistry({ auth: 'htpasswd', users: { ...USERS } });
    started.push(basic);
    const token: RunningRegistry = await startRegistry({
      auth: 'token',
      users: { ...USERS },
      grant: tokenGrant,
    });
    started.push(token);

    const docker = new Docker({ socketPath: dockerd.socketPath });
    await importBusybox(docker, { repo: 'local/busybox', tag: '1' });
    await importBusybox(docker, {
      repo: 'local/flows',
      tag: '2024.1',
      changes: [
        'ENV PREFECT_LOGGING_LEVEL=INFO',
        'ENV EXTRA_PIP_PACKAGES=',
        'WORKDIR /opt/flows',
        'LABEL org.opencontainers.image.title=flows',
        'LABEL org.opencontainers.image.source=https://example.com/team/flows',
        'ENTRYPOINT ["/bin/sh", "-c"]',
        'CMD ["echo hello from flows"]',
      ],
      extraFiles: { 'opt/flows/flow.py': 'print("hello")\n' },
    });
    // Flow runs need a real Python: debootstrap's python3-minimal, cached on the machine.
    await importPythonImage(docker);
    const login = { username: 'alice', password: USERS.alice };
    const pushedDigest = await tagAndPush(
      docker,
      'local/flows:2024.1',
      `${basic.host}/team/flows:1`,
      {
        ...login,
        serveraddress: basic.host,
      },
    );
    for (const target of ['team/app:1', 'public/tools:1']) {
      await tagAndPush(docker, 'local/busybox:1', `${token.host}/${target}`, {
        ...login,
        serveraddress: token.host,
      });
    }

    const basicAccess = { url: basic.url, username: 'alice', password: USERS.alice };
    const index = await pushTwoPlatformIndex(basicAccess, 'team/multi', '1');
    const started10k = Date.now();
    await seedManyTags(basicAccess, 'team/many', MANY_TAGS);
    console.log(`harness: seeded ${MANY_TAGS} tags in ${Date.now() - started10k} ms`);

    const info: Omit<HarnessInfo, 'controlUrl'> = {
      dockerHost: dockerd.dockerHost,
      socketPath: dockerd.socketPath,
      basicRegistry: { host: basic.host, url: basic.url },
      tokenRegistry: { host: token.host, url: token.url, issuerUrl: token.issuer?.url ?? '' },
      users: { ...USERS },
      keyringBus: keyring.busAddress,
      pythonImage: PYTHON_IMAGE,
      seeded: { flowsDigest: pushedDigest, manyTags: MANY_TAGS, index },
    };
    // Tests run in workers; they stop and start this daemon through a loopback control server.
    const control = await startControlServer(dockerd);
    started.push(control);
    project.provide('harness', { ...info, controlUrl: control.url });
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}
