import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { StreamState, TransportSignals } from '../../renderer/src';
import { withHeadlessTerminal } from './headless-xterm';
import type { HeadlessScreen } from './headless-xterm';
import { BerthError } from '../../src/shared/errors';
import { flowDefaults } from '../../src/shared/flows';
import type { DiscoveryResult, FlowDefinition } from '../../src/shared/flows';
import type { RunEntry } from '../../src/shared/ledger';
import type { ActiveRun, EngineChoice, RecentProject } from '../../src/shared/runs';
import { createFakeClient, deferred, fakeDoctor } from './fake-client';
import type { FakeClient, FakeHandlers } from './fake-client';
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

const ROOT = '/home/me/prefect-project';
const DIGEST = `sha256:${'c0ffee'.repeat(10)}abcd`;

function flow(overrides: Partial<FlowDefinition> & { name: string }): FlowDefinition {
  return {
    id: `prefect-deployment:prefect.yaml:${overrides.name}`,
    kind: 'prefect-deployment',
    file: 'prefect.yaml',
    line: 1,
    image: 'berth-test/python:3',
    imageFrom: 'work_pool.job_variables.image',
    command: null,
    entrypoint: { path: 'flows/hello.py', function: 'hello' },
    parameters: [],
    ...flowDefaults(),
    ...overrides,
  };
}

const helloParameters: FlowDefinition['parameters'] = [
  { name: 'name', default: 'explicit', type: 'str', required: false },
  { name: 'count', default: 2, type: 'int', required: false },
  { name: 'shout', default: false, type: 'bool', required: false },
  { name: 'ratio', default: null, type: 'Optional[float]', required: false },
];

const explicit = flow({
  name: 'hello-explicit',
  line: 52,
  parameters: helloParameters,
  pullPolicy: 'NEVER',
  env: { GREETING: 'Hi', OUT_DIR: '/data/out' },
  volumes: [{ host: 'out', container: '/data/out', readOnly: false }],
});
const built = flow({
  name: 'hello-built',
  line: 38,
  image: '{{ build_image.image }}',
  imageFrom: 'work_pool.job_variables.image',
  unresolved: [
    {
      template: '{{ prefect.variables.region }}',
      where: 'work_pool.job_variables.env.REGION',
      why: 'Prefect variables live on the Prefect server',
    },
  ],
  warnings: [
    'The build step builds berth-test/python:3 from Dockerfile, which Berth does not run.',
  ],
});
const chatty = flow({
  id: 'prefect-flow:flows/chatty.py:chatty',
  name: 'chatty',
  kind: 'prefect-flow',
  file: 'flows/chatty.py',
  line: 15,
  image: 'prefecthq/prefect:3-latest',
  imageFrom: 'default image',
  entrypoint: { path: 'flows/chatty.py', function: 'chatty' },
});
const valohai = flow({
  id: 'valohai-step:valohai.yaml:train',
  name: 'train',
  kind: 'valohai-step',
  file: 'valohai.yaml',
  line: 3,
  entrypoint: null,
  command: ['python3', 'train.py'],
  imageFrom: 'step.image',
});

const discovery: DiscoveryResult = {
  root: ROOT,
  flows: [explicit, built, chatty, valohai],
  problems: [
    {
      file: 'prefect.yaml',
      line: 71,
      message: 'entrypoint flows/missing.py:main — flows/missing.py does not exist',
      hint: 'Fix the path, or remove the deployment.',
    },
  ],
};

const engines: EngineChoice[] = [
  {
    name: 'default',
    address: 'unix:///var/run/docker.sock',
    tls: false,
    current: true,
    description: null,
  },
  {
    name: 'build-box',
    address: 'tcp://10.0.0.5:2376',
    tls: true,
    current: false,
    description: 'The team build server',
  },
];

function runEntry(overrides: Partial<RunEntry> & { id: string }): RunEntry {
  return {
    kind: 'run',
    time: '2025-06-01T09:50:00.000Z',
    flowId: explicit.id,
    flowName: explicit.name,
    projectDir: ROOT,
    parameters: { name: 'explicit', count: 2 },
    reference: 'docker.io/berth-test/python:3',
    digest: DIGEST,
    engine: 'unix:///var/run/docker.sock',
    pullPolicy: 'NEVER',
    durationMs: 4200,
    exitCode: 0,
    result: 'success',
    cause: null,
    message: null,
    logFile: `/data/runs/${overrides.id}.log`,
    ...overrides,
  };
}

function activeRun(overrides: Partial<ActiveRun> & { runId: string }): ActiveRun {
  return {
    flowId: explicit.id,
    flowName: explicit.name,
    projectDir: ROOT,
    reference: 'docker.io/berth-test/python:3',
    engine: 'unix:///var/run/docker.sock',
    started: '2025-06-01T10:00:00.000Z',
    phase: 'creating',
    pull: null,
    ...overrides,
  };
}

interface SetUpOptions {
  signals?: TransportSignals;
  recent?: RecentProject[];
  entries?: RunEntry[];
  logs?: Record<string, string>;
  handlers?: FakeHandlers;
}

function setUp(options: SetUpOptions = {}): FakeClient {
  let next = 1;
  const fake = createFakeClient({
    'engine.status': () => engineUp(),
    'projects.recent': () => ({ projects: options.recent ?? [] }),
    'projects.choose': () => {
      throw new BerthError('projects.not_supported', 'Browser mode cannot show a folder dialog.');
    },
    'flows.discover': ({ dir }) => {
      if (dir !== ROOT) throw new BerthError('flows.not_a_folder', `${dir} is not a folder.`);
      return discovery;
    },
    'engine.contexts': () => ({ engines }),
    'runs.list': () => ({ active: [], entries: options.entries ?? [], skipped: 0 }),
    'runs.start': () => ({ runId: `run-${next++}` }),
    'runs.cancel': () => ({ cancelled: true }),
    'runs.rerun': () => ({ runId: `run-${next++}` }),
    'runs.log': ({ runId }) => {
      const text = options.logs?.[runId] ?? '';
      return { text, truncated: false, bytes: text.length };
    },
    ...fakeDoctor().handlers,
    ...options.handlers,
  });
  renderApp(fake, { screen: 'runs', ...(options.signals ? { signals: options.signals } : {}) });
  return fake;
}

async function openProject(path = ROOT) {
  await type(await screen.findByTestId('project-path'), path);
  await click(screen.getByTestId('project-open'));
  await screen.findByTestId('flow-list');
}

const flowItem = (name: string) => {
  const item = screen.getAllByTestId('flow-item').find((i) => i.textContent?.includes(name));
  if (!item) throw new Error(`No flow ${name}`);
  return item;
};

/** The last terminal opened, once it shows `text`. */
async function terminalShows(text: string): Promise<HeadlessScreen> {
  let found: HeadlessScreen | undefined;
  await waitFor(() => {
    found = screens.at(-1);
    expect(found?.lines().join('\n')).toContain(text);
  });
  if (!found) throw new Error('No terminal');
  return found;
}

const emit = (fake: FakeClient, ...args: Parameters<FakeClient['emit']>) =>
  act(async () => {
    fake.emit(...args);
  });

describe('Runs: the project folder', () => {
  it('opens from the rail with one sentence and the button that fills it, which falls back to the path field in browser mode', async () => {
    const fake = setUp();
    await click(screen.getByTestId('nav-engine'));
    await click(screen.getByTestId('nav-runs'));
    expect(document.title).toBe('Runs — Berth');
    const empty = await screen.findByTestId('runs-empty');
    expect(empty.textContent).toContain('Open a project folder');

    await click(screen.getByTestId('runs-empty-open'));
    expect(fake.callsTo('projects.choose')).toEqual([{}]);
    expect(screen.getByTestId('project-chooser-missing').textContent).toContain('type the folder');
    expect(screen.queryByTestId('project-choose')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('project-path'));
  });

  it('keeps the open project and its run when the user leaves the screen and comes back', async () => {
    const fake = setUp();
    await click(await screen.findByTestId('runs-empty-open'));
    await openProject();
    await click(screen.getByTestId('run-start'));
    await emit(fake, 'run.log', { runId: 'run-1', chunk: 'kept while away\n' });
    await click(screen.getByTestId('nav-engine'));
    await click(screen.getByTestId('nav-runs'));
    expect(screen.getAllByTestId('flow-item')).toHaveLength(4);
    expect(screen.getByTestId('run-panel').dataset['runId']).toBe('run-1');
    await terminalShows('kept while away');
    // Focus goes to the path field only when asked for a folder, not on every visit.
    expect(document.activeElement).not.toBe(screen.getByTestId('project-path'));
    expect(fake.callsTo('flows.discover')).toHaveLength(1);
  });

  it('opens the folder the app dialog picked', async () => {
    const fake = setUp({ handlers: { 'projects.choose': () => ({ path: ROOT }) } });
    await click(await screen.findByTestId('project-choose'));
    await screen.findByTestId('flow-list');
    expect(fake.callsTo('flows.discover')).toEqual([{ dir: ROOT }]);
    expect((screen.getByTestId('project-path') as HTMLInputElement).value).toBe(ROOT);
  });

  it('refuses a relative path before asking the core', async () => {
    const fake = setUp();
    await type(await screen.findByTestId('project-path'), 'examples/prefect-project');
    await click(screen.getByTestId('project-open'));
    expect(screen.getByTestId('project-path-error').textContent).toContain('absolute path');
    expect(fake.callsTo('flows.discover')).toEqual([]);
  });

  it('lists recent projects, marks a missing one, and opens one with a click', async () => {
    const fake = setUp({
      recent: [
        { path: ROOT, openedAt: '2025-06-01T09:00:00.000Z', exists: true },
        { path: '/home/me/gone', openedAt: '2025-05-01T09:00:00.000Z', exists: false },
      ],
    });
    const rows = await screen.findAllByTestId('recent-project');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining(ROOT),
      expect.stringContaining('/home/me/gone'),
    ]);
    expect(within(rows[1] as HTMLElement).getByTestId('recent-project-missing')).toBeTruthy();
    expect((rows[1] as HTMLButtonElement).disabled).toBe(true);
    await click(rows[0] as HTMLElement);
    await screen.findByTestId('flow-list');
    expect(fake.callsTo('flows.discover')).toEqual([{ dir: ROOT }]);
  });

  it('says what went wrong when the folder cannot be opened, with Retry', async () => {
    setUp();
    await type(await screen.findByTestId('project-path'), '/nowhere');
    await click(screen.getByTestId('project-open'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not open the project folder');
    expect(alert.textContent).toContain('/nowhere is not a folder.');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(within(alert).getByText('Details')).toBeTruthy();
  });

  it('shows skeletons while the flows are discovered', async () => {
    const held = deferred<DiscoveryResult>();
    setUp({ handlers: { 'flows.discover': () => held.promise } });
    await type(await screen.findByTestId('project-path'), ROOT);
    await click(screen.getByTestId('project-open'));
    expect(screen.getByText('Discovering flows…')).toBeTruthy();
    await act(async () => held.resolve(discovery));
    expect(await screen.findByTestId('flow-list')).toBeTruthy();
  });
});

describe('Runs: the flows of a folder', () => {
  it('lists each flow with its kind, file and line, image and where it came from, templates and warnings', async () => {
    setUp();
    await openProject();
    expect(screen.getByTestId('flows-count').textContent).toContain(`4 flows in ${ROOT}`);
    const kinds = screen.getAllByTestId('flow-kind').map((k) => k.textContent);
    expect(kinds).toEqual([
      'Prefect deployment',
      'Prefect deployment',
      'Prefect flow',
      'Valohai step',
    ]);
    const item = flowItem('hello-explicit');
    expect(within(item).getByTestId('flow-where').textContent).toBe('prefect.yaml:52');
    expect(within(item).getByTestId('flow-image').textContent).toBe('berth-test/python:3');
    expect(item.textContent).toContain('from work_pool.job_variables.image');

    const unresolved = within(flowItem('hello-built')).getByTestId('flow-unresolved');
    expect(unresolved.textContent).toContain('{{ prefect.variables.region }}');
    expect(unresolved.textContent).toContain('work_pool.job_variables.env.REGION');
    expect(within(flowItem('hello-built')).getByTestId('flow-warnings').textContent).toContain(
      'Berth does not run',
    );
    expect(within(flowItem('chatty')).getByText('from default image')).toBeTruthy();
  });

  it("names the folder's problems by file and line", async () => {
    setUp();
    await openProject();
    const problem = screen.getByTestId('folder-problem');
    expect(problem.textContent).toContain(
      'prefect.yaml:71: entrypoint flows/missing.py:main — flows/missing.py does not exist',
    );
    expect(problem.textContent).toContain('Fix the path, or remove the deployment.');
  });

  it('discovers again when flows.changed arrives for the open folder, and not for another', async () => {
    const fake = setUp();
    await openProject();
    const renamed = { ...chatty, name: 'chatty-renamed' };
    await emit(fake, 'flows.changed', { ...discovery, root: '/elsewhere', flows: [] });
    expect(screen.getAllByTestId('flow-item')).toHaveLength(4);
    await emit(fake, 'flows.changed', {
      ...discovery,
      flows: [explicit, renamed],
      problems: [],
    });
    expect(screen.getAllByTestId('flow-item').map((i) => i.dataset['flowId'])).toEqual([
      explicit.id,
      chatty.id,
    ]);
    expect(flowItem('chatty-renamed')).toBeTruthy();
    expect(screen.queryByTestId('folder-problems')).toBeNull();
  });
});

describe('Runs: before a run', () => {
  it('builds the form from the parameters with their defaults, and checks each as it is typed', async () => {
    setUp();
    await openProject();
    const count = screen.getByTestId('param-count') as HTMLInputElement;
    expect(count.value).toBe('2');
    expect((screen.getByTestId('param-name') as HTMLInputElement).value).toBe('explicit');
    expect((screen.getByTestId('param-shout') as HTMLSelectElement).value).toBe('false');
    expect(screen.getByTestId('param-ratio').closest('.form-field')?.textContent).toContain(
      'Optional[float]',
    );

    await type(count, 'two');
    expect(screen.getByTestId('param-count-error').textContent?.trim()).toBe(
      'count must be an integer (e.g. 3).',
    );
    expect(count.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('run-blocked')).toBeTruthy();

    await type(screen.getByTestId('param-ratio'), 'half');
    expect(screen.getByTestId('param-ratio-error').textContent?.trim()).toBe(
      'ratio must be a number (e.g. 0.5) or None.',
    );
    await type(screen.getByTestId('param-ratio'), 'None');
    expect(screen.queryByTestId('param-ratio-error')).toBeNull();

    await type(count, '3');
    expect(screen.queryByTestId('param-count-error')).toBeNull();
    expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(false);
  });

  it('Run sends runs.start with the typed values, a prefecthq/prefect image, the pull policy and the engine', async () => {
    const fake = setUp();
    await openProject();
    await type(screen.getByTestId('param-name'), 'Ada');
    await type(screen.getByTestId('param-count'), '3');
    await type(screen.getByTestId('param-shout'), 'true');
    const choice = screen.getByTestId('run-image-choice') as HTMLSelectElement;
    expect([...choice.options].map((o) => o.value)).toContain('prefecthq/prefect:3-python3.12');
    await type(choice, 'prefecthq/prefect:3-python3.12');
    expect((screen.getByTestId('run-image') as HTMLInputElement).value).toBe(
      'prefecthq/prefect:3-python3.12',
    );
    await type(screen.getByTestId('run-pull-policy'), 'ALWAYS');
    await waitFor(() =>
      expect(screen.getByTestId('run-engine').textContent).toContain('build-box'),
    );
    await type(screen.getByTestId('run-engine'), 'build-box');
    await click(screen.getByTestId('run-start'));

    expect(fake.callsTo('runs.start')).toEqual([
      {
        dir: ROOT,
        flowId: explicit.id,
        parameters: { name: 'Ada', count: '3', shout: 'true' },
        image: 'prefecthq/prefect:3-python3.12',
        pullPolicy: 'ALWAYS',
        engine: 'build-box',
      },
    ]);
    expect(await screen.findByTestId('run-panel')).toBeTruthy();
  });

  it('asks for an image when the flow names a template Berth cannot fill in, and offers no Prefect tags for other kinds', async () => {
    const fake = setUp();
    await openProject();
    await click(flowItem('hello-built'));
    expect(screen.getByTestId('run-image-error').textContent).toContain(
      '{{ build_image.image }}, which Berth cannot fill in',
    );
    expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(true);
    await type(screen.getByTestId('run-image'), 'berth-test/python:3');
    // REGION is a Prefect variable: asked for, never sent as its {{ }} template.
    expect((screen.getByTestId('run-start') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('run-env').textContent).toContain('{{ prefect.variables.region }}');
    await type(screen.getByTestId('env-REGION'), 'eu-north-1');
    await click(screen.getByTestId('run-start'));
    expect(fake.callsTo('runs.start')).toEqual([
      {
        dir: ROOT,
        flowId: built.id,
        parameters: {},
        image: 'berth-test/python:3',
        env: { REGION: 'eu-north-1' },
      },
    ]);

    await click(flowItem('train'));
    const options = [...(screen.getByTestId('run-image-choice') as HTMLSelectElement).options];
    expect(options.map((o) => o.value)).toEqual(['flow', 'other']);
  });

  it('shows why the core refused a run, in words, with the details folded away', async () => {
    setUp({
      handlers: {
        'runs.start': () => {
          throw new BerthError(
            'flows.entrypoint_missing',
            'flows/hello.py does not exist in /home/me/prefect-project.',
            'Discover the flows again: the file may have moved.',
          );
        },
      },
    });
    await openProject();
    await click(screen.getByTestId('run-start'));
    const error = await screen.findByTestId('run-start-error');
    expect(error.textContent).toContain('flows/hello.py does not exist');
    expect(error.textContent).toContain('Discover the flows again');
    expect(within(error).getByText('Details')).toBeTruthy();
  });
});

describe('Runs: a run', () => {
  it('shows the phases and the pull from run.status, the log from run.log and the exit status from run.done', async () => {
    const fake = setUp();
    await openProject();
    await click(screen.getByTestId('run-start'));
    const panel = await screen.findByTestId('run-panel');
    expect(panel.dataset['runId']).toBe('run-1');

    await emit(
      fake,
      'run.status',
      activeRun({
        runId: 'run-1',
        phase: 'pulling',
        pull: {
          layers: [],
          bytes: { current: 512 * 1024, total: 2 * 1024 * 1024 },
          speedBps: 256 * 1024,
          phase: 'downloading',
        },
      }),
    );
    const phase = (name: string) =>
      within(screen.getByTestId('run-phases'))
        .getAllByRole('listitem')
        .find((li) => li.dataset['phase'] === name)?.dataset['state'];
    expect(phase('pulling')).toBe('current');
    expect(phase('running')).toBe('later');
    const pull = screen.getByTestId('run-pull');
    expect((within(pull).getByRole('progressbar') as HTMLProgressElement).value).toBe(25);
    expect(screen.getByTestId('run-pull-figures').textContent).toBe(
      '25% · 512 KiB of 2.0 MiB · 256 KiB/s · 6.0 s left',
    );

    await emit(fake, 'run.status', activeRun({ runId: 'run-1', phase: 'running' }));
    expect(phase('pulling')).toBe('done');
    expect(phase('running')).toBe('current');
    expect(screen.queryByTestId('run-pull')).toBeNull();

    await emit(fake, 'run.log', { runId: 'run-1', chunk: '\u001b[32mHi, Ada!\u001b[0m (1/3)\n' });
    await emit(fake, 'run.log', { runId: 'run-2', chunk: 'another run\n' });
    await emit(fake, 'run.log', { runId: 'run-1', chunk: 'wrote /data/out/Ada.txt\n' });
    const terminal = await terminalShows('wrote /data/out/Ada.txt');
    expect(terminal.lines()).toEqual(['Hi, Ada! (1/3)', 'wrote /data/out/Ada.txt']);

    await emit(fake, 'run.done', {
      runId: 'run-1',
      result: 'failed',
      exitCode: 3,
      digest: DIGEST,
      entryId: 'run-1',
    });
    expect(screen.getByTestId('run-outcome').dataset['result']).toBe('failed');
    expect(screen.getByTestId('run-result').textContent).toBe('Failed with exit code 3');
    expect(screen.queryByTestId('run-cancel')).toBeNull();
    expect(screen.getByTestId('run-rerun')).toBeTruthy();
    expect(screen.queryByTestId('run-diagnose')).toBeNull();
    // The ledger is read again for the new entry.
    expect(fake.callsTo('runs.list').length).toBeGreaterThanOrEqual(2);
  });

  it('cancels a live run and says it was cancelled when run.done comes', async () => {
    const fake = setUp();
    await openProject();
    await click(screen.getByTestId('run-start'));
    await emit(fake, 'run.status', activeRun({ runId: 'run-1', phase: 'running' }));
    // It never pulled (policy NEVER): the step says so rather than "done".
    const pulling = within(screen.getByTestId('run-phases')).getByText('Pulling').closest('li');
    expect(pulling?.dataset['state']).toBe('skipped');
    await click(screen.getByTestId('run-cancel'));
    expect(fake.callsTo('runs.cancel')).toEqual([{ runId: 'run-1' }]);
    expect(screen.getByTestId('run-cancel').textContent).toBe('Cancelling…');
    await emit(fake, 'run.status', activeRun({ runId: 'run-1', phase: 'stopping' }));
    await emit(fake, 'run.done', {
      runId: 'run-1',
      result: 'cancelled',
      exitCode: 143,
      digest: null,
      entryId: 'run-1',
    });
    expect(screen.getByTestId('run-result').textContent).toBe('Cancelled');
    expect(screen.queryByTestId('run-error')).toBeNull();
  });

  it('after the event stream comes back, shows how a run ended while it was down', async () => {
    let setStream: (state: StreamState) => void = () => undefined;
    const signals: TransportSignals = {
      onStreamState: (listener) => {
        setStream = listener;
        return () => undefined;
      },
      onAccessDenied: () => () => undefined,
    };
    const entries: RunEntry[] = [];
    const fake = setUp({ signals, entries });
    await openProject();
    await click(screen.getByTestId('run-start'));
    await emit(fake, 'run.status', activeRun({ runId: 'run-1', phase: 'running' }));
    await act(async () => setStream('reconnecting'));
    // run.done was lost with the stream; the ledger has the run.
    entries.push(runEntry({ id: 'run-1', result: 'failed', exitCode: 2 }));
    await act(async () => setStream('live'));
    await waitFor(() =>
      expect(screen.getByTestId('run-result').textContent).toBe('Failed with exit code 2'),
    );
    expect(screen.queryByTestId('run-cancel')).toBeNull();
  });

  it('offers Diagnose when the pull failed, which opens the Doctor probing that reference', async () => {
    const fake = setUp();
    await openProject();
    await click(screen.getByTestId('run-start'));
    await emit(
      fake,
      'run.status',
      activeRun({
        runId: 'run-1',
        phase: 'pulling',
        reference: 'registry.example:5000/team/app:1',
      }),
    );
    await emit(fake, 'run.done', {
      runId: 'run-1',
      result: 'failed',
      exitCode: null,
      digest: null,
      entryId: 'run-1',
      error: {
        code: 'pull.failed',
        message:
          'The engine could not pull registry.example:5000/team/app:1: pull access denied for registry.example:5000/team/app',
        hint: 'Run `berth doctor registry.example:5000/team/app:1` to find out why.',
        details: { reference: 'registry.example:5000/team/app:1' },
      },
    });
    expect(screen.getByTestId('run-result').textContent).toBe('Failed before the flow ran');
    expect(screen.getByTestId('run-error').textContent).toContain('pull access denied');
    await click(screen.getByTestId('run-diagnose'));
    expect(document.title).toBe('Doctor — Berth');
    expect(fake.callsTo('diagnose.run')).toEqual([
      { reference: 'registry.example:5000/team/app:1' },
    ]);
    expect(await screen.findByTestId('diagnosis')).toBeTruthy();
  });
});

describe('Runs: the history', () => {
  const entries = [
    runEntry({ id: 'r3', time: '2025-06-01T09:55:00.000Z', durationMs: 65_000 }),
    runEntry({
      id: 'r2',
      time: '2025-06-01T09:40:00.000Z',
      result: 'failed',
      exitCode: 3,
      durationMs: 20_000,
      digest: null,
    }),
    runEntry({ id: 'r1', time: '2025-06-01T09:30:00.000Z', durationMs: 40_000 }),
    runEntry({ id: 'other', projectDir: '/home/me/other', flowName: 'elsewhere' }),
  ];

  it('lists the runs of the project with status, time, duration, short digest with copy, and exit code', async () => {
    setUp({ entries });
    await openProject();
    const rows = await screen.findAllByTestId('history-entry');
    expect(rows.map((r) => r.dataset['runId'])).toEqual(['r3', 'r2', 'r1']);
    const [latest, failed] = rows as [HTMLElement, HTMLElement];
    expect(within(latest).getByRole('img').getAttribute('aria-label')).toBe('up');
    expect(within(failed).getByRole('img').getAttribute('aria-label')).toBe('down');
    expect(within(latest).getByTestId('history-duration').textContent).toBe('1 min 05 s');
    expect(within(latest).getByTestId('history-digest').textContent).toBe('sha256:c0ffeec0ffee…');
    expect(within(latest).getByTestId('history-digest').getAttribute('title')).toBe(DIGEST);
    expect(within(latest).getByRole('button', { name: 'Copy digest' })).toBeTruthy();
    expect(within(latest).getByRole('time').getAttribute('title')).toContain(
      '2025-06-01T09:55:00.000Z',
    );
    expect(within(failed).getByTestId('history-exit').textContent).toBe('exit 3');
    expect(failed.textContent).toContain('no digest');
  });

  it('draws each flow’s run durations, scaled to the longest', async () => {
    setUp({ entries });
    await openProject();
    const chart = within(flowItem('hello-explicit')).getByTestId('duration-chart');
    const bars = within(chart as unknown as HTMLElement).getAllByTestId('duration-bar');
    // Oldest on the left.
    expect(bars.map((b) => b.dataset['duration'])).toEqual(['40000', '20000', '65000']);
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    expect(heights[2]).toBeGreaterThan(heights[0] ?? Infinity);
    expect(heights[0]).toBeGreaterThan(heights[1] ?? Infinity);
    expect(bars[1]?.getAttribute('class')).toContain('duration-chart__bar--failed');
    expect(within(flowItem('chatty')).queryByTestId('duration-chart')).toBeNull();
  });

  it("opens a past run's log in the terminal, and Re-run starts it again", async () => {
    const fake = setUp({
      entries,
      logs: { r2: '[berth] pulling skipped (NEVER)\r\nTraceback: boom\r\n' },
    });
    await openProject();
    const failed = (await screen.findAllByTestId('history-entry'))[1] as HTMLElement;
    await click(within(failed).getByTestId('history-open'));
    expect(fake.callsTo('runs.log')).toEqual([{ runId: 'r2', maxBytes: 1024 * 1024 }]);
    const terminal = await terminalShows('Traceback: boom');
    expect(terminal.lines()).toEqual(['[berth] pulling skipped (NEVER)', 'Traceback: boom']);
    expect(screen.getByTestId('run-result').textContent).toBe('Failed with exit code 3');

    await type(screen.getByTestId('log-search'), 'boom');
    expect(terminal.searches.at(-1)).toBe('next boom');
    expect(screen.getByTestId('log-search-status').textContent).toBe('');
    await click(screen.getByTestId('log-search-previous'));
    expect(terminal.searches.at(-1)).toBe('previous boom');
    await type(screen.getByTestId('log-search'), 'nothing like it');
    expect(screen.getByTestId('log-search-status').textContent).toBe('No match');

    await click(within(failed).getByTestId('history-rerun'));
    expect(fake.callsTo('runs.rerun')).toEqual([{ runId: 'r2' }]);
    expect((await screen.findByTestId('run-panel')).dataset['runId']).toBe('run-1');
    expect(screen.getByTestId('run-cancel')).toBeTruthy();
  });

  it('says where the log is when the terminal cannot start', async () => {
    setUp({ entries, logs: { r3: 'fine\n' } });
    await openProject();
    breakTerminal.next = true;
    await click(
      within((await screen.findAllByTestId('history-entry'))[0] as HTMLElement).getByTestId(
        'history-open',
      ),
    );
    const error = await screen.findByTestId('log-terminal-error');
    expect(error.textContent).toContain('matchMedia is not a function');
    expect(error.textContent).toContain('berth runs log r3');
  });

  it('shows what it could not read, with Retry', async () => {
    let fail = true;
    setUp({
      entries,
      handlers: {
        'runs.list': () => {
          if (fail) throw new BerthError('ledger.unreadable', 'The ledger file is unreadable.');
          return { active: [], entries, skipped: 0 };
        },
      },
    });
    await openProject();
    const error = await screen.findByText('Could not read the run history');
    fail = false;
    await click(within(error.parentElement as HTMLElement).getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('history-entry')).toHaveLength(3);
  });
});
