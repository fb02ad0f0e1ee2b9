import { describe, expect, it } from 'vitest';
import { credentialSources } from '../../../src/credentials';
import { EngineMonitor } from '../../../src/engine';
import type { EnginePort } from '../../../src/engine';
import { pullFailed } from '../../../src/engine/engine-errors';
import { DiagnoseService } from '../../../src/host/diagnose-service';
import type { PullFailure } from '../../../src/pull';
import { RegistryClient } from '../../../src/registry';
import type { Fetch } from '../../../src/registry';
import { BerthError } from '../../../src/shared/errors';
import { tempDirs } from '../../harness/failures';
import { fakeEngine } from '../host/fake-engine';
import { fakeRegistryFetch } from '../host/fake-registry-fetch';
import { memoryKeychain } from '../host/memory-keychain';

const tempDir = tempDirs();

function service(engine: EnginePort = fakeEngine()) {
  const home = tempDir('berth-pull-failure-');
  const { store, resolver } = credentialSources({ HOME: home }, home, memoryKeychain());
  const requests: string[] = [];
  const fetch: Fetch = (url, init) => {
    requests.push(String(url));
    return fakeRegistryFetch(url, init);
  };
  const registry = new RegistryClient({ fetch, timeoutMs: 500 });
  const diagnose = new DiagnoseService(registry, resolver, store, new EngineMonitor(engine));
  return { diagnose, requests };
}

const failure = (error: BerthError, reference = '127.0.0.1:5000/team/app:1'): PullFailure => ({
  error,
  reference,
  platform: 'linux/amd64',
  credentialProblems: [],
});

describe('the automatic diagnosis of a failed pull', () => {
  it('names an unreachable engine daemon_down without asking any registry', async () => {
    const { diagnose, requests } = service();
    const verdict = await diagnose.pullFailure(
      failure(new BerthError('engine.refused', 'Connection refused at unix:///x.sock.')),
    );
    expect(verdict.cause).toBe('daemon_down');
    expect(verdict.fix.join(' ')).toMatch(/Start the engine/);
    expect(requests).toEqual([]);
  });

  it('names a registry that never answered the engine a timeout', async () => {
    const { diagnose } = service();
    const verdict = await diagnose.pullFailure(
      failure(new BerthError('pull.timeout', 'The engine said nothing for 60 s.')),
    );
    expect(verdict.cause).toBe('timeout');
  });

  it("trusts the engine's unambiguous words and skips the live probe", async () => {
    const { diagnose, requests } = service();
    const verdict = await diagnose.pullFailure(
      failure(
        pullFailed(
          '127.0.0.1:5000/team/app:1',
          'Get "https://r.example/v2/": dial tcp: lookup r.example on 10.0.0.53:53: no such host',
        ),
      ),
    );
    expect(verdict.cause).toBe('dns');
    expect(requests).toEqual([]);
  });

  it('asks the live probe when the words are ambiguous, and its cause wins', async () => {
    const { diagnose } = service();
    const reference = 'registry.berth.invalid/team/app:1';
    const verdict = await diagnose.pullFailure(
      failure(
        pullFailed(
          reference,
          "pull access denied for registry.berth.invalid/team/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        ),
        reference,
      ),
    );
    // Offline this reads as repo_not_found (or no credentials); the probe finds the name does not resolve.
    expect(verdict.cause).toBe('dns');
    expect(verdict.summary).toContain('does not resolve');
  });

  it('keeps the offline answer when the probe outlasts its budget', async () => {
    const hung: EnginePort = { ...fakeEngine(), info: () => new Promise(() => {}) };
    const { diagnose } = service(hung);
    const started = Date.now();
    const verdict = await diagnose.pullFailure(
      failure(
        pullFailed(
          '127.0.0.1:5000/team/app:1',
          'manifest for 127.0.0.1:5000/team/app:1 not found: manifest unknown: manifest unknown',
        ),
      ),
      100,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(verdict.cause).toBe('tag_not_found');
  });
});
