/**
 * The run form and panel for a flow whose file names an image build: where the image comes
 * from, the build mode, the tag asked for where the file's is a template, the building phase
 * with the build output in the terminal, and Cancel during the build.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { withHeadlessTerminal } from './headless-xterm';
import type { HeadlessScreen } from './headless-xterm';
import { flowDefaults } from '../../src/shared/flows';
import type { FlowBuild } from '../../src/shared/build';
import type { DiscoveryResult, FlowDefinition } from '../../src/shared/flows';
import type { ActiveRun } from '../../src/shared/runs';
import { createFakeClient, fakeDoctor } from './fake-client';
import type { FakeClient } from './fake-client';
import { engineUp } from './fixtures';
import { click, renderApp, setUpComponentDom, type } from './harness';

const screens = vi.hoisted(() => [] as HeadlessScreen[]);
/** Set to make the next terminal fail to open, as xterm would without a usable window. */
const breakTerminal = vi.hoisted(() => ({ next: false }));
vi.mock('../../renderer/src/runs/xterm-screen', async () =>
  (await import('./headless-xterm')).headlessXtermModule(screens, breakTerminal),
);

setUpComponentDom();

withHeadlessTerminal(screens);

const ROOT = '/home/me/build-project';

const BUILD: FlowBuild = {
  from: 'build step build_image (prefect_docker.deployments.steps.build_docker_image)',
  context: '.',
  dockerfile: 'Dockerfile',
  imageName: 'team/flows',
  tag: null,
  tagUnresolved: 'the tag is {{ $GIT_SHA }}, and GIT_SHA is not set',
  platform: null,
  buildArgs: {},
  pull: true,
  target: null,
};

const builtFlow: FlowDefinition = {
  id: 'prefect-deployment:prefect.yaml:greet',
  kind: 'prefect-deployment',
  name: 'greet',
  file: 'prefect.yaml',
  line: 12,
  image: '{{ build_image.image }}',
  imageFrom: 'work_pool.job_variables.image',
  command: null,
  entrypoint: { path: 'flows/hello.py', function: 'hello' },
  parameters: [],
  ...flowDefaults(),
  pullPolicy: 'NEVER',
  build: BUILD,
};

const autoFlow: FlowDefinition = {
  ...builtFlow,
  id: 'prefect-deployment:prefect.yaml:auto',
  name: 'auto',
  line: 30,
  build: { ...BUILD, dockerfile: 'auto', tag: 'dev', tagUnresolved: null },
};

const discovery: DiscoveryResult = {
  root: ROOT,
  flows: [builtFlow, autoFlow],
  problems: [],
  notRun: [],
};

function activeRun(overrides: Partial<ActiveRun> & { runId: string }): ActiveRun {
  return {
    flowId: builtFlow.id,
    flowName: builtFlow.name,
    projectDir: ROOT,
    reference: 'team/flows:abc123',
    engine: 'unix:///var/run/docker.sock',
    started: '2026-12-02T10:00:00.000Z',
    phase: 'building',
    pull: null,
    builds: true,
    ...overrides,
  };
}

function setUp(): FakeClient {
  let next = 1;
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'projects.recent': () => ({ projects: [] }),
    'flows.discover': () => discovery,
    'engine.contexts': () => ({ engines: [] }),
    'runs.list': () => ({ active: [], entries: [], skipped: 0 }),
    'runs.start': () => ({ runId: `run-${next++}` }),
    'runs.cancel': () => ({ cancelled: true }),
    'runs.log': () => ({ text: '', truncated: false, bytes: 0 }),
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

const emit = (fake: FakeClient, ...args: Parameters<FakeClient['emit']>) =>
  act(async () => {
    fake.emit(...args);
  });

const phase = (name: string) =>
  within(screen.getByTestId('run-phases'))
    .getAllByRole('listitem')
    .find((li) => li.dataset['phase'] === name)?.dataset['state'];

describe('Runs: a flow whose image is built first', () => {
  it('says where the image comes from, asks for the tag the file leaves to a template, and sends the build choices', async () => {
    const fake = setUp();
    await openProject();
    const build = await screen.findByTestId('run-form-build');
    expect(screen.getByTestId('run-build-source').textContent).toBe(
      `team/flows is built from Dockerfile in ., as ${BUILD.from} says, then run.`,
    );
    // The file's tag is a template Berth cannot fill: Run waits for one.
    expect(within(build).getByText('required')).toBeTruthy();
    expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('run-build-tag-error').textContent).toContain(
      'Give the tag to build team/flows with: the tag is {{ $GIT_SHA }}, and GIT_SHA is not set.',
    );

    await type(screen.getByTestId('run-build-tag'), '-bad');
    expect(screen.getByTestId('run-build-tag-error').textContent).toContain('A tag is letters');
    await type(screen.getByTestId('run-build-tag'), 'abc123');
    expect(screen.queryByTestId('run-build-tag-error')).toBeNull();
    await type(screen.getByTestId('run-build-mode'), 'always');
    await click(screen.getByTestId('run-start'));
    expect(fake.callsTo('runs.start')).toEqual([
      { dir: ROOT, flowId: builtFlow.id, parameters: {}, build: 'always', buildTag: 'abc123' },
    ]);
  });

  it('for dockerfile: auto, needs no tag and sends nothing it does not change', async () => {
    const fake = setUp();
    await openProject();
    const item = screen
      .getAllByTestId('flow-item')
      .find((i) => i.dataset['flowId'] === autoFlow.id);
    if (!item) throw new Error('no flow auto');
    await click(item);
    await waitFor(() =>
      expect(screen.getByTestId('run-build-source').textContent).toContain(
        'a Dockerfile written as prefect deploy writes it (dockerfile: auto)',
      ),
    );
    expect((screen.getByTestId('run-build-tag') as HTMLInputElement).placeholder).toBe('dev');
    await click(screen.getByTestId('run-start'));
    expect(fake.callsTo('runs.start')).toEqual([
      { dir: ROOT, flowId: autoFlow.id, parameters: {} },
    ]);
  });

  it('shows building, then running, with the build output in the terminal; Cancel stops the build', async () => {
    const fake = setUp();
    await openProject();
    await type(await screen.findByTestId('run-build-tag'), 'abc123');
    await click(screen.getByTestId('run-start'));
    await emit(fake, 'run.status', activeRun({ runId: 'run-1' }));
    expect(phase('building')).toBe('current');
    expect(phase('running')).toBe('later');
    await emit(fake, 'run.log', {
      runId: 'run-1',
      chunk: 'Step 1/3 : FROM berth-test/python:3\r\n ---> e95d2b162106\r\n',
    });
    await waitFor(() =>
      expect(screens.at(-1)?.lines()).toContain('Step 1/3 : FROM berth-test/python:3'),
    );

    await click(screen.getByTestId('run-cancel'));
    expect(fake.callsTo('runs.cancel')).toEqual([{ runId: 'run-1' }]);
    await emit(fake, 'run.done', {
      runId: 'run-1',
      result: 'cancelled',
      exitCode: null,
      digest: null,
      entryId: 'run-1',
    });
    expect(screen.getByTestId('run-result').textContent).toBe('Cancelled');
  });

  it('moves from building to running, the pull step skipped: a built image is never pulled', async () => {
    const fake = setUp();
    await openProject();
    await type(await screen.findByTestId('run-build-tag'), 'abc123');
    await click(screen.getByTestId('run-start'));
    await emit(fake, 'run.status', activeRun({ runId: 'run-1' }));
    await emit(fake, 'run.status', activeRun({ runId: 'run-1', phase: 'running' }));
    expect(phase('building')).toBe('done');
    expect(phase('pulling')).toBe('skipped');
    expect(phase('running')).toBe('current');
  });
});
