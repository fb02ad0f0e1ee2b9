import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { App, BerthProvider } from '../../renderer/src';
import type { Screen } from '../../renderer/src';
import { DiagnosisView } from '../../renderer/src/doctor';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { BerthError } from '../../src/shared/errors';
import type { PullCause } from '../../src/shared/pull-causes';
import { createFakeClient, deferred, fakeDiagnosis, fakeDoctor, probeSteps } from './fake-client';
import type { FakeDoctorOptions } from './fake-client';
import { engineUp } from './fixtures';
import { click, setUpComponentDom, type } from './harness';

setUpComponentDom();

afterEach(() => {
  vi.restoreAllMocks();
  Reflect.deleteProperty(navigator, 'clipboard');
});

function setUp(options: FakeDoctorOptions = {}, initial: Screen = 'doctor') {
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    ...fakeDoctor(options).handlers,
  });
  render(
    <BerthProvider client={fake.client} initialScreen={initial}>
      <App />
    </BerthProvider>,
  );
  return fake;
}

async function checkImage(reference: string) {
  await type(screen.getByTestId('doctor-reference'), reference);
  await click(screen.getByTestId('doctor-check'));
}

/** Replaces the clipboard with one that records what lands on it. */
function recordClipboard(): { text: string } {
  const copied = { text: '' };
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (text: string) => void (copied.text = text) },
  });
  return copied;
}

/** jsdom's Blob has no text(); FileReader reads it. */
function blobText(blob: Blob | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!blob) return reject(new Error('No blob'));
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

const stepNamed = (name: string) => {
  const step = screen.getAllByTestId('probe-step').find((s) => s.dataset['step'] === name);
  if (!step) throw new Error(`No probe step ${name}`);
  return step;
};

describe('Doctor: the verdict', () => {
  it('opens from the rail, probes the typed image, and puts the verdict first with what else it could be', async () => {
    const fake = setUp({}, 'engine');
    await click(screen.getByTestId('nav-doctor'));
    expect(screen.getByTestId('doctor-empty')).toBeTruthy();
    expect(document.title).toBe('Doctor — Berth');

    await checkImage('  registry.example:5000/team/app:1 ');
    expect(fake.callsTo('diagnose.run')).toEqual([
      { reference: 'registry.example:5000/team/app:1' },
    ]);
    const view = await screen.findByTestId('diagnosis');
    expect(view.dataset['cause']).toBe('no_credentials');
    expect(screen.getByTestId('diagnosis-title').textContent).toContain(
      'No credentials for this image',
    );
    expect(screen.getByTestId('cause-badge').dataset['kind']).toBe('credentials');
    expect(screen.getByTestId('diagnosis-summary').textContent).toBe(
      'registry.example:5000 wants credentials for team/app and none apply.',
    );
    const alternatives = screen.getByTestId('diagnosis-alternatives');
    expect(alternatives.textContent).toContain('Could also be:');
    expect(alternatives.textContent).toContain('The repository does not exist');
    expect(screen.getByTestId('diagnosis-mode').textContent).toContain('live probe');
    // The verdict comes first: before what to do, and before the steps.
    const title = screen.getByTestId('diagnosis-title');
    const follows = (element: Element) =>
      Boolean(title.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING);
    expect(view.querySelector('h2, h3')).toBe(title);
    expect(follows(screen.getByTestId('fix-list'))).toBe(true);
    expect(follows(screen.getByTestId('probe-timeline'))).toBe(true);
  });

  it.each<[PullCause, string]>([
    ['bad_credentials', 'The registry refused the credential'],
    ['expired_credentials', 'The credential has expired'],
    ['insufficient_scope', 'The credential may not pull this repository'],
    ['tag_not_found', 'The tag does not exist'],
    ['rate_limited', 'The registry is rate-limiting pulls'],
    ['dns', 'The registry name does not resolve'],
    ['platform_mismatch', 'No image for this platform'],
    ['daemon_down', 'The container engine is not running'],
  ])('names %s "%s", standing alone without a store', (cause, title) => {
    render(<DiagnosisView diagnosis={fakeDiagnosis({ cause, alternatives: [] })} />);
    const heading = screen.getByRole('heading', { level: 2 });
    expect(heading.textContent).toBe(title);
    // The code is in the tooltip and the data, not in the words.
    expect(screen.getByTestId('cause-badge').getAttribute('title')).toContain(`code ${cause}`);
    expect(screen.getByTestId('diagnosis').dataset['cause']).toBe(cause);
    expect(screen.queryByTestId('diagnosis-alternatives')).toBeNull();
    // Without onCheckAgain there is no "Check again".
    expect(screen.queryByTestId('diagnosis-check-again')).toBeNull();
  });

  it('says the image pulls when a live probe found no cause and no step failed', () => {
    render(
      <DiagnosisView
        diagnosis={fakeDiagnosis({ cause: 'unknown', alternatives: [], steps: probeSteps() })}
      />,
    );
    expect(screen.getByTestId('diagnosis-title').textContent).toContain('Healthy: the image pulls');
    expect(screen.getByTestId('cause-badge').dataset['kind']).toBe('clear');
    expect(screen.queryAllByTestId('probe-step-skipped')).toHaveLength(0);
  });

  it('shows a healthy probe with an expected anonymous refusal as green, the refusal neutral', () => {
    const steps = [
      ...probeSteps(),
      {
        name: 'token (anonymous)',
        ok: false,
        expected: true,
        ms: 3,
        detail: 'refused (expected: without the credential this repository is not readable)',
      },
    ];
    render(
      <DiagnosisView
        diagnosis={fakeDiagnosis({ cause: 'unknown', alternatives: [], steps, healthy: true })}
      />,
    );
    expect(screen.getByTestId('diagnosis-title').textContent).toContain('Healthy: the image pulls');
    const refusal = screen
      .getAllByTestId('probe-step')
      .filter((li) => li.dataset['step'] === 'token (anonymous)')
      .at(-1);
    expect(refusal?.dataset['state']).toBe('expected');
    expect(refusal?.dataset['firstFailed']).toBe('false');
    expect(screen.getByRole('img', { name: 'refused, as expected' })).toBeTruthy();
  });

  it('says "No known cause" when nothing matched and a step did fail', () => {
    render(<DiagnosisView diagnosis={fakeDiagnosis({ cause: 'unknown', alternatives: [] })} />);
    expect(screen.getByTestId('diagnosis-title').textContent).toContain('No known cause');
    expect(screen.getByTestId('cause-badge').dataset['kind']).toBe('unknown');
  });
});

describe('Doctor: the steps', () => {
  it('highlights the first failed step, opens its evidence, scrolls it into view, and greys out what never ran', async () => {
    // jsdom lays nothing out and has no scrollIntoView: record who asks to be shown.
    const scrolled: Element[] = [];
    Object.defineProperty(Element.prototype, 'scrollIntoView', {
      configurable: true,
      value(this: Element) {
        scrolled.push(this);
      },
    });
    onTestFinished(() => {
      Reflect.deleteProperty(Element.prototype, 'scrollIntoView');
    });
    setUp({
      run: ({ reference }) =>
        fakeDiagnosis({
          image: reference,
          steps: probeSteps('pull-access (anonymous)', 'The registry refused anonymous access.'),
        }),
    });
    await checkImage('registry.example:5000/team/app:1');
    await screen.findByTestId('diagnosis');

    const failed = stepNamed('pull-access (anonymous)');
    expect(failed.dataset['firstFailed']).toBe('true');
    expect(failed.dataset['state']).toBe('failed');
    expect(failed.className).toContain('probe-step--failed');
    expect(within(failed).getByRole('img', { name: 'failed' }).textContent).toBe('✗');
    expect(within(failed).getByText('40 ms')).toBeTruthy();
    const evidence = within(failed).getByTestId('probe-step-detail');
    expect(evidence.textContent).toBe('The registry refused anonymous access.');
    expect(evidence.className).toContain('probe-step__detail--open');
    expect(within(failed).getByRole('button').getAttribute('aria-expanded')).toBe('true');
    // The new card comes into view first; the failed step once the diagnosis is in.
    expect(scrolled).toEqual([screen.getByTestId('doctor-result'), failed]);

    // 40 of the 78 ms in all: the bar shows its share.
    expect(screen.getByTestId('probe-timeline').textContent).toContain('78 ms in all');
    const bar = failed.querySelector<HTMLElement>('.probe-step__bar-fill');
    expect(bar?.style.width).toBe('51%');

    const ping = stepNamed('ping');
    expect(ping.dataset['state']).toBe('ok');
    expect(ping.dataset['firstFailed']).toBe('false');
    expect(within(ping).getByTestId('probe-step-detail').className).not.toContain('--open');
    // A click opens an ok step's evidence too.
    await click(within(ping).getByRole('button'));
    expect(within(ping).getByTestId('probe-step-detail').className).toContain('--open');

    expect(screen.getAllByTestId('probe-step-skipped').map((s) => s.dataset['step'])).toEqual([
      'manifest',
    ]);
  });

  it('marks failures after the first one amber, and starts the chain again on a new diagnosis', () => {
    const steps = probeSteps('pull-access (anonymous)', 'denied').map((s) =>
      s.name === 'engine' ? { ...s, ok: false, detail: 'The engine did not answer.' } : s,
    );
    const { rerender } = render(<DiagnosisView diagnosis={fakeDiagnosis({ steps })} />);
    expect(stepNamed('engine').dataset['state']).toBe('failed');
    expect(stepNamed('pull-access (anonymous)').dataset['state']).toBe('also-failed');

    rerender(
      <DiagnosisView
        diagnosis={fakeDiagnosis({ cause: 'dns', steps: probeSteps('dns', 'ENOTFOUND') })}
      />,
    );
    expect(stepNamed('dns').dataset['firstFailed']).toBe('true');
    expect(screen.getAllByTestId('probe-step-skipped').map((s) => s.dataset['step'])).toEqual([
      'tcp',
      'tls',
      'ping',
      'manifest',
    ]);
  });
});

describe('Doctor: what to do', () => {
  const diagnosis: Diagnosis = fakeDiagnosis({
    fix: [
      'Store it: echo "$TOKEN" | berth login ghcr.io -u octocat --password-stdin',
      'aws ecr get-login-password --region eu-west-1 | berth login 1.dkr.ecr.eu-west-1.amazonaws.com -u AWS --password-stdin',
      'Start the engine: Docker Desktop, `sudo systemctl start docker`, or `colima start`.',
      'Then log in again: berth login (or docker login).',
      'Docker Hub needs a personal access token: create one at https://app.docker.com/settings/personal-access-tokens (Read-only is enough).',
    ],
    docs: ['https://docs.docker.com/docker-hub/usage/', 'http://plain.example/doc', 'nonsense'],
  });

  it('numbers the fix steps and gives every command a copy button that copies exactly the command', async () => {
    const copied = recordClipboard();
    render(<DiagnosisView diagnosis={diagnosis} />);
    const steps = screen.getAllByTestId('fix-step');
    expect(steps).toHaveLength(5);
    expect(screen.getByTestId('fix-list').querySelector('ol')).toBeTruthy();

    const commands = screen.getAllByTestId('fix-command').map((c) => c.querySelector('code'));
    expect(commands.map((c) => c?.textContent)).toEqual([
      'echo "$TOKEN" | berth login ghcr.io -u octocat --password-stdin',
      'aws ecr get-login-password --region eu-west-1 | berth login 1.dkr.ecr.eu-west-1.amazonaws.com -u AWS --password-stdin',
      'berth login',
    ]);
    expect(steps[0]?.textContent).toContain('Store it:');
    expect(steps[3]?.textContent).toContain('(or docker login).');
    // Backticks are code with a copy button too.
    expect(
      screen.getAllByTestId('fix-code').map((c) => c.querySelector('code')?.textContent),
    ).toEqual(['sudo systemctl start docker', 'colima start']);

    const first = screen.getAllByTestId('fix-command')[0] as HTMLElement;
    await act(async () => fireEvent.click(within(first).getByRole('button')));
    expect(copied.text).toBe('echo "$TOKEN" | berth login ghcr.io -u octocat --password-stdin');
    expect(within(first).getByText('Copied')).toBeTruthy();
    await act(async () =>
      fireEvent.click(
        within(screen.getAllByTestId('fix-code')[1] as HTMLElement).getByRole('button'),
      ),
    );
    expect(copied.text).toBe('colima start');

    // Prose is not a command: "Docker Hub needs…" has no copy button, but its link works.
    expect(within(steps[4] as HTMLElement).queryByRole('button')).toBeNull();
    const inline = within(steps[4] as HTMLElement).getByRole('link');
    expect(inline.getAttribute('href')).toBe(
      'https://app.docker.com/settings/personal-access-tokens',
    );
    expect(inline.getAttribute('target')).toBe('_blank');
  });

  it('links only https documentation, opened outside the app', () => {
    render(<DiagnosisView diagnosis={diagnosis} />);
    const docs = screen.getAllByTestId('diagnosis-doc');
    expect(docs).toHaveLength(1);
    const link = within(docs[0] as HTMLElement).getByRole('link');
    expect(link.getAttribute('href')).toBe('https://docs.docker.com/docker-hub/usage/');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noreferrer');
    expect(link.textContent).toContain('docs.docker.com/docker-hub/usage');
  });
});

describe('Doctor: checking and reporting', () => {
  it('shows a spinner and the host being probed, then the verdict; sends the platform; remembers the last 5 references', async () => {
    const pending = deferred<Diagnosis>();
    const fake = setUp({ run: () => pending.promise });
    await type(screen.getByTestId('doctor-platform'), 'linux/arm64');
    await checkImage('ghcr.io/acme/app:2');
    expect(fake.callsTo('diagnose.run')).toEqual([
      { reference: 'ghcr.io/acme/app:2', platform: 'linux/arm64' },
    ]);
    const progress = screen.getByTestId('doctor-progress');
    expect(progress.textContent).toMatch(/probing ghcr\.io…/i);
    expect(progress.querySelector('.spinner')).toBeTruthy();
    expect((screen.getByTestId('doctor-check') as HTMLButtonElement).disabled).toBe(true);

    await act(async () => pending.resolve(fakeDiagnosis({ image: 'ghcr.io/acme/app:2' })));
    expect(screen.queryByTestId('doctor-progress')).toBeNull();
    expect(screen.getByTestId('diagnosis-image').textContent).toBe('ghcr.io/acme/app:2');

    fake.handlers['diagnose.run'] = ({ reference }) => fakeDiagnosis({ image: reference });
    for (const n of [3, 4, 5, 6, 7]) await checkImage(`ghcr.io/acme/app:${n}`);
    const recent = screen.getByTestId('doctor-recent');
    expect(
      within(recent)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual([
      'ghcr.io/acme/app:7',
      'ghcr.io/acme/app:6',
      'ghcr.io/acme/app:5',
      'ghcr.io/acme/app:4',
      'ghcr.io/acme/app:3',
    ]);
    await click(within(recent).getByText('ghcr.io/acme/app:4'));
    expect(fake.callsTo('diagnose.run').at(-1)).toEqual({
      reference: 'ghcr.io/acme/app:4',
      platform: 'linux/arm64',
    });
    expect((screen.getByTestId('doctor-reference') as HTMLInputElement).value).toBe(
      'ghcr.io/acme/app:4',
    );

    // One card per image, the one checked last on top; Check again asks its question again.
    const cards = () => screen.getAllByTestId('doctor-result');
    expect(cards().map((c) => c.dataset['result'])).toEqual([
      'ghcr.io/acme/app:4',
      'ghcr.io/acme/app:7',
      'ghcr.io/acme/app:6',
      'ghcr.io/acme/app:5',
      'ghcr.io/acme/app:3',
      'ghcr.io/acme/app:2',
    ]);
    await click(within(cards()[0] as HTMLElement).getByTestId('diagnosis-check-again'));
    expect(fake.callsTo('diagnose.run')).toHaveLength(8);
    expect(fake.callsTo('diagnose.run').at(-1)).toEqual(fake.callsTo('diagnose.run').at(-2));
    expect(cards()).toHaveLength(6);

    // Kept until dismissed: leaving the screen changes nothing; the close button removes one.
    await click(screen.getByTestId('nav-pulls'));
    await click(screen.getByTestId('nav-doctor'));
    expect(cards()).toHaveLength(6);
    await click(within(cards()[1] as HTMLElement).getByTestId('doctor-dismiss'));
    expect(cards().map((c) => c.dataset['result'])).not.toContain('ghcr.io/acme/app:7');
    expect(cards()).toHaveLength(5);
    // Six diagnosis views with their timelines: slow in jsdom on a loaded machine.
  }, 20_000);

  it('says what is wrong with the reference under the field, and sends nothing', async () => {
    const fake = setUp();
    await click(screen.getByTestId('doctor-check'));
    expect(screen.getByTestId('doctor-reference-error').textContent).toContain(
      'Type an image reference',
    );
    expect(screen.getByTestId('doctor-reference').getAttribute('aria-invalid')).toBe('true');

    await checkImage('GHCR.io/Acme/App:1');
    expect(screen.getByTestId('doctor-reference-error').textContent).toContain('must be lowercase');
    expect(fake.callsTo('diagnose.run')).toEqual([]);

    await type(screen.getByTestId('doctor-reference'), 'ghcr.io/acme/app:1');
    expect(screen.queryByTestId('doctor-reference-error')).toBeNull();
  });

  it('offline mode sends diagnose.message with the pasted text, and can then probe the image live', async () => {
    const fake = setUp();
    await click(screen.getByTestId('doctor-tab-offline'));
    expect(screen.getByTestId('doctor-tab-offline').getAttribute('aria-selected')).toBe('true');

    await click(screen.getByTestId('doctor-explain'));
    expect(screen.getByTestId('doctor-message-error').textContent).toContain('Paste the error');
    expect(fake.callsTo('diagnose.message')).toEqual([]);

    const pasted =
      'Using default tag: latest\nError response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit';
    await type(screen.getByTestId('doctor-message'), pasted);
    await type(screen.getByTestId('doctor-image'), 'Not/A/Ref');
    await click(screen.getByTestId('doctor-explain'));
    expect(screen.getByTestId('doctor-image-error').textContent).toContain('lowercase');
    expect(fake.callsTo('diagnose.message')).toEqual([]);

    await type(screen.getByTestId('doctor-image'), 'alpine:3');
    await click(screen.getByTestId('doctor-explain'));
    expect(fake.callsTo('diagnose.message')).toEqual([{ message: pasted, image: 'alpine:3' }]);
    const view = await screen.findByTestId('diagnosis');
    expect(view.dataset['mode']).toBe('offline');
    expect(screen.getByTestId('diagnosis-title').textContent).toContain(
      'The registry is rate-limiting pulls',
    );
    expect(screen.getByTestId('diagnosis-mode').textContent).toBe('from the error text only');
    expect(stepNamed('classify').dataset['state']).toBe('ok');
    expect(screen.getByTestId('probe-timeline').textContent).toContain('from the error text only');

    await click(screen.getByTestId('doctor-probe-pasted'));
    expect(fake.callsTo('diagnose.run')).toEqual([{ reference: 'alpine:3', message: pasted }]);
    expect(screen.getByTestId('doctor-tab-live').getAttribute('aria-selected')).toBe('true');
    expect((await screen.findByTestId('diagnosis')).dataset['mode']).toBe('live');
  });

  it('copy report puts the Markdown report, with the cause and the failed step, on the clipboard', async () => {
    const copied = recordClipboard();
    setUp();
    await checkImage('registry.example:5000/team/app:1');
    await click(await screen.findByTestId('diagnosis-copy-report'));
    expect(copied.text).toContain('# Berth diagnosis: registry.example:5000/team/app:1');
    expect(copied.text).toContain('- **Cause:** `no_credentials` (or: `repo_not_found`)');
    expect(copied.text).toContain('| pull-access (anonymous) | **failed** | 40 |');
    expect(copied.text).toContain('1. Store a working credential: berth login');
    expect(screen.getByTestId('diagnosis-copy-report').textContent).toBe('Copied');
  });

  it('saves the report as a Markdown file through a Blob URL', async () => {
    const blobs: Blob[] = [];
    const created = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:berth/report';
    });
    Object.defineProperty(URL, 'createObjectURL', { configurable: true, value: created });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: vi.fn() });
    const downloads: { name: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push({ name: this.download, href: this.href });
    });
    try {
      render(<DiagnosisView diagnosis={fakeDiagnosis({ image: 'ghcr.io/acme/app:1.2' })} />);
      await click(screen.getByTestId('diagnosis-save-report'));
      expect(downloads).toEqual([
        { name: 'berth-diagnosis-ghcr.io-acme-app-1.2.md', href: 'blob:berth/report' },
      ]);
      expect(blobs[0]?.type).toContain('text/markdown');
      expect(await blobText(blobs[0])).toContain('`no_credentials`');
    } finally {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    }
  });

  it('shows a contract error in an ErrorPanel, and Retry asks again', async () => {
    const fake = setUp({
      run: () => {
        throw new BerthError(
          'request.invalid',
          'Invalid request for diagnose.run: platform: Too big: expected string to have <=64 characters',
        );
      },
    });
    await checkImage('ghcr.io/acme/app:1');
    const panel = await screen.findByRole('alert');
    expect(panel.className).toContain('state-panel--error');
    expect(panel.textContent).toContain('Berth could not run the check');
    expect(panel.textContent).toContain('Invalid request for diagnose.run');
    expect(within(panel).getByText('request.invalid')).toBeTruthy();
    expect(screen.queryByTestId('diagnosis')).toBeNull();

    fake.handlers['diagnose.run'] = ({ reference }) => fakeDiagnosis({ image: reference });
    await click(within(panel).getByRole('button', { name: 'Retry' }));
    expect(fake.callsTo('diagnose.run')).toHaveLength(2);
    expect(await screen.findByTestId('diagnosis')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
