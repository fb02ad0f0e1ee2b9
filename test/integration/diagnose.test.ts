/**
 * The live probe against real registries and servers that fail the way registries do: each
 * scenario asserts the cause and that the fix names the right action.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { credentialSources } from '../../src/credentials';
import { diagnoseLive, diagnoseMessage } from '../../src/diagnose/probe';
import type { ProbeDeps } from '../../src/diagnose/probe';
import { RegistryClient, createUndiciFetch } from '../../src/registry';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { describeWithHarness } from '../harness/context';
import {
  startRateLimitedRegistry,
  startSelfSignedFront,
  startSilentServer,
} from '../harness/impostor-registries';
import { memoryKeychain } from '../unit/host/memory-keychain';
import { diagnosisMarkdown, redact } from '../../src/shared/diagnosis-report';
import { berth } from './berth-cli';

const engineUp = () =>
  Promise.resolve({ up: true, platform: 'linux/amd64', detail: 'Docker Engine, linux/amd64' });

describeWithHarness('diagnosing failed pulls with the live probe', (h) => {
  const stops: (() => Promise<void>)[] = [];
  let rateLimited = '';
  let selfSigned = '';
  let silent = '';

  beforeAll(async () => {
    const hub = await startRateLimitedRegistry();
    const tls = await startSelfSignedFront(h.basicRegistry.url);
    const quiet = await startSilentServer();
    stops.push(hub.stop, tls.stop, quiet.stop);
    rateLimited = hub.host;
    selfSigned = tls.host;
    silent = quiet.host;
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  /** A Berth with its own home, optional stored logins and docker config, and the engine given. */
  async function probe(
    image: string,
    setup: {
      logins?: { registry: string; username: string; secret: string; patterns?: string[] }[];
      dockerConfig?: unknown;
      engine?: ProbeDeps['engine'];
      platform?: string;
    } = {},
  ): Promise<Diagnosis> {
    const home = mkdtempSync(join(tmpdir(), 'berth-diag-'));
    if (setup.dockerConfig) {
      mkdirSync(join(home, '.docker'));
      writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify(setup.dockerConfig));
    }
    const env = { HOME: home, BERTH_HOME: home, PATH: process.env.PATH ?? '' };
    const { store, resolver } = credentialSources(env, home, memoryKeychain());
    for (const l of setup.logins ?? []) {
      await store.save({ ...l, patterns: l.patterns ?? [], preset: 'generic' });
    }
    const registry = new RegistryClient({
      fetch: createUndiciFetch({ caFiles: [] }),
      timeoutMs: 1500,
      credentials: (repo) => resolver.credentialFor(repo),
    });
    return diagnoseLive(
      image,
      { registry, resolver, store, engine: setup.engine ?? engineUp, stepTimeoutMs: 1500 },
      setup.platform ? { platform: setup.platform } : {},
    );
  }
  const alice = (registry: string, secret = h.users.alice ?? '') => ({
    registry,
    username: 'alice',
    secret,
  });
  const basic = h.basicRegistry.host;
  const token = h.tokenRegistry.host;

  it('no credentials: a private repository asked for anonymously', async () => {
    const d = await probe(`${token}/team/app:1`);
    expect(d.cause).toBe('no_credentials');
    expect(d.alternatives).toContain('repo_not_found');
    expect(d.fix.join(' ')).toContain(`berth login ${token}`);
  });

  it('a wrong password', async () => {
    const d = await probe(`${basic}/team/flows:1`, { logins: [alice(basic, 'wrong')] });
    expect(d.cause).toBe('bad_credentials');
    expect(d.steps.find((s) => s.name === 'authenticate (credential)')?.ok).toBe(false);
    expect(d.fix.join(' ')).toMatch(/refused the credential/);
  });

  it('token auth where the issuer refuses the pull scope', async () => {
    const d = await probe(`${token}/team/app:1`, {
      logins: [{ registry: token, username: 'bob', secret: h.users.bob ?? '' }],
    });
    expect(d.cause).toBe('insufficient_scope');
    expect(d.fix.join(' ')).toMatch(/pull\/read access|read:packages/);
  });

  it('a missing repository, and a missing tag', async () => {
    const repo = await probe(`${basic}/team/nope:1`, { logins: [alice(basic)] });
    expect(repo.cause).toBe('repo_not_found');
    expect(repo.fix.join(' ')).toContain(`berth tags ${basic}/team/nope`);
    const tag = await probe(`${basic}/team/flows:nope`, { logins: [alice(basic)] });
    expect(tag.cause).toBe('tag_not_found');
    expect(tag.summary).toContain('no tag nope');
  });

  it('platform mismatch: an index with only other platforms', async () => {
    const d = await probe(`${basic}/team/multi:1`, {
      logins: [alice(basic)],
      platform: 'linux/s390x',
    });
    expect(d.cause).toBe('platform_mismatch');
    expect(d.fix.join(' ')).toContain('linux/amd64');
    expect(d.fix.join(' ')).toContain('--platform');
  });

  it('a rate limit answered like Docker Hub', async () => {
    const d = await probe(`${rateLimited}/library/alpine:3`);
    expect(d.cause).toBe('rate_limited');
    expect(d.fix.join(' ')).toMatch(/wait|authenticate/);
  });

  it('TLS: a registry serving a self-signed certificate', async () => {
    const d = await probe(`${selfSigned}/team/flows:1`);
    expect(d.cause).toBe('tls');
    expect(d.steps.find((s) => s.name === 'tls')?.detail).toMatch(
      /SELF_SIGNED|self-signed|self signed/i,
    );
    expect(d.fix.join(' ')).toContain('certs.d');
  });

  it('DNS: a name under .invalid', async () => {
    const d = await probe('registry.berth.invalid/team/app:1');
    expect(d.cause).toBe('dns');
    expect(d.fix.join(' ')).toMatch(/does not resolve/);
  });

  it('connection refused', async () => {
    const d = await probe('127.0.0.1:9/team/app:1');
    expect(d.cause).toBe('unreachable');
  });

  it('a server that accepts but never answers', async () => {
    const d = await probe(`${silent}/team/app:1`);
    expect(d.cause).toBe('timeout');
    expect(d.steps.find((s) => s.name === 'ping')?.ok).toBe(false);
  });

  it('the engine down, with the registry fine', async () => {
    const d = await probe(`${basic}/team/flows:1`, {
      logins: [alice(basic)],
      engine: () =>
        Promise.resolve({ up: false, platform: null, detail: 'Docker socket not found' }),
    });
    expect(d.cause).toBe('daemon_down');
    expect(d.fix.join(' ')).toMatch(/Start the engine/);
  });

  it('a missing credential helper', async () => {
    const d = await probe(`${basic}/team/flows:1`, {
      dockerConfig: { credsStore: 'desktop-gone' },
    });
    expect(d.cause).toBe('credential_helper');
    expect(d.summary).toContain('docker-credential-desktop-gone not found on PATH');
  });

  it('a stale credential breaking a public image', async () => {
    const d = await probe(`${token}/public/tools:1`, { logins: [alice(token, 'stale-password')] });
    expect(d.cause).toBe('bad_credentials');
    expect(d.summary).toMatch(/stale login/);
    expect(d.steps.find((s) => s.name === 'pull-access (anonymous)')?.ok).toBe(true);
  });

  it('a pattern that does not cover the image is named in the fix', async () => {
    const d = await probe(`${token}/team/app:1`, {
      logins: [{ ...alice(token), patterns: [`${token}/other/*`] }],
    });
    expect(d.cause).toBe('no_credentials');
    expect(d.fix.join(' ')).toContain(`${token}/other/*`);
  });

  it('never puts the credential in the probe output or the Markdown report', async () => {
    const canary = `canary-${Date.now()}-probe`;
    const d = await probe(`${token}/public/tools:1`, { logins: [alice(token, canary)] });
    const report = diagnosisMarkdown(d);
    expect(report).toContain('| token (credential) | **failed**');
    for (const text of [JSON.stringify(d), report]) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(Buffer.from(`alice:${canary}`).toString('base64'));
    }
    expect(
      redact(`Authorization: Basic ${Buffer.from('a:b-secret').toString('base64')} ${canary}`, [
        canary,
      ]),
    ).toBe('Authorization: Basic *** ***');
  });

  it('`berth doctor <image> --json` prints the documented shape', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-doctor-cli-'));
    const r = await berth(['doctor', `${token}/team/app:1`, '--json'], {
      HOME: home,
      BERTH_HOME: home,
      DOCKER_HOST: h.dockerHost,
      DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
    });
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(d)).toEqual(
      expect.arrayContaining(['image', 'cause', 'alternatives', 'summary', 'fix', 'steps']),
    );
    expect(d.cause).toBe('no_credentials');
    expect((d.steps as { name: string }[]).map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'reference',
        'engine',
        'credential',
        'dns',
        'tcp',
        'tls',
        'ping',
        'challenge',
      ]),
    );
  });

  it('classifies a pasted error offline', () => {
    const d = diagnoseMessage(
      "Error response from daemon: pull access denied for team/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect(d.cause).toBe('repo_not_found');
    expect(d.alternatives).toEqual(expect.arrayContaining(['no_credentials']));
    expect(d.mode).toBe('offline');
  });
});
