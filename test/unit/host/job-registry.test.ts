import { describe, expect, it } from 'vitest';
import { JobRegistry } from '../../../src/host/job-registry';
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
});
