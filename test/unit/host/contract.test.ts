import { describe, expect, it } from 'vitest';
import { channels, channelNames, eventNames, events } from '../../../src/shared/contract';
import type { EventPayload } from '../../../src/shared/contract';
import { createClient } from '../../../src/shared/client';
import { BerthError } from '../../../src/shared/errors';
import { createHandlers } from '../../../src/host/handlers';
import { later } from '../../../src/host/later';
import { createDispatch } from '../../../src/host/dispatch';
import { createBerthCore } from '../../../src/host/core';
import { TagsService } from '../../../src/host/tags-service';
import { EngineMonitor } from '../../../src/engine';
import { RegistryClient } from '../../../src/registry';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialSources } from '../../../src/credentials';
import { CredentialsService } from '../../../src/host/credentials-service';
import { DiagnoseService } from '../../../src/host/diagnose-service';
import { EventBus } from '../../../src/host/event-bus';
import { PullJobs } from '../../../src/host/pull-jobs';
import { JobRegistry } from '../../../src/host/job-registry';
import { Ledger } from '../../../src/ledger';
import { PullService } from '../../../src/pull';
import { RunService } from '../../../src/runs/run-service';
import { listEngineChoices } from '../../../src/runs/engine-choice';
import { RunJobs } from '../../../src/host/run-jobs';
import { Projects } from '../../../src/host/projects';
import { RemedyService } from '../../../src/host/remedy-service';
import { ImageContentService } from '../../../src/host/image-content-service';
import { RecentProjects } from '../../../src/host/projects-file';
import { memoryKeychain } from './memory-keychain';
import { fakeEngine, sampleImage } from './fake-engine';
import { fakeManifestDigest, fakeRegistryFetch } from './fake-registry-fetch';

function handlersFor(up = true) {
  const engine = fakeEngine(up);
  const monitor = new EngineMonitor(engine);
  const registry = new RegistryClient({ fetch: fakeRegistryFetch });
  const home = mkdtempSync(join(tmpdir(), 'berth-contract-'));
  const env = { BERTH_HOME: home, HOME: home };
  const { store, resolver, scan } = credentialSources(env, home, memoryKeychain());
  const credentials = new CredentialsService(store, resolver, registry, scan);
  const diagnose = new DiagnoseService(registry, resolver, store, monitor, undefined, env);
  const ledger = new Ledger(home);
  const jobs = new JobRegistry();
  const bus = new EventBus();
  const pulls = new PullJobs(new PullService({ engine, resolver, ledger }), bus, jobs);
  const pullerFor = () => new PullService({ engine, resolver, ledger });
  const runService = new RunService({ dataDir: home, ledger, pullerFor });
  const now = <T>(value: T) => later(() => Promise.resolve(value));
  return createHandlers({
    projects: now(new Projects(new RecentProjects(home), bus, env)),
    runs: now(new RunJobs(runService, bus, ledger, home, { env, engine }, jobs)),
    jobs,
    engineChoices: () => Promise.resolve(listEngineChoices(env)),
    engine,
    monitor,
    tags: new TagsService(registry, monitor),
    credentials: now(credentials),
    diagnose: now(diagnose),
    remedies: now(
      new RemedyService({
        env,
        credentials,
        diagnose,
        startPull: (image) => pulls.start(image),
        events: bus,
      }),
    ),
    registry,
    pulls,
    ledger,
    imageContent: now(new ImageContentService(registry, monitor, ledger, bus, jobs)),
  });
}

/** The typed client over the same dispatch the transports use, on a core with fakes. */
function inMemoryClient(up = true) {
  const core = createBerthCore({ engine: fakeEngine(up), fetch: fakeRegistryFetch, env: {} });
  return {
    handlers: handlersFor(up),
    client: createClient({ invoke: (c, r) => core.dispatch(c, r), on: () => () => {} }),
  };
}

describe('the IPC contract', () => {
  it('has a handler for every channel and a channel for every handler', () => {
    const { handlers } = inMemoryClient();
    expect(Object.keys(handlers).sort()).toEqual([...channelNames].sort());
    expect(Object.keys(channels).sort()).toEqual([...channelNames].sort());
  });

  it('declares a schema for every pushed event name the preload allows', () => {
    expect(Object.keys(events).sort()).toEqual([...eventNames].sort());
  });

  it('round-trips every channel through the typed client with data that satisfies the schemas', async () => {
    const { client } = inMemoryClient();
    const status = await client.invoke('engine.status', {});
    expect(status.state).toBe('up');
    expect(await client.invoke('images.list', {})).toEqual([sampleImage]);
    expect((await client.invoke('images.inspect', { id: sampleImage.id })).cmd).toEqual(['sh']);
    expect(await client.invoke('images.remove', { id: sampleImage.id })).toEqual({
      untagged: ['local/busybox:1'],
      deleted: [sampleImage.id],
    });
    const { listingId, repository } = await client.invoke('tags.open', {
      repository: '127.0.0.1:5000/team/app',
    });
    expect(repository).toMatchObject({ domain: '127.0.0.1:5000', path: 'team/app', tag: null });
    expect(await client.invoke('tags.next', { listingId })).toEqual({
      tags: ['1', '2'],
      done: false,
      fetched: 2,
      pages: 1,
    });
    expect(await client.invoke('tags.next', { listingId })).toEqual({
      tags: ['3'],
      done: false,
      fetched: 3,
      pages: 2,
    });
    expect(await client.invoke('tags.next', { listingId })).toEqual({
      tags: [],
      done: true,
      fetched: 3,
      pages: 2,
    });
    expect(await client.invoke('tags.close', { listingId })).toEqual({ closed: false });
    const details = await client.invoke('tags.details', {
      repository: '127.0.0.1:5000/team/app',
      tag: '1',
    });
    expect(details).toMatchObject({
      digest: fakeManifestDigest,
      kind: 'manifest',
      compressedSize: 1234,
      created: '2026-01-02T03:04:05Z',
    });
  });

  it('turns a service failure into a BerthError that keeps its code', async () => {
    const { client } = inMemoryClient(false);
    const error = await client.invoke('images.list', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).code).toBe('engine.socket_missing');
  });

  it('reports a down engine as a state, with the cause, rather than an error', async () => {
    const { client } = inMemoryClient(false);
    const status = await client.invoke('engine.status', {});
    expect(status).toMatchObject({ state: 'down', error: { code: 'engine.socket_missing' } });
  });
});

describe('dispatch', () => {
  const dispatch = createDispatch(handlersFor());

  it('rejects an unknown channel by name', async () => {
    expect(await dispatch('images.nuke', {})).toMatchObject({
      ok: false,
      error: { code: 'request.unknown_channel' },
    });
  });

  it('rejects a request with unexpected fields, naming the field', async () => {
    const result = await dispatch('images.list', { all: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
    expect(!result.ok && result.error.message).toMatch(/all|Unrecognized/);
  });

  it('rejects a malformed repository with the reference error, not a crash', async () => {
    expect(await dispatch('tags.open', { repository: 'team/app!' })).toMatchObject({
      ok: false,
      error: { code: 'reference.invalid_format' },
    });
  });

  it('says a listing is gone rather than failing obscurely', async () => {
    expect(await dispatch('tags.next', { listingId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'tags.listing_closed' },
    });
  });

  it('rejects a request of the wrong type', async () => {
    const result = await dispatch('images.inspect', { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
  });

  it('refuses a handler result that breaks the contract instead of passing it on', async () => {
    const broken = createDispatch({
      ...handlersFor(),
      'images.list': () => Promise.resolve([{ id: 1 }] as never),
    });
    expect(await broken('images.list', {})).toMatchObject({
      ok: false,
      error: { code: 'internal.contract' },
    });
  });
});

describe('pull and ledger channels', () => {
  function pullingCore() {
    const home = mkdtempSync(join(tmpdir(), 'berth-contract-pull-'));
    const core = createBerthCore({
      engine: fakeEngine(),
      fetch: fakeRegistryFetch,
      env: { BERTH_HOME: home, HOME: home },
      keychain: memoryKeychain(),
    });
    const client = createClient({
      invoke: (c, r) => core.dispatch(c, r),
      on: (event, handler) =>
        core.bus.subscribe((name, payload) => {
          if (name === event) handler(payload);
        }),
    });
    return { core, client };
  }

  it('starts a pull in the background and pushes its log, progress and outcome as events', async () => {
    const { core, client } = pullingCore();
    const lines: string[] = [];
    const progress: number[] = [];
    client.on('pull.log', (e) => lines.push(e.line));
    client.on('pull.progress', (e) => progress.push(e.bytes.current));
    const done = new Promise<EventPayload<'pull.done'>>((resolve) =>
      client.on('pull.done', resolve),
    );
    const { pullId } = await client.invoke('pull.start', {
      reference: '127.0.0.1:5000/team/app:1',
    });
    const outcome = await done;
    expect(outcome).toMatchObject({
      pullId,
      reference: '127.0.0.1:5000/team/app:1',
      result: 'success',
      digest: `sha256:${'b'.repeat(64)}`,
    });
    expect(lines.slice(0, 2)).toEqual([
      'Pulling image: 127.0.0.1:5000/team/app:1',
      `Image digest: sha256:${'b'.repeat(64)}`,
    ]);
    expect(progress.at(-1)).toBe(1000);
    const { entries, skipped } = await client.invoke('ledger.list', {});
    expect(skipped).toBe(0);
    expect(entries.map((e) => e.id)).toEqual([outcome.entryId]);
    expect(await client.invoke('ledger.list', { result: 'failed' })).toEqual({
      entries: [],
      skipped: 0,
    });
    expect(await client.invoke('pull.cancel', { pullId })).toEqual({ cancelled: false });
    core.close();
  });

  it('refuses an invalid reference or platform before starting anything', async () => {
    const { core } = pullingCore();
    expect(await core.dispatch('pull.start', { reference: 'Team/App' })).toMatchObject({
      ok: false,
      error: { code: 'reference.uppercase' },
    });
    expect(
      await core.dispatch('pull.start', { reference: 'nginx', platform: 'linux amd64' }),
    ).toMatchObject({ ok: false, error: { code: 'request.invalid' } });
    expect(core.pullJobs.active).toBe(0);
  });
});
