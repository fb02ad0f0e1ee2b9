import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialSources } from '../../../src/credentials';
import type { EnginePort, PullImageOptions } from '../../../src/engine';
import { pullCancelled, pullFailed } from '../../../src/engine/engine-errors';
import { Ledger } from '../../../src/ledger';
import { RegistryClient } from '../../../src/registry';
import { fakeManifestDigest, fakeRegistryFetch } from '../host/fake-registry-fetch';
import { PullService, pullReference, repoDigestFor } from '../../../src/pull';
import type { PullFailure, PullOptions, PullServiceDeps } from '../../../src/pull';
import { BerthError } from '../../../src/shared/errors';
import type { ImageDetails } from '../../../src/shared/contract';
import type { PullProgress } from '../../../src/shared/pull';
import { referenceString } from '../../../src/shared/reference';
import { tempDirs } from '../../harness/failures';
import { fakeEngine, samplePullEvents } from '../host/fake-engine';
import { memoryKeychain } from '../host/memory-keychain';

const tempDir = tempDirs();
const DIGEST = `sha256:${'b'.repeat(64)}`;
const OTHER = `sha256:${'c'.repeat(64)}`;

interface Setup {
  engine?: Partial<EnginePort>;
  registry?: RegistryClient;
  env?: Record<string, string>;
  classify?: PullServiceDeps['classify'];
  answerTimeoutMs?: number;
}

function setup({ engine = {}, env = {}, classify, registry, answerTimeoutMs }: Setup = {}) {
  const home = tempDir('berth-pull-');
  const keychain = memoryKeychain();
  const sources = credentialSources({ HOME: home, ...env }, home, keychain);
  const ledger = new Ledger(home);
  const pulls: { reference: string; options: PullImageOptions }[] = [];
  const base = fakeEngine();
  const port: EnginePort = {
    ...base,
    pullImage: (reference, options) => {
      pulls.push({ reference, options });
      return base.pullImage(reference, options);
    },
    inspectImage: () =>
      base.inspectImage('x').then((d) => ({
        ...d,
        repoDigests: [`127.0.0.1:5000/other@${OTHER}`, `127.0.0.1:5000/team/app@${DIGEST}`],
      })),
    ...engine,
  };
  const service = new PullService({
    engine: port,
    resolver: sources.resolver,
    ledger,
    ...(classify ? { classify } : {}),
    ...(registry ? { registry } : {}),
    ...(answerTimeoutMs ? { answerTimeoutMs } : {}),
    progressIntervalMs: 0,
  });
  const lines: string[] = [];
  const progress: PullProgress[] = [];
  const run = (reference: string, options: PullOptions = {}) =>
    service.pull(reference, {
      log: (line, level) => lines.push(`${level}: ${line}`),
      onProgress: (p) => progress.push(p),
      ...options,
    });
  return { home, ledger, pulls, run, lines, progress, store: sources.store };
}

describe('the pull reference', () => {
  it('is normalised as docker does, with latest when there is neither tag nor digest', () => {
    const canonical = (input: string) => referenceString(pullReference(input));
    expect(canonical('nginx')).toBe('docker.io/library/nginx:latest');
    expect(canonical('127.0.0.1:5000/team/app')).toBe('127.0.0.1:5000/team/app:latest');
    expect(canonical('ghcr.io/org/app:2')).toBe('ghcr.io/org/app:2');
    expect(canonical(`ghcr.io/org/app@${DIGEST}`)).toBe(`ghcr.io/org/app@${DIGEST}`);
  });
});

describe('the digest the engine recorded', () => {
  const details = (repoDigests: string[]) => ({ repoDigests }) as ImageDetails;

  it('is the RepoDigest of the pulled repository, in familiar or canonical form', () => {
    const ref = pullReference('nginx:1');
    expect(repoDigestFor(details([`other@${OTHER}`, `nginx@${DIGEST}`]), ref, null)).toBe(DIGEST);
    expect(repoDigestFor(details([`docker.io/library/nginx@${DIGEST}`]), ref, null)).toBe(DIGEST);
    expect(repoDigestFor(details([`other@${OTHER}`]), ref, null)).toBeNull();
  });

  it('prefers the one the engine announced when the repository has several', () => {
    const ref = pullReference('nginx:1');
    const both = details([`nginx@${OTHER}`, `nginx@${DIGEST}`]);
    expect(repoDigestFor(both, ref, DIGEST)).toBe(DIGEST);
    expect(repoDigestFor(both, pullReference(`nginx@${DIGEST}`), OTHER)).toBe(DIGEST);
  });
});

describe('pulling an image', () => {
  it('keeps what the tag held before when the engine says the image was up to date', async () => {
    const upToDate = samplePullEvents.map((e) =>
      e.status?.startsWith('Status: ')
        ? { status: 'Status: Image is up to date for 127.0.0.1:5000/team/app:1' }
        : e,
    );
    const s = setup({
      engine: {
        pullImage: (_reference, { onEvent }) => {
          for (const event of upToDate) onEvent(event);
          return Promise.resolve();
        },
      },
    });
    const outcome = await s.run('127.0.0.1:5000/team/app:1');
    expect(outcome.entry).toMatchObject({ previousDigest: DIGEST, digest: DIGEST });
    expect(s.lines.some((l) => l.includes('Updated from'))).toBe(false);
  });

  it('reads what the tag held once the pull request is out, and neither read waits for the history', async () => {
    const order: string[] = [];
    const base = fakeEngine();
    const s = setup({
      engine: {
        pullImage: (reference, options) => {
          order.push('pull');
          return base.pullImage(reference, options);
        },
        inspectImage: (id, options) => {
          order.push(`inspect layers=${String(options?.layers)}`);
          return base.inspectImage(id, options).then((d) => ({
            ...d,
            repoDigests: [`127.0.0.1:5000/team/app@${DIGEST}`],
          }));
        },
      },
    });
    await s.run('127.0.0.1:5000/team/app:1');
    // Before: asked once the engine has the request; after: once the pull has ended.
    expect(order).toEqual(['pull', 'inspect layers=false', 'inspect layers=false']);
  });

  it('reads what the tag held even when the pull fails before its request: nothing moved', async () => {
    const order: string[] = [];
    // A password for a remote engine over plain TCP: refused before the pull is asked for.
    const s = setup({
      env: {
        BERTH_REGISTRY_AUTH: JSON.stringify({ '127.0.0.1:5000': { username: 'u', secret: 's' } }),
      },
      engine: {
        endpoint: {
          kind: 'tcp',
          address: 'tcp://203.0.113.7:2375',
          source: 'DOCKER_HOST',
          tls: false,
        },
        pullImage: () => {
          order.push('pull');
          return Promise.resolve();
        },
        inspectImage: () => {
          order.push('inspect');
          return fakeEngine()
            .inspectImage('x')
            .then((d) => ({ ...d, repoDigests: [`127.0.0.1:5000/team/app@${DIGEST}`] }));
        },
      },
    });
    const outcome = await s.run('127.0.0.1:5000/team/app:1');
    expect(outcome.error?.code).toBe('pull.plaintext_auth_refused');
    expect(order).toEqual(['inspect']);
    expect(outcome.entry.previousDigest).toBe(DIGEST);
  });

  it('logs the reference and the digest, reports progress and records a success', async () => {
    const s = setup();
    const outcome = await s.run('127.0.0.1:5000/team/app:1');
    expect(s.lines).toEqual([
      'info: Pulling image: 127.0.0.1:5000/team/app:1',
      `info: Image digest: ${DIGEST}`,
    ]);
    expect(outcome).toMatchObject({ result: 'success', recorded: true });
    expect(outcome.error).toBeUndefined();
    expect(s.progress.at(-1)).toMatchObject({
      phase: 'complete',
      bytes: { current: 1000, total: 1000 },
      layers: [{ id: 'aaaaaaaaaaaa', state: 'done' }],
    });
    const { entries } = await s.ledger.read();
    expect(entries).toEqual([
      {
        id: outcome.entry.id,
        kind: 'pull',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown as string,
        reference: '127.0.0.1:5000/team/app:1',
        digest: DIGEST,
        // The engine says it downloaded a newer image, yet the tag reads the same before and
        // after: the "before" may have been read after the engine moved the tag, so it is not kept.
        previousDigest: null,
        platform: 'linux/amd64',
        credentialSource: 'anonymous',
        durationMs: expect.any(Number) as unknown as number,
        bytes: 1000,
        result: 'success',
        cause: null,
        message: null,
      },
    ]);
    expect(s.pulls[0]?.options.auth).toBeUndefined();
    expect(s.pulls[0]?.options.platform).toBeUndefined();
  });

  it('gives the engine the resolved credential as registry auth and records only its source', async () => {
    const secret = 'pa55-in-the-keychain';
    const s = setup();
    await s.store.save({
      registry: '127.0.0.1:5000',
      username: 'alice',
      secret,
      patterns: [],
      preset: 'generic',
    });
    const outcome = await s.run('127.0.0.1:5000/team/app:1', { platform: 'linux/arm64' });
    expect(s.pulls[0]?.options.auth).toEqual({
      username: 'alice',
      password: secret,
      serveraddress: '127.0.0.1:5000',
    });
    expect(s.pulls[0]?.options.platform).toBe('linux/arm64');
    expect(outcome.entry).toMatchObject({
      credentialSource: 'Berth (OS keychain)',
      platform: 'linux/arm64',
    });
    expect(readFileSync(join(s.home, 'ledger.jsonl'), 'utf8')).not.toContain(secret);
  });

  it('names Docker Hub by its index address in the registry auth', async () => {
    const s = setup({
      env: { BERTH_REGISTRY_AUTH: JSON.stringify({ 'docker.io': { username: 'u', secret: 's' } }) },
    });
    const outcome = await s.run('nginx');
    expect(s.pulls[0]?.reference).toBe('docker.io/library/nginx:latest');
    expect(s.pulls[0]?.options.auth?.serveraddress).toBe('https://index.docker.io/v1/');
    expect(outcome.entry.credentialSource).toBe('BERTH_REGISTRY_AUTH');
  });

  it('records a failure with its cause and the engine message, and no digest', async () => {
    const s = setup({
      engine: {
        pullImage: (reference, { onEvent }) => {
          onEvent(samplePullEvents[1] ?? {});
          return Promise.reject(pullFailed(reference, 'unauthorized: authentication required'));
        },
      },
    });
    const outcome = await s.run('127.0.0.1:5000/team/app:1');
    expect(outcome.result).toBe('failed');
    expect(outcome.error?.code).toBe('pull.failed');
    expect(outcome.error?.details?.engineMessage).toBe('unauthorized: authentication required');
    expect(s.lines).toEqual(['info: Pulling image: 127.0.0.1:5000/team/app:1']);
    expect(s.progress.at(-1)?.layers).toHaveLength(1);
    expect((await s.ledger.read()).entries[0]).toMatchObject({
      result: 'failed',
      digest: null,
      cause: 'pull.failed',
      message: expect.stringContaining('unauthorized: authentication required') as unknown,
    });
  });

  it('lets a classifier name the cause of a failure, and its fix becomes the hint', async () => {
    const seen: PullFailure[] = [];
    const s = setup({
      engine: { pullImage: (r) => Promise.reject(pullFailed(r, 'toomanyrequests: slow down')) },
      classify: (failure) => {
        seen.push(failure);
        return Promise.resolve({
          cause: /toomanyrequests/.test(failure.error.message) ? 'rate_limited' : 'unknown',
          summary: 'Throttled.',
          fix: ['Wait a while.', 'Or log in.'],
        });
      },
    });
    const outcome = await s.run('nginx:1', { platform: 'linux/arm64' });
    expect(outcome.entry.cause).toBe('rate_limited');
    expect(outcome.verdict?.cause).toBe('rate_limited');
    expect(outcome.error?.hint).toBe('Wait a while. Or log in.');
    expect(outcome.error?.details).toMatchObject({ cause: 'rate_limited' });
    expect(seen[0]).toMatchObject({
      reference: 'docker.io/library/nginx:1',
      platform: 'linux/arm64',
      credentialProblems: [],
    });
  });

  it('hands the classifier the problems met while finding the credential', async () => {
    const seen: PullFailure[] = [];
    const home = tempDir('berth-helper-');
    mkdirSync(join(home, '.docker'));
    writeFileSync(join(home, '.docker', 'config.json'), '{"credsStore":"gone-helper"}');
    const s = setup({
      env: { HOME: home, PATH: '/nonexistent' },
      engine: { pullImage: (r) => Promise.reject(pullFailed(r, 'no basic auth credentials')) },
      classify: (failure) => {
        seen.push(failure);
        return { cause: 'credential_helper', summary: '', fix: [] };
      },
    });
    await s.run('127.0.0.1:5000/team/app:1');
    expect(seen[0]?.credentialProblems.some((c) => c.startsWith('credentials.helper'))).toBe(true);
  });

  it('records the error code when the classifier itself fails', async () => {
    const s = setup({
      engine: { pullImage: (r) => Promise.reject(pullFailed(r, 'boom')) },
      classify: () => Promise.reject(new Error('probe crashed')),
    });
    const outcome = await s.run('nginx:1');
    expect(outcome.entry).toMatchObject({ result: 'failed', cause: 'pull.failed' });
  });

  it('fails a pull as pull.timeout when the engine says nothing before the answer timeout', async () => {
    let aborted = false;
    const s = setup({
      answerTimeoutMs: 50,
      engine: {
        pullImage: (reference, { signal }) =>
          new Promise((_, reject) =>
            signal?.addEventListener('abort', () => {
              aborted = true;
              reject(pullCancelled(reference));
            }),
          ),
      },
    });
    const outcome = await s.run('127.0.0.1:5000/team/app:1');
    expect(aborted).toBe(true);
    expect(outcome.result).toBe('failed');
    expect(outcome.entry.cause).toBe('pull.timeout');
    expect(outcome.error?.message).toMatch(/said nothing .* for 0 s/);
  });

  it('keeps the answer timeout off once the engine has spoken', async () => {
    const s = setup({
      answerTimeoutMs: 30,
      engine: {
        pullImage: async (_reference, { onEvent }) => {
          onEvent({ status: 'Pulling from team/app', id: '1' });
          await new Promise((r) => setTimeout(r, 80));
          for (const event of samplePullEvents) onEvent(event);
        },
      },
    });
    expect((await s.run('127.0.0.1:5000/team/app:1')).result).toBe('success');
  });

  it('records an engine that is down as a failure with the engine error code', async () => {
    const s = setup({ engine: fakeEngine(false) });
    const outcome = await s.run('nginx:1');
    expect(outcome.entry).toMatchObject({
      result: 'failed',
      cause: 'engine.socket_missing',
      platform: null,
    });
  });

  it('records a cancelled pull as cancelled, without a cause', async () => {
    const controller = new AbortController();
    const s = setup({
      engine: {
        pullImage: (reference, { signal, onEvent }) =>
          new Promise((_, reject) => {
            onEvent(samplePullEvents[2] ?? {});
            signal?.addEventListener('abort', () => reject(pullCancelled(reference)));
            controller.abort();
          }),
      },
    });
    const outcome = await s.run('127.0.0.1:5000/team/app:1', { signal: controller.signal });
    expect(outcome.result).toBe('cancelled');
    expect(outcome.entry).toMatchObject({ result: 'cancelled', cause: null, digest: null });
    expect(outcome.entry.bytes).toBe(500);
    expect((await s.ledger.read()).entries).toHaveLength(1);
  });

  it('checks the digest against the registry and agrees when they match', async () => {
    const s = setup({
      registry: new RegistryClient({ fetch: fakeRegistryFetch }),
      engine: {
        pullImage: (_r, { onEvent }) => {
          onEvent({ status: `Digest: ${fakeManifestDigest}` });
          return Promise.resolve();
        },
        inspectImage: () => Promise.reject(new BerthError('engine.api', 'nope')),
      },
    });
    await s.run('127.0.0.1:5000/team/app:1');
    expect(s.lines).toEqual([
      'info: Pulling image: 127.0.0.1:5000/team/app:1',
      `info: Image digest: ${fakeManifestDigest}`,
    ]);
  });

  it('warns, without failing, when the registry serves another digest for the tag', async () => {
    const s = setup({ registry: new RegistryClient({ fetch: fakeRegistryFetch }) });
    const outcome = await s.run('127.0.0.1:5000/team/app:1');
    expect(outcome.result).toBe('success');
    expect(outcome.entry.digest).toBe(DIGEST);
    expect(s.lines[2]).toMatch(
      new RegExp(`^warning: Warning: the registry serves ${fakeManifestDigest} for`),
    );
  });

  it('skips the check when the registry does not answer', async () => {
    const s = setup({
      registry: new RegistryClient({ fetch: () => Promise.reject(new Error('ECONNREFUSED')) }),
    });
    expect((await s.run('127.0.0.1:5000/team/app:1')).result).toBe('success');
    expect(s.lines).toHaveLength(2);
  });

  it('falls back to the digest the engine announced when inspecting fails', async () => {
    const s = setup({
      engine: { inspectImage: () => Promise.reject(new BerthError('engine.api', 'nope')) },
    });
    expect((await s.run('127.0.0.1:5000/team/app:1')).entry.digest).toBe(DIGEST);
  });

  it('refuses an invalid reference before anything starts, and records nothing', async () => {
    const s = setup();
    await expect(s.run('Team/App')).rejects.toMatchObject({ code: 'reference.uppercase' });
    expect(s.pulls).toEqual([]);
    expect(await s.ledger.read()).toEqual({ entries: [], skipped: 0 });
  });

  it('still reports the pull when the ledger cannot be written', async () => {
    const s = setup();
    const service = new PullService({
      engine: fakeEngine(),
      resolver: credentialSources({ HOME: s.home }, s.home, memoryKeychain()).resolver,
      // A data directory below a regular file cannot be created.
      ledger: new Ledger(join(s.home, 'ledger.jsonl', 'sub')),
    });
    await s.ledger.append({
      id: 'x',
      kind: 'pull',
      time: new Date().toISOString(),
      reference: 'r',
      digest: null,
      platform: null,
      credentialSource: 'anonymous',
      durationMs: 0,
      bytes: 0,
      result: 'cancelled',
      cause: null,
      message: null,
    });
    const lines: string[] = [];
    const outcome = await service.pull('127.0.0.1:5000/team/app:1', {
      log: (line) => lines.push(line),
    });
    expect(outcome).toMatchObject({ result: 'success', recorded: false });
    expect(lines.at(-1)).toMatch(/^Warning: the pull was not recorded in the ledger/);
  });
});
