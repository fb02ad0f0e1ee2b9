/**
 * The live probe's verdict for each step that can fail, against real registries and servers
 * that fail the way registries do: a healthy image is green (and the real docker CLI confirms
 * what Berth says a terminal pull would do), an expected refusal is neutral, and a registry
 * that is slow, loops, sends garbage or a plain-HTTP token service is never "credentials".
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { credentialSources } from '../../src/credentials';
import { diagnoseLive, diagnoseMessage } from '../../src/diagnose/probe';
import { RegistryClient, createUndiciFetch } from '../../src/registry';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { describeWithHarness } from '../harness/context';
import { startTestServer } from '../harness/misbehaving-servers';
import type { TestServer } from '../harness/misbehaving-servers';
import { memoryKeychain } from '../unit/host/memory-keychain';
import { berth } from './berth-cli';

const run = promisify(execFile);
const engineUp = () =>
  Promise.resolve({ up: true, platform: 'linux/amd64', detail: 'Docker Engine, linux/amd64' });
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

describeWithHarness('the live probe’s verdict, step by step', (h) => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers.splice(0)) await s.stop();
  });

  async function probe(
    image: string,
    logins: { registry: string; username: string; secret: string }[] = [],
  ): Promise<Diagnosis> {
    const home = mkdtempSync(join(tmpdir(), 'berth-verdict-'));
    const env = { HOME: home, BERTH_HOME: home, PATH: process.env.PATH ?? '' };
    const { store, resolver } = credentialSources(env, home, memoryKeychain());
    for (const l of logins) await store.save({ ...l, patterns: [], preset: 'generic' });
    const registry = new RegistryClient({
      fetch: createUndiciFetch({ caFiles: [] }),
      timeoutMs: 1500,
      credentials: (repo) => resolver.credentialFor(repo),
    });
    return diagnoseLive(image, {
      registry,
      resolver,
      store,
      engine: engineUp,
      stepTimeoutMs: 1500,
    });
  }

  /** A registry that lets anyone in (/v2/ answers 200) and answers manifests with `manifest`. */
  async function openRegistry(manifest: Parameters<typeof startTestServer>[0]): Promise<string> {
    const s = await startTestServer((req, res, api) => {
      if (req.url === '/v2/' || req.url === '/v2') {
        res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' }).end('{}');
        return;
      }
      manifest(req, res, api);
    });
    servers.push(s);
    return s.host;
  }

  const basic = h.basicRegistry.host;
  const alice = { registry: basic, username: 'alice', secret: h.users.alice ?? '' };

  it('a healthy image is green, names the user, and says what docker would send', async () => {
    const d = await probe(`${basic}/team/flows:1`, [alice]);
    expect(d.healthy).toBe(true);
    expect(d.summary).toContain('as alice');
    // No docker config here: Berth says a terminal `docker pull` goes anonymously ...
    expect(d.summary).toMatch(/`docker pull` would go anonymously/);
    expect(d.fix).toContain(`docker login ${basic} -u alice`);

    // ... and the real docker CLI agrees: anonymous, it is refused; after the fix, it pulls.
    const config = mkdtempSync(join(tmpdir(), 'berth-verdict-docker-'));
    const docker = (args: string[], input?: string) => {
      const child = run('docker', ['--config', config, '-H', h.dockerHost, ...args], {
        timeout: 60_000,
      });
      child.child.stdin?.end(input ?? '');
      return child;
    };
    await expect(docker(['pull', `${basic}/team/flows:1`])).rejects.toMatchObject({
      stderr: expect.stringMatching(/no basic auth credentials|unauthorized/i),
    });
    await docker(['login', basic, '-u', 'alice', '--password-stdin'], alice.secret);
    const pulled = await docker(['pull', `${basic}/team/flows:1`]);
    expect(pulled.stdout).toMatch(/Digest: sha256:[a-f0-9]{64}/);
  });

  it('an anonymous refusal of a private repository is expected, not a failure', async () => {
    const d = await probe(`${h.tokenRegistry.host}/team/app:1`, [
      { registry: h.tokenRegistry.host, username: 'alice', secret: h.users.alice ?? '' },
    ]);
    expect(d.healthy).toBe(true);
    const anonymous = d.steps.filter((s) => s.name.endsWith('(anonymous)') && !s.ok);
    expect(anonymous.length).toBeGreaterThan(0);
    for (const s of anonymous) expect(s.expected).toBe(true);
    expect(d.steps.filter((s) => !s.ok && !s.expected)).toEqual([]);
  });

  it('a manifest that is not one is invalid_manifest, never "every check passed"', async () => {
    const host = await openRegistry((_req, res) =>
      res
        .writeHead(200, { 'content-type': MANIFEST_TYPE })
        .end(JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_TYPE })),
    );
    const d = await probe(`${host}/team/app:1`);
    expect(d.healthy).toBeUndefined();
    expect(d.cause).toBe('invalid_manifest');
    expect(d.summary).toMatch(/no config and layers/);
  });

  it('a registry that never answers for the manifest is a timeout, not missing credentials', async () => {
    const host = await openRegistry(() => {
      /* never answers */
    });
    const d = await probe(`${host}/team/app:1`);
    expect(d.cause).toBe('timeout');
  });

  it('a redirect loop is the registry failing', async () => {
    const host = await openRegistry((req, res) =>
      res.writeHead(307, { location: req.url ?? '/' }).end(),
    );
    const d = await probe(`${host}/team/app:1`);
    expect(d.cause).toBe('registry_error');
    expect(d.summary).toMatch(/redirect/i);
  });

  it('a token service on plain HTTP: Berth refuses to send the credential, the registry’s setup is to blame', async () => {
    const s = await startTestServer((_req, res) =>
      res
        .writeHead(401, {
          'www-authenticate': 'Bearer realm="http://192.0.2.10/token",service="plain"',
          'content-type': 'application/json',
        })
        .end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}'),
    );
    servers.push(s);
    const d = await probe(`${s.host}/team/app:1`, [
      { registry: s.host, username: 'alice', secret: 'irrelevant-secret' },
    ]);
    expect(d.cause).toBe('registry_error');
    expect(d.summary).toMatch(/without TLS/);
    // The credential never left: nothing reached the realm's host, and the server saw no secret.
    expect(s.seen.some((r) => r.authorization?.includes('irrelevant'))).toBe(false);
  });

  // The registry answers; the token service its challenge names does not. docker is the oracle:
  // its pull fails at the realm, and the Doctor's reading of docker's words must agree with the
  // live probe, whose fix must name the realm's host, not the registry that answered.
  it.each([
    ['does not resolve', 'https://auth.invalid/token', 'auth.invalid', 'dns'],
    ['refuses connections', 'https://127.0.0.1:9/token', '127.0.0.1:9', 'unreachable'],
  ])(
    'a token service that %s: the cause is that host’s, as docker’s words say',
    async (_what, realm, realmHost, cause) => {
      const s = await startTestServer((_req, res) =>
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="${realm}",service="elsewhere"`,
            'docker-distribution-api-version': 'registry/2.0',
            'content-type': 'application/json',
          })
          .end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}'),
      );
      servers.push(s);
      const image = `${s.host}/team/app:1`;
      const pulled = await run('docker', ['-H', h.dockerHost, 'pull', image], {
        timeout: 60_000,
      }).then(
        () => null,
        (e: { stderr?: string }) => e.stderr ?? '',
      );
      expect(pulled).toContain(realm.replace(/\/token$/, ''));
      const reading = diagnoseMessage(pulled ?? '');
      expect(reading.cause).toBe(cause);

      const d = await probe(image);
      expect(d.cause).toBe(reading.cause);
      expect(d.summary).toContain(`its token service, ${realmHost}, did not`);
      expect(d.fix.join('\n')).toContain(realmHost);
      expect(d.fix.join('\n')).not.toContain(s.host);
    },
  );

  it('a stored login while the OS keychain is down is keychain_unavailable (real keyring, CLI)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-verdict-keychain-'));
    const env = { HOME: home, BERTH_HOME: home, DOCKER_HOST: h.dockerHost };
    const login = await berth(
      ['login', basic, '-u', 'alice', '--password-stdin', '--json'],
      { ...env, DBUS_SESSION_BUS_ADDRESS: h.keyringBus },
      alice.secret,
    );
    expect(login.code, login.stderr).toBe(0);
    const down = await berth(['doctor', `${basic}/team/flows:1`, '--json'], {
      ...env,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}`,
    });
    const d = JSON.parse(down.stdout) as Diagnosis;
    expect(d.cause).toBe('keychain_unavailable');
    expect(d.summary).toMatch(/keychain/i);
  });
});
