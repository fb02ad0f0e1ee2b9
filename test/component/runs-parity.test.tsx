/**
 * The run form's prod-parity panel (runs.check) and the run options (inputs, GPUs, memory,
 * network, init) against a fake client: what the user sees, and what reaches the core.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { withHeadlessTerminal } from './headless-xterm';
import type { HeadlessScreen } from './headless-xterm';
import { BerthError } from '../../src/shared/errors';
import { flowDefaults } from '../../src/shared/flows';
import type { DiscoveryResult, FlowDefinition } from '../../src/shared/flows';
import type { ParityCheck, ParityReport, RunStartInput } from '../../src/shared/runs';
import { createFakeClient, fakeDoctor } from './fake-client';
import type { FakeClient } from './fake-client';
import { engineUp } from './fixtures';
import { click, renderApp, setUpComponentDom, type } from './harness';

const screens = vi.hoisted(() => [] as HeadlessScreen[]);
const breakTerminal = vi.hoisted(() => ({ next: false }));
vi.mock('../../renderer/src/runs/xterm-screen', async () =>
  (await import('./headless-xterm')).headlessXtermModule(screens, breakTerminal),
);

setUpComponentDom();

withHeadlessTerminal(screens);

const ROOT = '/home/me/count-project';
const IMAGE = 'registry.example:5000/team/flows:1';

const step: FlowDefinition = {
  id: 'valohai-step:valohai.yaml:count-words',
  kind: 'valohai-step',
  name: 'count-words',
  file: 'valohai.yaml',
  line: 1,
  image: IMAGE,
  imageFrom: 'step.image',
  command: ['sh', '-e', '-c', 'python3 count.py {parameters}'],
  entrypoint: null,
  parameters: [],
  ...flowDefaults(),
  inputs: [
    { name: 'text', defaults: ['https://example.com/corpus.txt'], optional: false, filename: null },
  ],
};

const discovery: DiscoveryResult = { root: ROOT, flows: [step], problems: [] };

function report(checks: ParityCheck[]): ParityReport {
  return {
    flowId: step.id,
    flowName: step.name,
    reference: IMAGE,
    engine: 'unix:///var/run/docker.sock',
    checks,
  };
}

const missing = report([
  {
    id: 'image',
    status: 'problem',
    message: `${IMAGE} is not on the engine: the run would pull it.`,
    pull: IMAGE,
  },
  {
    id: 'platform',
    status: 'unknown',
    message: 'The image is not on the engine: its platform is not known yet.',
    pull: null,
  },
]);
const present = report([
  { id: 'image', status: 'ok', message: `${IMAGE} is on the engine.`, pull: null },
  {
    id: 'digest',
    status: 'ok',
    message: 'The local digest is the registry’s current one.',
    pull: null,
  },
]);

function setUp(check: (request: RunStartInput) => ParityReport): FakeClient {
  let next = 1;
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'projects.recent': () => ({ projects: [] }),
    'flows.discover': () => discovery,
    'engine.contexts': () => ({ engines: [] }),
    'runs.list': () => ({ active: [], entries: [], skipped: 0 }),
    'runs.check': (request) => check(request),
    'runs.start': () => ({ runId: `run-${next++}` }),
    'runs.log': () => ({ text: '', truncated: false, bytes: 0 }),
    'pull.start': () => ({ pullId: 'p1' }),
    'ledger.list': () => ({ entries: [], skipped: 0 }),
    ...fakeDoctor().handlers,
  });
  renderApp(fake, { screen: 'runs' });
  return fake;
}

async function openProject() {
  await type(await screen.findByTestId('project-path'), ROOT);
  await click(screen.getByTestId('project-open'));
  await screen.findByTestId('flow-list');
}

describe('Runs: the parity check before a run', () => {
  it('lists each check with its status, pulls from its Pull button, and checks again once the pull ends', async () => {
    let pulled = false;
    const fake = setUp(() => (pulled ? present : missing));
    await openProject();
    const panel = await screen.findByTestId('parity');
    const image = await within(panel).findByTestId('parity-image');
    expect(image.dataset['status']).toBe('problem');
    expect(image.textContent).toContain('Problem');
    expect(image.textContent).toContain(`${IMAGE} is not on the engine: the run would pull it.`);
    expect(within(panel).getByTestId('parity-platform').dataset['status']).toBe('unknown');
    // The check is asked with what Run would send.
    expect(fake.callsTo('runs.check')).toEqual([{ dir: ROOT, flowId: step.id, parameters: {} }]);

    await click(within(image).getByTestId('parity-pull'));
    expect(fake.callsTo('pull.start')).toEqual([{ reference: IMAGE }]);
    pulled = true;
    await act(async () => {
      fake.emit('pull.done', {
        pullId: 'p1',
        reference: IMAGE,
        result: 'success',
        digest: `sha256:${'ab'.repeat(32)}`,
        entryId: 'e1',
      });
    });
    await waitFor(() =>
      expect(within(panel).getByTestId('parity-image').dataset['status']).toBe('ok'),
    );
    expect(fake.callsTo('runs.check')).toHaveLength(2);
    expect(within(panel).getByTestId('parity-digest').textContent).toContain('OK');
    expect(within(panel).queryByTestId('parity-pull')).toBeNull();
  });

  it('says why the check could not be made, and asks again from Check again', async () => {
    let calls = 0;
    const fake = setUp(() => {
      calls += 1;
      if (calls === 1) throw new BerthError('engine.unreachable', 'The engine does not answer.');
      return present;
    });
    await openProject();
    const error = await screen.findByTestId('parity-error');
    expect(error.textContent).toBe('The engine does not answer.');
    await click(screen.getByTestId('parity-recheck'));
    await waitFor(() => expect(screen.getByTestId('parity-image').dataset['status']).toBe('ok'));
    expect(screen.queryByTestId('parity-error')).toBeNull();
    expect(fake.callsTo('runs.check')).toHaveLength(2);
  });
});

describe('Runs: run options', () => {
  it('sends the picked input file, GPUs, memory, network and init with the run', async () => {
    const fake = setUp(() => present);
    await openProject();
    const inputs = await screen.findByTestId('run-inputs');
    expect(inputs.textContent).toContain('Valohai would download https://example.com/corpus.txt');
    await type(within(inputs).getByTestId('input-text'), 'data/corpus.txt');
    await type(screen.getByTestId('run-gpus'), 'all');
    await type(screen.getByTestId('run-memory'), '512m');
    await type(screen.getByTestId('run-network'), 'host');
    await click(screen.getByTestId('run-init'));
    await click(screen.getByTestId('run-start'));
    expect(fake.callsTo('runs.start')).toEqual([
      {
        dir: ROOT,
        flowId: step.id,
        parameters: {},
        inputs: { text: ['data/corpus.txt'] },
        gpus: 'all',
        memory: '512m',
        network: 'host',
        init: true,
      },
    ]);
  });

  it('refuses GPUs and a memory limit docker would refuse, and Run waits for them', async () => {
    const fake = setUp(() => present);
    await openProject();
    await type(await screen.findByTestId('run-gpus'), 'lots');
    await type(screen.getByTestId('run-memory'), 'plenty');
    await waitFor(() =>
      expect(screen.getByTestId('run-gpus').getAttribute('aria-invalid')).toBe('true'),
    );
    expect(screen.getByTestId('run-memory').getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).toContain(
      'Write it as docker run --gpus takes it: all, a count (2), or device=0,1.',
    );
    expect(document.body.textContent).toContain('A number with b, k, m or g, e.g. 512m or 2g.');
    expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(true);
    await type(screen.getByTestId('run-gpus'), '2');
    await type(screen.getByTestId('run-memory'), '1g');
    await waitFor(() =>
      expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(false),
    );
    await click(screen.getByTestId('run-start'));
    expect(fake.callsTo('runs.start')).toEqual([
      { dir: ROOT, flowId: step.id, parameters: {}, gpus: '2', memory: '1g' },
    ]);
  });
});
