/**
 * Credentials against the real parts: gnome-keyring over D-Bus (checked with secret-tool),
 * real login handshakes against docker-registry with Basic and token auth, and the CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { osKeychain, KEYCHAIN_SERVICE } from '../../src/credentials/keychain';
import { verifyLogin } from '../../src/credentials/verify-login';
import { RegistryClient, createUndiciFetch } from '../../src/registry';
import type { LoginReport } from '../../src/shared/credentials';
import { describeWithHarness } from '../harness/context';
import { berth } from './berth-cli';
import { filesContaining } from '../harness/leak-scan';

const lookup = (account: string, service = KEYCHAIN_SERVICE): string | null => {
  try {
    return execFileSync('secret-tool', [
      'lookup',
      'service',
      service,
      'username',
      account,
    ]).toString();
  } catch {
    return null; // secret-tool exits 1 when nothing matches
  }
};

describeWithHarness('the OS keychain (gnome-keyring over D-Bus)', () => {
  const service = `dev.berth.test.${process.pid}`;
  const keychain = osKeychain(service);

  it('stores, reads, updates and deletes a secret, as secret-tool sees it', async () => {
    await keychain.set('alice@example.test', 'first-secret');
    expect(await keychain.get('alice@example.test')).toBe('first-secret');
    expect(lookup('alice@example.test', service)).toBe('first-secret');
    await keychain.set('alice@example.test', 'second-secret');
    expect(lookup('alice@example.test', service)).toBe('second-secret');
    expect(await keychain.delete('alice@example.test')).toBe(true);
    expect(lookup('alice@example.test', service)).toBeNull();
    expect(await keychain.get('alice@example.test')).toBeNull();
    expect(await keychain.delete('alice@example.test')).toBe(false);
  });

  it('says what to install when there is no Secret Service, and stores nothing in plaintext', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-nokeychain-'));
    const r = await berth(
      ['login', '127.0.0.1:9', '-u', 'alice', '--password-stdin', '--no-verify', '--json'],
      { BERTH_HOME: home, HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${home}/no-bus` },
      'plaintext-canary-1',
    );
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout) as {
      error: { code: string; message: string; hint: string };
    };
    expect(error.code).toBe('keychain.unavailable');
    expect(error.hint).toMatch(/gnome-keyring/);
    expect(filesContaining(home, 'plaintext-canary-1')).toEqual([]);
  });
});

describeWithHarness('real login handshakes', (h) => {
  const client = new RegistryClient({ fetch: createUndiciFetch({ caFiles: [] }), timeoutMs: 5000 });
  const alice = { username: 'alice', secret: h.users.alice ?? '' };
  const stepNames = (r: LoginReport) => r.steps.map((s) => `${s.name}:${s.ok ? 'ok' : 'failed'}`);

  it('Basic auth: the right password passes every step', async () => {
    const r = await verifyLogin(
      client,
      h.basicRegistry.host,
      alice,
      `${h.basicRegistry.host}/team/flows:1`,
    );
    expect(r.ok).toBe(true);
    expect(r.scheme).toBe('basic');
    expect(stepNames(r)).toEqual(['ping:ok', 'challenge:ok', 'authenticate:ok', 'pull-access:ok']);
  });

  it('Basic auth: a wrong password fails at the authenticate step', async () => {
    const r = await verifyLogin(client, h.basicRegistry.host, {
      username: 'alice',
      secret: 'wrong',
    });
    expect(r.ok).toBe(false);
    expect(r.failedStep).toBe('authenticate');
    expect(r.error?.message).toContain('refused the username or password for "alice"');
  });

  it('token auth: a token with the pull scope reads the sample image', async () => {
    const r = await verifyLogin(
      client,
      h.tokenRegistry.host,
      alice,
      `${h.tokenRegistry.host}/team/app:1`,
    );
    expect(stepNames(r)).toEqual([
      'ping:ok',
      'challenge:ok',
      'token:ok',
      'authenticate:ok',
      'pull-access:ok',
    ]);
    expect(r.steps.find((s) => s.name === 'token')?.detail).toContain('repository:team/app:pull');
  });

  it('token auth: a wrong password is refused by the token service, at the token step', async () => {
    const r = await verifyLogin(client, h.tokenRegistry.host, {
      username: 'alice',
      secret: 'nope',
    });
    expect(r.failedStep).toBe('token');
    expect(r.error?.code).toBe('registry.unauthorized');
  });

  it('token auth: a token refused the pull scope fails at pull-access, as insufficient scope', async () => {
    const bob = { username: 'bob', secret: h.users.bob ?? '' };
    const r = await verifyLogin(
      client,
      h.tokenRegistry.host,
      bob,
      `${h.tokenRegistry.host}/team/app:1`,
    );
    expect(r.ok).toBe(false);
    expect(stepNames(r).slice(0, 3)).toEqual(['ping:ok', 'challenge:ok', 'token:ok']);
    expect(r.failedStep).toBe('pull-access');
    expect(r.error?.hint).toMatch(/read access|pull access|scope/);
  });

  it('token auth: an anonymous token pulls a public repository but not a private one', async () => {
    const pub = await verifyLogin(
      client,
      h.tokenRegistry.host,
      null,
      `${h.tokenRegistry.host}/public/tools:1`,
    );
    expect(pub.ok).toBe(true);
    expect(pub.steps.find((s) => s.name === 'token')?.detail).toContain('anonymous token');
    const priv = await verifyLogin(
      client,
      h.tokenRegistry.host,
      null,
      `${h.tokenRegistry.host}/team/app:1`,
    );
    expect(priv.failedStep).toBe('pull-access');
  });

  it('a host that is not a registry fails at ping, saying so', async () => {
    const r = await verifyLogin(client, '127.0.0.1:9', alice);
    expect(r.failedStep).toBe('ping');
    expect(r.ok).toBe(false);
  });
});

describeWithHarness('berth login / registries / creds explain / logout', (h) => {
  let env: Record<string, string>;
  beforeEach(() => {
    const home = mkdtempSync(join(tmpdir(), 'berth-login-'));
    env = { BERTH_HOME: home, HOME: home, DBUS_SESSION_BUS_ADDRESS: h.keyringBus };
  });
  const registry = h.basicRegistry.host;
  const account = `alice@${registry}`;

  it('stores a verified login in the real keychain, and never prints the secret', async () => {
    const r = await berth(
      ['login', registry, '-u', 'alice', '--password-stdin'],
      env,
      `${h.users.alice}\n`,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Stored alice@${registry} in the OS keychain (login verified)`);
    expect(r.stderr).toMatch(/✓ authenticate/);
    expect(lookup(account)).toBe(h.users.alice);
    const list = await berth(['registries', '--json'], env);
    expect(list.stdout).not.toContain(h.users.alice);
    const { credentials } = JSON.parse(list.stdout) as {
      credentials: {
        registry: string;
        secret: { length: number };
        verification: { ok: boolean };
      }[];
    };
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.secret.length).toBe(h.users.alice?.length);
    expect(credentials[0]?.verification.ok).toBe(true);
    const meta = readFileSync(join(env.BERTH_HOME ?? '', 'registries.json'), 'utf8');
    expect(meta).not.toContain(h.users.alice);

    const out = await berth(['logout', registry], env);
    expect(out.code).toBe(0);
    expect(lookup(account)).toBeNull();
  });

  it('refuses a wrong password at the step that failed, and stores nothing', async () => {
    const r = await berth(
      ['login', registry, '-u', 'alice', '--password-stdin', '--json'],
      env,
      'wrong-password',
    );
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout) as {
      error: { message: string; details: { failedStep: string } };
    };
    expect(error.details.failedStep).toBe('authenticate');
    expect(error.message).toContain('failed at the authenticate step');
    expect(lookup(account)).toBeNull();
    const list = JSON.parse((await berth(['registries', '--json'], env)).stdout) as {
      credentials: unknown[];
    };
    expect(list.credentials).toHaveLength(0);
  });

  it('explains which credential serves an image: the most specific pattern, and a tie as a conflict', async () => {
    const login = (user: string, patterns: string[]) =>
      berth(
        [
          'login',
          registry,
          '-u',
          user,
          '--password-stdin',
          '--no-verify',
          ...patterns.flatMap((p) => ['--pattern', p]),
        ],
        env,
        'x-secret',
      );
    expect((await login('alice', [])).code).toBe(0);
    expect((await login('team-bot', [`${registry}/team/*`])).code).toBe(0);
    const explain = async (image: string) => {
      const r = await berth(['creds', 'explain', image, '--json'], env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      return JSON.parse(r.stdout) as {
        image: string;
        chosen: { username: string; source: string; pattern: string } | null;
        conflict: unknown[];
        reason: string;
      };
    };
    const team = await explain(`${registry}/team/app:1`);
    expect(team.image).toBe(`${registry}/team/app`);
    expect(team.chosen).toMatchObject({
      username: 'team-bot',
      source: 'berth',
      pattern: `${registry}/team/*`,
    });
    const other = await explain(`${registry}/other/app:1`);
    expect(other.chosen).toMatchObject({ username: 'alice', source: 'berth' });
    expect((await login('twin', [`${registry}/team/*`])).code).toBe(0);
    const tied = await explain(`${registry}/team/app:1`);
    expect(tied.conflict).toHaveLength(2);
    expect(tied.reason).toMatch(/equally well/);
    const none = await explain('ghcr.io/nobody/app');
    expect(none.chosen).toBeNull();
  });

  it('rejects an invalid pattern with a clear message', async () => {
    const r = await berth(
      [
        'login',
        registry,
        '-u',
        'alice',
        '--password-stdin',
        '--no-verify',
        '--pattern',
        'https://x/y',
        '--json',
      ],
      env,
      'x',
    );
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('without https://');
  });

  it('exports an imagePullSecret only when confirmed, owner-readable', async () => {
    await berth(
      ['login', registry, '-u', 'alice', '--password-stdin', '--no-verify'],
      env,
      'export-secret',
    );
    // Outside BERTH_HOME: export refuses to write a secret into Berth's own data folder.
    const file = join(mkdtempSync(join(tmpdir(), 'berth-export-')), 'secret.yaml');
    const refused = await berth(['creds', 'export', registry, '-o', file, '--json'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain('usage.not_confirmed');
    const ok = await berth(
      ['creds', 'export', registry, '-o', file, '--yes', '--namespace', 'flows'],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    const yaml = readFileSync(file, 'utf8');
    expect(yaml).toContain('type: kubernetes.io/dockerconfigjson');
    expect(yaml).toContain('namespace: flows');
    const data = /\.dockerconfigjson: (\S+)/.exec(yaml)?.[1] ?? '';
    const config = JSON.parse(Buffer.from(data, 'base64').toString()) as {
      auths: Record<string, { auth: string }>;
    };
    expect(Buffer.from(config.auths[registry]?.auth ?? '', 'base64').toString()).toBe(
      'alice:export-secret',
    );
    expect(execFileSync('stat', ['-c', '%a', file]).toString().trim()).toBe('600');
  });

  it('two Berth processes saving at once never corrupt or lose an entry', async () => {
    const loop = async (prefix: string) => {
      for (let i = 0; i < 6; i++) {
        const r = await berth(
          ['login', registry, '-u', `${prefix}${i}`, '--password-stdin', '--no-verify'],
          env,
          's',
        );
        expect(r.code, r.stderr).toBe(0);
      }
    };
    await Promise.all([loop('a'), loop('b')]);
    const list = JSON.parse((await berth(['registries', '--json'], env)).stdout) as {
      credentials: { username: string }[];
      warning: unknown;
    };
    expect(list.warning).toBeNull();
    expect(list.credentials.map((c) => c.username).sort()).toEqual([
      'a0',
      'a1',
      'a2',
      'a3',
      'a4',
      'a5',
      'b0',
      'b1',
      'b2',
      'b3',
      'b4',
      'b5',
    ]);
  });

  it('keeps a corrupt metadata file aside and says so', async () => {
    writeFileSync(
      join(env.BERTH_HOME ?? '', 'registries.json'),
      '{"version":1,"credentials":[{"id":',
    );
    const r = await berth(['registries', '--json'], env);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { warning: { code: string; details: { backup: string } } };
    expect(list.warning.code).toBe('credentials.metadata_corrupt');
    expect(readFileSync(list.warning.details.backup, 'utf8')).toBe(
      '{"version":1,"credentials":[{"id":',
    );
  });
});
