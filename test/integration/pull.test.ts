/**
 * Pulls through the real dockerd, from the real docker-registry and from servers that fail the
 * way registries do, with credentials in the real keychain. Each failure is asserted twice: the
 * engine's own error, and the cause the automatic diagnosis wrote to the ledger, with a fix
 * that names the right action.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BerthCore } from '../../src/host/core';
import type { PullOutcome } from '../../src/pull';
import type { PullEntry } from '../../src/shared/ledger';
import { describeWithHarness } from '../harness/context';
import { startDockerd } from '../harness/dockerd';
import type { RunningDockerd } from '../harness/dockerd';
import {
  nonLoopbackAddress,
  startPlainFront,
  startRateLimitedRegistry,
  startSelfSignedFront,
  startSilentServer,
} from '../harness/impostor-registries';
import { pushRandomImage } from '../harness/registry-seed';
import { engineViewSteps } from '../../src/diagnose/engine-view';
import { createDockerEngine, resolveEndpoint } from '../../src/engine';
import { berthWith, headDigest } from './pull-setup';
import type { Login, PullSetup } from './pull-setup';

describeWithHarness('pulling through the real dockerd, and diagnosing what fails', (h) => {
  const basic = h.basicRegistry.host;
  const token = h.tokenRegistry.host;
  const alicePassword = h.users.alice ?? '';
  const alice = (registry: string, secret = alicePassword): Login => ({
    registry,
    username: 'alice',
    secret,
  });
  const stops: (() => Promise<void>)[] = [];
  const cores: BerthCore[] = [];
  let rateLimited = '';
  let selfSigned = '';
  let silent = '';
  let plainRemote = '';
  let proxied: RunningDockerd | undefined;

  beforeAll(async () => {
    const address = nonLoopbackAddress();
    if (!address) throw new Error('These scenarios need a non-loopback IPv4 address.');
    const [hub, tls, quiet, plain] = await Promise.all([
      startRateLimitedRegistry(),
      startSelfSignedFront(h.basicRegistry.url),
      startSilentServer(),
      startPlainFront(h.basicRegistry.url, { address }),
    ]);
    stops.push(hub.stop, tls.stop, quiet.stop, plain.stop);
    rateLimited = hub.host;
    selfSigned = tls.host;
    silent = quiet.host;
    plainRemote = plain.host;
    await pushRandomImage(
      { url: h.basicRegistry.url, username: 'alice', password: alicePassword },
      'team/fresh',
      '1',
      2 * 1024 * 1024,
    );
    // An engine that may talk plain HTTP to the remote front, but only through a proxy that is
    // not there (Berth reaches the registry, the engine cannot), with a Docker Hub mirror.
    proxied = await startDockerd({
      args: ['--insecure-registry', plainRemote, '--registry-mirror', 'http://127.0.0.1:9'],
      env: { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' },
    });
    stops.push(proxied.stop);
  });
  afterAll(async () => {
    for (const core of cores) core.close();
    for (const stop of stops.reverse()) await stop();
  });

  async function pull(
    image: string,
    setup: PullSetup = {},
    platform?: string,
  ): Promise<{ outcome: PullOutcome; entries: PullEntry[]; lines: string[] }> {
    const { core } = await berthWith(h, setup);
    cores.push(core);
    const lines: string[] = [];
    const outcome = await core.pulls.pull(image, {
      ...(platform ? { platform } : {}),
      log: (line) => lines.push(line),
    });
    const { entries } = await core.ledger.read();
    return { outcome, entries: entries.filter((e): e is PullEntry => e.kind === 'pull'), lines };
  }

  /** The pull failed in the engine with these words, and the ledger names this cause. */
  async function expectDiagnosed(
    image: string,
    expected: { engine: RegExp; cause: string; fix: RegExp },
    setup: PullSetup = {},
    platform?: string,
  ): Promise<PullOutcome> {
    const { outcome, entries } = await pull(image, setup, platform);
    expect(outcome.result).toBe('failed');
    const engineWords = String(outcome.error?.details?.engineMessage ?? outcome.error?.message);
    expect(engineWords).toMatch(expected.engine);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ result: 'failed', cause: expected.cause, digest: null });
    expect(outcome.verdict?.cause).toBe(expected.cause);
    expect(outcome.error?.details?.cause).toBe(expected.cause);
    expect(outcome.verdict?.fix.join(' ')).toMatch(expected.fix);
    expect(outcome.error?.hint).toMatch(expected.fix);
    return outcome;
  }

  it('pulls an image with the stored credential and records it, digest as the registry says', async () => {
    const { core } = await berthWith(h);
    await core.engine.removeImage(`${basic}/team/fresh:1`, true).catch(() => undefined);
    core.close();
    const before = Date.now();
    const { outcome, entries, lines } = await pull(`${basic}/team/fresh:1`, {
      logins: [alice(basic)],
    });
    const digest = await headDigest(h.basicRegistry.url, 'team/fresh', '1', {
      username: 'alice',
      password: alicePassword,
    });
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(outcome.result).toBe('success');
    expect(lines).toEqual([`Pulling image: ${basic}/team/fresh:1`, `Image digest: ${digest}`]);
    expect(entries).toHaveLength(1);
    const entry = entries[0];
    expect(entry).toMatchObject({
      kind: 'pull',
      reference: `${basic}/team/fresh:1`,
      digest,
      platform: 'linux/amd64',
      credentialSource: 'Berth (OS keychain)',
      result: 'success',
      cause: null,
      message: null,
    });
    expect(Date.parse(entry?.time ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(entry?.durationMs).toBeGreaterThan(0);
    // The layer is 2 MiB of random bytes, so its compressed download is at least that.
    expect(entry?.bytes).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(JSON.stringify(entry)).not.toContain(alicePassword);
  });

  it('no credentials: a private repository pulled anonymously', async () => {
    await expectDiagnosed(`${basic}/team/flows:1`, {
      engine: /no basic auth credentials/,
      cause: 'no_credentials',
      fix: new RegExp(`berth login ${basic}`),
    });
  });

  it('a wrong password', async () => {
    await expectDiagnosed(
      `${basic}/team/flows:1`,
      {
        engine: /unauthorized|authentication required/,
        cause: 'bad_credentials',
        fix: /refused the credential/,
      },
      { logins: [alice(basic, 'wrong-password')] },
    );
  });

  it('token auth where the issuer refuses the pull scope', async () => {
    await expectDiagnosed(
      `${token}/team/app:1`,
      {
        engine: /denied|unauthorized|authentication required/,
        cause: 'insufficient_scope',
        fix: /pull\/read access/,
      },
      { logins: [{ registry: token, username: 'bob', secret: h.users.bob ?? '' }] },
    );
  });

  it('a missing repository', async () => {
    await expectDiagnosed(
      `${basic}/team/nope:1`,
      {
        engine: /not found|manifest unknown/,
        cause: 'repo_not_found',
        fix: new RegExp(`berth tags ${basic}/team/nope`),
      },
      { logins: [alice(basic)] },
    );
  });

  it('a missing tag', async () => {
    await expectDiagnosed(
      `${basic}/team/flows:nope`,
      {
        engine: /manifest for .*team\/flows:nope not found/,
        cause: 'tag_not_found',
        fix: /no tag nope/,
      },
      { logins: [alice(basic)] },
    );
  });

  it('platform mismatch: an index with only other platforms', async () => {
    await expectDiagnosed(
      `${basic}/team/multi:1`,
      {
        engine: /no matching manifest for linux\/s390x/,
        cause: 'platform_mismatch',
        fix: /--platform/,
      },
      { logins: [alice(basic)] },
      'linux/s390x',
    );
  });

  it('a rate limit answered like Docker Hub (429, its headers and body)', async () => {
    await expectDiagnosed(`${rateLimited}/library/alpine:3`, {
      engine: /toomanyrequests|rate limit|429/i,
      cause: 'rate_limited',
      fix: /wait|authenticate/,
    });
  });

  it('TLS: a registry with a self-signed certificate', async () => {
    await expectDiagnosed(`${selfSigned}/team/flows:1`, {
      engine: /x509|certificate/,
      cause: 'tls',
      fix: /certs\.d/,
    });
  });

  it('DNS: a name under .invalid', async () => {
    await expectDiagnosed('registry.berth.invalid/team/app:1', {
      engine: /no such host|lookup/,
      cause: 'dns',
      fix: /does not resolve/,
    });
  });

  it('connection refused', async () => {
    await expectDiagnosed('127.0.0.1:9/team/app:1', {
      engine: /connection refused/,
      cause: 'unreachable',
      fix: /is the registry running/,
    });
  });

  it('a server that accepts but never answers, bounded by a 2 s answer timeout set here', async () => {
    const started = Date.now();
    await expectDiagnosed(
      `${silent}/team/app:1`,
      { engine: /said nothing/, cause: 'timeout', fix: /did not answer in time/ },
      { answerTimeoutMs: 2_000 },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('the engine down: no daemon behind the socket', async () => {
    const outcome = await expectDiagnosed(
      `${basic}/team/flows:1`,
      { engine: /No Docker engine socket/, cause: 'daemon_down', fix: /Start the engine/ },
      { dockerHost: `unix://${mkdtempSync(join(tmpdir(), 'berth-nodocker-'))}/docker.sock` },
    );
    expect(outcome.error?.code).toBe('engine.socket_missing');
  });

  it('a missing credential helper', async () => {
    await expectDiagnosed(
      `${basic}/team/flows:1`,
      { engine: /no basic auth credentials/, cause: 'credential_helper', fix: /credential helper/ },
      { dockerConfig: { credsStore: 'desktop-gone' } },
    );
  });

  it('a stale credential breaking a public image', async () => {
    const outcome = await expectDiagnosed(
      `${token}/public/tools:1`,
      {
        engine: /unauthorized|incorrect username or password|denied/,
        cause: 'bad_credentials',
        fix: /refused the credential.*berth logout/,
      },
      { logins: [alice(token, 'stale-password')] },
    );
    expect(outcome.verdict?.summary).toMatch(/stale login|public/);
  });

  it('plain HTTP on a registry the engine does not list as insecure: says so, with daemon.json', async () => {
    const outcome = await expectDiagnosed(
      `${plainRemote}/team/flows:1`,
      {
        engine: /HTTP response to HTTPS client/,
        cause: 'insecure_registry',
        fix: new RegExp(`"insecure-registries": \\["${plainRemote.replace(/\./g, '\\.')}"\\]`),
      },
      { logins: [alice(plainRemote)], env: { BERTH_INSECURE_REGISTRIES: plainRemote } },
    );
    expect(outcome.verdict?.fix.join(' ')).toContain('/etc/docker/daemon.json');
  });

  it('a proxy the engine uses and Berth does not', async () => {
    const outcome = await expectDiagnosed(
      `${plainRemote}/team/flows:1`,
      {
        engine: /proxyconnect|127\.0\.0\.1:9/,
        cause: 'proxy',
        fix: /proxy http:\/\/127\.0\.0\.1:9/,
      },
      {
        logins: [alice(plainRemote)],
        dockerHost: proxied?.dockerHost ?? '',
        env: { BERTH_INSECURE_REGISTRIES: plainRemote },
      },
    );
    expect(outcome.verdict?.summary).toContain('proxy');
  });

  it("reads the insecure registries, mirrors and proxy from the real dockerd's own view", async () => {
    const engine = createDockerEngine(resolveEndpoint({ DOCKER_HOST: proxied?.dockerHost ?? '' }));
    const view = await engine.registryView?.();
    expect(view?.registries).toContainEqual(
      expect.objectContaining({ name: plainRemote, secure: false }),
    );
    expect(view?.insecureCidrs).toContain('127.0.0.0/8');
    expect(view?.mirrors).toEqual(['http://127.0.0.1:9/']);
    expect(view?.httpProxy).toBe('http://127.0.0.1:9');
    const hub = engineViewSteps({
      view: view ?? {
        insecureCidrs: [],
        registries: [],
        mirrors: [],
        httpProxy: '',
        httpsProxy: '',
        noProxy: '',
      },
      registry: 'docker.io',
      hostname: 'registry-1.docker.io',
      addresses: [],
      berthPlainHttp: false,
      berthProxy: null,
      dockerHub: true,
    });
    expect(hub.steps.find((s) => s.name === 'engine mirrors')?.detail).toContain(
      'http://127.0.0.1:9/',
    );
    expect(hub.facts.engineOnlyProxy).toBe('http://127.0.0.1:9');
  });
});
