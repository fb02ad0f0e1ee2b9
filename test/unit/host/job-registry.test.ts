import { describe, expect, it } from 'vitest';
import { JobRegistry } from '../../../src/host/job-registry';
import { TagListings } from '../../../src/host/tag-listings';
import { DiagnoseService } from '../../../src/host/diagnose-service';
import { ImageContentService } from '../../../src/host/image-content-service';
import { EventBus } from '../../../src/host/event-bus';
import { Ledger } from '../../../src/ledger';
import { events } from '../../../src/shared/contract';
import { RegistryClient } from '../../../src/registry';
import { credentialSources } from '../../../src/credentials';
import { EngineMonitor } from '../../../src/engine';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryKeychain } from './memory-keychain';
import { fakeEngine } from './fake-engine';
import { BerthError } from '../../../src/shared/errors';
import type { PullProgress } from '../../../src/shared/pull';

const progress: PullProgress = {
  layers: [],
  bytes: { current: 5, total: 10 },
  speedBps: 1,
  phase: 'downloading',
};

describe('the job registry', () => {
  it('lists jobs in flight with their latest progress, and forgets them when they finish', () => {
    const jobs = new JobRegistry();
    const pull = jobs.start('pull', 'p1', 'docker.io/library/busybox:1');
    const run = jobs.start('run', 'r1', 'hello');
    pull.progress(progress);
    expect(jobs.list().map((j) => [j.id, j.kind, j.title])).toEqual([
      ['p1', 'pull', 'docker.io/library/busybox:1'],
      ['r1', 'run', 'hello'],
    ]);
    expect(jobs.list('pull')[0]?.progress).toEqual(progress);
    expect(jobs.list('run')[0]?.progress).toBeNull();
    pull.finish();
    expect(jobs.list().map((j) => j.id)).toEqual(['r1']);
    run.finish();
    expect(jobs.count()).toBe(0);
  });

  it('cancels any kind by id through its signal, and says false for an unknown id', () => {
    const jobs = new JobRegistry();
    const pull = jobs.start('pull', 'p1', 'a');
    const run = jobs.start('run', 'r1', 'b');
    expect(jobs.cancel('r1')).toBe(true);
    expect(run.signal.aborted).toBe(true);
    expect(pull.signal.aborted).toBe(false);
    expect(jobs.cancel('nope')).toBe(false);
    jobs.cancelAll('pull');
    expect(pull.signal.aborted).toBe(true);
  });

  it('a forced cancel also aborts the kill signal (a run killed without its grace period)', () => {
    const jobs = new JobRegistry();
    const run = jobs.start('run', 'r1', 'b');
    expect(jobs.cancel('r1')).toBe(true);
    expect([run.signal.aborted, run.kill.aborted]).toEqual([true, false]);
    expect(jobs.cancel('r1', true)).toBe(true);
    expect(run.kill.aborted).toBe(true);
  });

  it('an open tag listing is a tags job: jobs.cancel aborts its request, the next page fails job.cancelled', async () => {
    const jobs = new JobRegistry();
    const listings = new TagListings({ jobs });
    const id = listings.open(async function* (signal) {
      yield { tags: ['1'] };
      // A registry request in flight until the job is cancelled, as src/registry/http.ts answers it.
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      throw new BerthError('job.cancelled', 'Cancelled listing tags.');
    }, '127.0.0.1:5000/team/app');
    expect(jobs.list('tags')).toMatchObject([
      { id, kind: 'tags', title: '127.0.0.1:5000/team/app' },
    ]);
    expect((await listings.next(id)).tags).toEqual(['1']);
    const page = listings.next(id);
    expect(jobs.cancel(id)).toBe(true);
    await expect(page).rejects.toMatchObject({ code: 'job.cancelled' });
    expect(jobs.list('tags')).toEqual([]);
    await expect(listings.next(id)).rejects.toMatchObject({ code: 'tags.listing_closed' });
  });

  it('a finished or closed listing leaves the registry', async () => {
    const jobs = new JobRegistry();
    const listings = new TagListings({ jobs });
    const done = listings.open(async function* () {
      yield { tags: ['a'] };
    });
    const closed = listings.open(async function* () {
      yield { tags: ['b'] };
    });
    expect(jobs.count('tags')).toBe(2);
    await listings.next(done);
    expect((await listings.next(done)).done).toBe(true);
    expect(listings.close(closed)).toBe(true);
    expect(jobs.count('tags')).toBe(0);
  });

  it('a live probe is a probe job while it runs, and jobs.cancel ends it with job.cancelled', async () => {
    const jobs = new JobRegistry();
    // A registry that never answers: the probe's first request waits until its own timeout.
    const home = mkdtempSync(join(tmpdir(), 'berth-probe-job-'));
    const env = { BERTH_HOME: home, HOME: home };
    const { store, resolver } = credentialSources(env, home, memoryKeychain());
    const registry = new RegistryClient({ fetch: () => new Promise<never>(() => {}) });
    const monitor = new EngineMonitor(fakeEngine(true));
    const diagnose = new DiagnoseService(registry, resolver, store, monitor, undefined, env, jobs);
    const probe = diagnose.live('127.0.0.1:1/team/app:1');
    const [job] = jobs.list('probe');
    expect(job).toMatchObject({ kind: 'probe', title: '127.0.0.1:1/team/app:1' });
    expect(jobs.cancel(job?.id ?? '')).toBe(true);
    await expect(probe).rejects.toMatchObject({ code: 'job.cancelled' });
    expect(jobs.count('probe')).toBe(0);
  });

  it('a file listing is a files job: images.filesCancel and jobs.cancel both end it, and it leaves the registry', async () => {
    const jobs = new JobRegistry();
    const home = mkdtempSync(join(tmpdir(), 'berth-files-job-'));
    // A registry that answers only when the request is aborted, as undici does.
    const registry = new RegistryClient({
      fetch: (_url, init) =>
        new Promise<never>((_resolve, reject) => {
          const signal = init.signal;
          if (signal?.aborted) reject(signal.reason);
          else signal?.addEventListener('abort', () => reject(signal.reason));
        }),
    });
    const bus = new EventBus();
    const done: string[] = [];
    bus.subscribe((event, payload) => {
      if (event === 'images.files.done')
        done.push(events['images.files.done'].parse(payload).jobId);
    });
    const monitor = new EngineMonitor(fakeEngine(true));
    const content = new ImageContentService(registry, monitor, new Ledger(home), bus, jobs);
    const ended = (id: string) =>
      new Promise<void>((resolve) => {
        const poll = () => (done.includes(id) ? resolve() : setTimeout(poll, 5));
        poll();
      });

    const first = content.startFiles({
      reference: '127.0.0.1:1/team/app:1',
      platform: 'linux/amd64',
    });
    const second = content.startFiles({
      reference: '127.0.0.1:1/team/app:2',
      platform: 'linux/amd64',
    });
    expect(jobs.list('files').map((j) => [j.id, j.title])).toEqual([
      [first.jobId, '127.0.0.1:1/team/app:1'],
      [second.jobId, '127.0.0.1:1/team/app:2'],
    ]);
    expect(content.cancelFiles(first.jobId)).toBe(true);
    expect(jobs.cancel(second.jobId)).toBe(true);
    await Promise.all([ended(first.jobId), ended(second.jobId)]);
    expect(jobs.count('files')).toBe(0);
    // Not a file listing (or no longer one): nothing to cancel.
    const pull = jobs.start('pull', 'p1', 'a');
    expect(content.cancelFiles('p1')).toBe(false);
    expect(pull.signal.aborted).toBe(false);
    expect(content.cancelFiles(first.jobId)).toBe(false);
  });
});
