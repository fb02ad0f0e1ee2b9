import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { layerFill, overall, updateRate } from '../../renderer/src/pulls/pull-bars';
import type { PullEntry } from '../../src/shared/ledger';
import type { PullProgress } from '../../src/shared/pull';
import { createFakeClient, deferred, fakeDiagnosis, fakeDoctor } from './fake-client';
import type { FakeClient, FakeHandlers } from './fake-client';
import { engineUp } from './fixtures';
import { click, renderApp, setUpComponentDom, type } from './harness';

setUpComponentDom();

afterEach(() => {
  vi.restoreAllMocks();
});

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function entry(overrides: Partial<PullEntry> = {}): PullEntry {
  return {
    id: 'e1',
    kind: 'pull',
    time: '2025-06-01T09:58:00.000Z',
    reference: 'registry.example:5000/team/app:1',
    digest: DIGEST,
    platform: 'linux/amd64',
    credentialSource: 'Berth (OS keychain)',
    durationMs: 1234,
    bytes: 5 * 1024 * 1024,
    result: 'success',
    cause: null,
    message: null,
    ...overrides,
  };
}

function progress(overrides: Partial<PullProgress> = {}): PullProgress {
  return {
    layers: [
      { id: 'aaaaaaaaaaaa', state: 'downloading', current: 512, total: 1024 },
      { id: 'bbbbbbbbbbbb', state: 'extracting', current: 256, total: 1024 },
      { id: 'cccccccccccc', state: 'exists', current: 0, total: null },
    ],
    bytes: { current: 1536, total: 2048 },
    speedBps: 256,
    phase: 'downloading',
    ...overrides,
  };
}

function setUp(handlers: FakeHandlers = {}): FakeClient {
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'ledger.list': () => ({ entries: [], skipped: 0 }),
    'pull.start': () => ({ pullId: 'p1' }),
    'jobs.cancel': () => ({ cancelled: true }),
    'jobs.list': () => ({ jobs: [] }),
    ...fakeDoctor().handlers,
    ...handlers,
  });
  renderApp(fake, { screen: 'pulls' });
  return fake;
}

const emit = (fake: FakeClient, run: () => void) =>
  act(async () => {
    run();
  });

async function pull(reference: string) {
  await type(screen.getByTestId('pull-reference'), reference);
  await click(screen.getByTestId('pull-start'));
}

describe('the Pulls screen', () => {
  it('refuses a malformed reference in the form, before asking the core', async () => {
    const fake = setUp();
    await pull('Registry.example/UPPER:tag');
    expect(screen.getByTestId('pull-reference-error').textContent).toMatch(/lowercase|invalid/i);
    expect(fake.callsTo('pull.start')).toHaveLength(0);
  });

  it('starts a pull on the engine’s platform unless one is picked', async () => {
    const fake = setUp();
    await pull('team/app:1');
    expect(fake.callsTo('pull.start')).toEqual([{ reference: 'team/app:1' }]);
    await type(screen.getByTestId('pull-platform'), 'linux/arm64');
    await click(screen.getByTestId('pull-start'));
    expect(fake.callsTo('pull.start')[1]).toEqual({
      reference: 'team/app:1',
      platform: 'linux/arm64',
    });
  });

  it('shows live progress per layer and overall, then the digest and the two log lines', async () => {
    const fake = setUp();
    await pull('registry.example:5000/team/app:1');
    await emit(fake, () =>
      fake.emit('pull.log', {
        pullId: 'p1',
        line: 'Pulling image: registry.example:5000/team/app:1',
        level: 'info',
      }),
    );
    await emit(fake, () => fake.emit('pull.progress', { pullId: 'p1', ...progress() }));

    const card = screen.getByTestId('pull-card');
    expect(card.getAttribute('data-state')).toBe('running');
    expect(within(card).getByTestId('pull-bytes').textContent).toBe('1.5 KiB of 2.0 KiB');
    expect(within(card).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('75');
    const layers = within(card).getByTestId('pull-layers').querySelectorAll('li');
    expect([...layers].map((l) => l.getAttribute('data-state'))).toEqual([
      'downloading',
      'extracting',
      'exists',
    ]);
    expect(layers[0]?.textContent).toContain('downloading 512 B of 1.0 KiB');
    expect(within(card).getByText('about 2 s left')).toBeTruthy();

    await emit(fake, () =>
      fake.emit('pull.log', { pullId: 'p1', line: `Image digest: ${DIGEST}`, level: 'info' }),
    );
    await emit(fake, () =>
      fake.emit('pull.done', {
        pullId: 'p1',
        reference: 'registry.example:5000/team/app:1',
        result: 'success',
        digest: DIGEST,
        entryId: 'e1',
      }),
    );
    expect(card.getAttribute('data-state')).toBe('success');
    expect(within(card).getByTestId('pull-digest').textContent).toContain(DIGEST);
    expect(within(card).getByTestId('pull-log').textContent).toBe(
      `Pulling image: registry.example:5000/team/app:1\nImage digest: ${DIGEST}\n`,
    );
    // The ledger is read again once the pull is recorded.
    expect(fake.callsTo('ledger.list').length).toBeGreaterThanOrEqual(2);
  });

  it('keeps events that arrive before the answer to pull.start', async () => {
    const answer = deferred<{ pullId: string }>();
    const fake = setUp({ 'pull.start': () => answer.promise });
    await pull('team/app:1');
    await emit(fake, () =>
      fake.emit('pull.log', {
        pullId: 'p9',
        line: 'Pulling image: docker.io/team/app:1',
        level: 'info',
      }),
    );
    await act(async () => answer.resolve({ pullId: 'p9' }));
    const cards = screen.getAllByTestId('pull-card');
    expect(cards).toHaveLength(1);
    expect(within(cards[0] as HTMLElement).getByTestId('pull-log').textContent).toContain(
      'Pulling image:',
    );
  });

  it('a reloaded window reattaches to the pulls in flight: the job names the image and its progress', async () => {
    const fake = setUp({
      'jobs.list': () => ({
        jobs: [
          {
            id: 'p7',
            kind: 'pull',
            title: 'registry.example:5000/team/slow:1',
            started: '2025-06-01T09:59:00.000Z',
            progress: progress(),
          },
        ],
      }),
    });
    await act(async () => {});
    expect(fake.callsTo('jobs.list')).toContainEqual({ kind: 'pull' });
    const card = await screen.findByTestId('pull-card');
    expect(card.getAttribute('data-state')).toBe('running');
    expect(card.getAttribute('data-reference')).toBe('registry.example:5000/team/slow:1');
    expect(within(card).getByTestId('pull-bytes').textContent).toBe('1.5 KiB of 2.0 KiB');
    // Its events follow by id, and its Cancel goes through jobs.cancel.
    await emit(fake, () =>
      fake.emit('pull.progress', {
        pullId: 'p7',
        ...progress({ bytes: { current: 2048, total: 2048 } }),
      }),
    );
    expect(within(card).getByTestId('pull-bytes').textContent).toBe('2.0 KiB of 2.0 KiB');
    await click(within(card).getByTestId('pull-cancel'));
    expect(fake.callsTo('jobs.cancel')).toEqual([{ id: 'p7' }]);
    await emit(fake, () =>
      fake.emit('pull.done', {
        pullId: 'p7',
        reference: 'registry.example:5000/team/slow:1',
        result: 'cancelled',
        digest: null,
        entryId: 'e7',
      }),
    );
    expect(card.getAttribute('data-state')).toBe('cancelled');
  });

  it('names a pull another window started from the job, not from its log lines', async () => {
    const fake = setUp({
      'jobs.list': () => ({
        jobs: [
          {
            id: 'p8',
            kind: 'pull',
            title: 'docker.io/team/other:2',
            started: '2025-06-01T09:59:00.000Z',
            progress: null,
          },
        ],
      }),
    });
    await act(async () => {});
    const before = fake.callsTo('jobs.list').length;
    await emit(fake, () =>
      fake.emit('pull.log', {
        pullId: 'p9',
        line: 'Pulling image: misleading/name:1',
        level: 'info',
      }),
    );
    await act(async () => {});
    // An unknown id asks the job list again; the log line names nothing.
    expect(fake.callsTo('jobs.list').length).toBe(before + 1);
    const refs = screen.getAllByTestId('pull-card').map((c) => c.getAttribute('data-reference'));
    expect(refs).not.toContain('misleading/name:1');
  });

  it('cancels a running pull', async () => {
    const fake = setUp();
    await pull('team/app:1');
    await click(screen.getByTestId('pull-cancel'));
    expect(fake.callsTo('jobs.cancel')).toEqual([{ id: 'p1' }]);
    expect(screen.getByTestId('pull-cancel').textContent).toBe('Cancelling…');
    await emit(fake, () =>
      fake.emit('pull.done', {
        pullId: 'p1',
        reference: 'docker.io/team/app:1',
        result: 'cancelled',
        digest: null,
        entryId: 'e2',
      }),
    );
    expect(screen.getByTestId('pull-card').getAttribute('data-state')).toBe('cancelled');
    expect(screen.queryByTestId('pull-cancel')).toBeNull();
  });

  it('diagnoses a failed pull on its own, with the engine’s words as evidence, and offers a retry', async () => {
    const probe = deferred<ReturnType<typeof fakeDiagnosis>>();
    const fake = setUp({ 'diagnose.run': () => probe.promise });
    await pull('registry.example:5000/team/app:1');
    await emit(fake, () =>
      fake.emit('pull.done', {
        pullId: 'p1',
        reference: 'registry.example:5000/team/app:1',
        result: 'failed',
        digest: null,
        entryId: 'e3',
        error: {
          code: 'pull.failed',
          message:
            'The engine could not pull registry.example:5000/team/app:1: no basic auth credentials',
        },
      }),
    );
    // The headline is the cause in words; the engine's own text is under Details.
    expect(screen.getByTestId('pull-cause').textContent).toBe('The pull failed');
    expect(screen.getByTestId('pull-cause').getAttribute('title')).toBe('Code: pull.failed');
    expect(screen.getByTestId('pull-error').closest('details')?.open).toBe(false);
    expect(screen.getByTestId('pull-error').textContent).toContain('no basic auth credentials');
    expect(fake.callsTo('diagnose.run')).toEqual([
      {
        reference: 'registry.example:5000/team/app:1',
        message:
          'The engine could not pull registry.example:5000/team/app:1: no basic auth credentials',
      },
    ]);
    await act(async () =>
      probe.resolve(fakeDiagnosis({ image: 'registry.example:5000/team/app:1' })),
    );
    const diagnosis = await screen.findByTestId('pull-diagnosis');
    // The diagnosis's verdict is the headline now.
    expect(screen.queryByTestId('pull-cause')).toBeNull();
    const badge = within(diagnosis).getByTestId('cause-badge');
    expect(badge.textContent).toBe('No credentials for this image');
    expect(badge.getAttribute('title')).toContain('code no_credentials');
    await click(within(diagnosis).getByTestId('pull-retry'));
    expect(fake.callsTo('pull.start')).toHaveLength(2);
  });

  it('lists the ledger newest first, filters it through the core and exports what it shows', async () => {
    const entries = [
      entry(),
      entry({
        id: 'e2',
        result: 'failed',
        digest: null,
        cause: 'bad_credentials',
        message: 'unauthorized',
        reference: 'ghcr.io/org/private:2',
      }),
    ];
    const fake = setUp({
      'ledger.list': (request) => ({
        entries: entries.filter((e) => !request.result || e.result === request.result),
        skipped: 1,
      }),
    });
    const rows = await screen.findAllByTestId('ledger-row');
    expect(rows.map((r) => r.getAttribute('data-reference'))).toEqual([
      'registry.example:5000/team/app:1',
      'ghcr.io/org/private:2',
    ]);
    expect(within(rows[0] as HTMLElement).getByTestId('ledger-digest').textContent).toContain(
      'abababababab',
    );
    expect(screen.getByTestId('ledger').textContent).toContain('1 unreadable line was skipped');

    await type(screen.getByTestId('ledger-result'), 'failed');
    expect(fake.callsTo('ledger.list').at(-1)).toEqual({ result: 'failed' });
    expect(screen.getAllByTestId('ledger-row')).toHaveLength(1);

    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:fake';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await click(screen.getByTestId('ledger-export-csv'));
    // jsdom's Blob has no text(): FileReader reads it.
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(saved[0] as Blob);
    });
    expect(text.split('\r\n')[0]).toBe(
      'id,kind,time,reference,digest,platform,credentialSource,durationMs,bytes,result,cause,message',
    );
    expect(text).toContain('e2,pull,');
    expect(text).not.toContain('e1,pull,');
  });

  it('keeps one card per image: a second pull of the same image replaces its card, dismiss removes it', async () => {
    let next = 0;
    const fake = setUp({ 'pull.start': () => ({ pullId: `p${++next}` }) });
    await pull('team/app:1');
    await emit(fake, () =>
      fake.emit('pull.done', {
        pullId: 'p1',
        reference: 'docker.io/team/app:1',
        result: 'failed',
        digest: null,
        entryId: 'e1',
        cause: 'repo_not_found',
        error: { code: 'pull.failed', message: 'manifest unknown: manifest unknown' },
      }),
    );
    await pull('other/app:2');
    // The same image, as Docker normalises it: its card is replaced, not stacked.
    await pull('docker.io/team/app:1');
    const refs = () =>
      screen.getAllByTestId('pull-card').map((c) => c.getAttribute('data-reference'));
    expect(refs()).toEqual(['docker.io/team/app:1', 'other/app:2']);
    expect(screen.getAllByTestId('pull-card')[0]?.getAttribute('data-state')).toBe('running');
    // A late event of the replaced pull brings nothing back.
    await emit(fake, () => fake.emit('pull.log', { pullId: 'p1', line: 'late', level: 'info' }));
    expect(refs()).toHaveLength(2);
    await emit(fake, () =>
      fake.emit('pull.done', {
        pullId: 'p2',
        reference: 'docker.io/other/app:2',
        result: 'success',
        digest: DIGEST,
        entryId: 'e2',
      }),
    );
    const done = screen.getAllByTestId('pull-card')[1] as HTMLElement;
    await click(within(done).getByTestId('pull-dismiss'));
    expect(refs()).toEqual(['docker.io/team/app:1']);
  });

  it('cards outlive the screen: leaving for another screen and coming back keeps them', async () => {
    const fake = setUp();
    await pull('team/app:1');
    await emit(fake, () =>
      fake.emit('pull.done', {
        pullId: 'p1',
        reference: 'docker.io/team/app:1',
        result: 'success',
        digest: DIGEST,
        entryId: 'e1',
      }),
    );
    await click(screen.getByTestId('nav-images'));
    expect(screen.queryByTestId('pull-card')).toBeNull();
    await click(screen.getByTestId('nav-pulls'));
    expect(screen.getByTestId('pull-card').getAttribute('data-state')).toBe('success');
  });

  it('a ledger row opens its stored failure with the cause in words and a diagnosis of its stored text, focused', async () => {
    const failed = entry({
      id: 'e9',
      result: 'failed',
      digest: null,
      cause: 'tag_not_found',
      message:
        'manifest for registry.example:5000/team/app:9 not found: manifest unknown: manifest unknown',
      reference: 'registry.example:5000/team/app:9',
    });
    const fake = setUp({ 'ledger.list': () => ({ entries: [failed], skipped: 0 }) });
    const row = await screen.findByTestId('ledger-row');
    expect(within(row).getByTestId('ledger-cause').textContent).toBe('The tag does not exist');
    await click(within(row).getByTestId('ledger-open'));
    const card = screen.getByTestId('pull-card');
    expect(card.getAttribute('data-state')).toBe('failed');
    expect(card.getAttribute('data-stored')).toBe('true');
    expect(document.activeElement).toBe(card);
    // Read from the stored words, offline: nothing is probed for an old result.
    expect(fake.callsTo('diagnose.message')).toEqual([
      { message: failed.message, image: failed.reference },
    ]);
    expect(fake.callsTo('diagnose.run')).toEqual([]);
    expect(await within(card).findByTestId('pull-diagnosis')).toBeTruthy();
    expect(within(card).getByTestId('pull-error').textContent).toContain('manifest unknown');
    // Opening it again shows the same card, not a second one.
    await click(within(row).getByTestId('ledger-open'));
    expect(screen.getAllByTestId('pull-card')).toHaveLength(1);
  });

  it('a reloaded window opens again the finished cards it had, from the ledger', async () => {
    const good = entry({ id: 'e5', reference: 'registry.example:5000/team/app:5' });
    const ledger = () => ({ entries: [good], skipped: 0 });
    const fake = setUp({ 'ledger.list': ledger });
    await pull('registry.example:5000/team/app:5');
    await emit(fake, () =>
      fake.emit('pull.done', {
        pullId: 'p1',
        reference: good.reference,
        result: 'success',
        digest: DIGEST,
        entryId: 'e5',
      }),
    );
    cleanup();
    // The same session storage, a new window.
    setUp({ 'ledger.list': ledger });
    const card = await screen.findByTestId('pull-card');
    expect(card.getAttribute('data-reference')).toBe(good.reference);
    expect(card.getAttribute('data-state')).toBe('success');
    expect(within(card).getByTestId('pull-digest').textContent).toContain(DIGEST);
    // Dismissed, it stays closed after the next reload.
    await click(within(card).getByTestId('pull-dismiss'));
    cleanup();
    setUp({ 'ledger.list': ledger });
    await screen.findByTestId('ledger-row');
    expect(screen.queryByTestId('pull-card')).toBeNull();
  });

  it('says what the ledger is for when it is empty', async () => {
    setUp();
    expect((await screen.findByTestId('ledger-empty')).textContent).toContain('No pulls yet');
  });
});

describe('the pull bars', () => {
  it('fills a layer’s bar by what is downloaded and what is extracted', () => {
    expect(layerFill({ id: 'a', state: 'waiting', current: 0, total: null })).toEqual({
      downloaded: 0,
      extracted: 0,
    });
    expect(layerFill({ id: 'a', state: 'downloading', current: 25, total: 100 })).toEqual({
      downloaded: 0.25,
      extracted: 0,
    });
    expect(layerFill({ id: 'a', state: 'extracting', current: 50, total: 100 })).toEqual({
      downloaded: 1,
      extracted: 0.5,
    });
    expect(layerFill({ id: 'a', state: 'exists', current: 0, total: null })).toEqual({
      downloaded: 1,
      extracted: 1,
    });
  });

  it('gives no time left while the size is unknown, and the rate of updates over their span', () => {
    const unknown = overall(progress({ bytes: { current: 100, total: 0 } }));
    expect(unknown).toMatchObject({ fraction: null, timeLeft: null, bytes: '100 B' });
    expect(updateRate({ count: 11, first: 1000, last: 2000 })).toBe(10);
    expect(updateRate({ count: 1, first: 1000, last: 1000 })).toBe(0);
  });
});
