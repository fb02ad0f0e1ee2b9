/**
 * Real public projects (test/fixtures/real-projects/runnable, each file's repository and commit
 * in files.tsv) discovered by Berth and run through its run service on the real dockerd, with
 * their own Python code, on Debian's python3 built offline (test/harness/python-image.ts).
 *
 * What stands in for what the worker would have, and why:
 * - The images the files name (prefecthq/prefect:2.13.0-python3.11, python:3.10, busybox) cannot
 *   be pulled here, so each run gives an image as the run form and `berth run --image` let a
 *   user do, with pull policy NEVER: Debian's python3 (with numpy and pip), or busybox.
 * - Prefect cannot be installed without PyPI: the Prefect runs use a small stand-in `prefect`
 *   package (fixtures/real-projects/runnable/prefect-stand-in, labelled as such) that gives the
 *   flows the names they import; what the flows print is their own code's.
 * Every expected line below is read from the project's code, not from a run.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DiscoveryResult, FlowDefinition } from '../../src/shared/flows';
import type { RunStartInput } from '../../src/shared/runs';
import { describeWithHarness } from '../harness/context';
import { PYTHON_STDLIB_IMAGE, importPythonStdlibImage } from '../harness/python-image';
import { berthOn, runFlow } from './runs-setup';
import type { Ran, RunBerth } from './runs-setup';

const RUNNABLE = join(import.meta.dirname, '..', 'fixtures', 'real-projects', 'runnable');
const STAND_IN = join(RUNNABLE, 'prefect-stand-in');
/** Debian's python3 with the stand-in prefect package (NOT Prefect). */
const PREFECT_STAND_IN_IMAGE = 'berth-test/prefect-stand-in:bookworm';
const BUSYBOX = 'local/busybox:1';
/** Up to three container runs a test, on a machine shared with other work. */
const RUN_TIMEOUT = { timeout: 240_000 };

/** A fresh copy of a fixture project (runs may write into it). */
function projectCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `berth-real-${name.replace(/\W/g, '-')}-`));
  cpSync(join(RUNNABLE, name), dir, { recursive: true });
  return dir;
}

async function buildStandInImage(docker: Docker): Promise<void> {
  const src = readdirSync(STAND_IN, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(STAND_IN.length + 1));
  const stream = await docker.buildImage(
    { context: STAND_IN, src },
    { t: PREFECT_STAND_IN_IMAGE, buildargs: { BASE: PYTHON_STDLIB_IMAGE }, rm: true },
  );
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, events: { error?: string }[]) => {
      const failed = error?.message ?? events.find((e) => e.error)?.error;
      if (failed) reject(new Error(failed));
      else resolve();
    });
  });
}

describeWithHarness('real projects run end to end on a real dockerd', (h) => {
  let b: RunBerth;
  let docker: Docker;

  beforeAll(async () => {
    docker = new Docker({ socketPath: h.socketPath });
    // The first run on a machine debootstraps the image (minutes); later runs import a cached tar.
    await importPythonStdlibImage(docker);
    await buildStandInImage(docker);
    b = berthOn(h);
  }, 1_500_000);
  afterAll(() => b?.core.close());

  async function discover(dir: string): Promise<DiscoveryResult> {
    const result = await b.core.dispatch('flows.discover', { dir });
    if (!result.ok) throw new Error(result.error.message);
    return result.data as DiscoveryResult;
  }

  function flowNamed(discovery: DiscoveryResult, id: string): FlowDefinition {
    const flow = discovery.flows.find((f) => f.id === id);
    if (!flow)
      throw new Error(`${id} not discovered: ${discovery.flows.map((f) => f.id).join(', ')}`);
    return flow;
  }

  async function run(request: RunStartInput): Promise<Ran> {
    const ran = await runFlow(b, { pullPolicy: 'NEVER', ...request });
    return ran;
  }

  function succeeded(ran: Ran): void {
    expect(ran.entry.result, ran.output).toBe('success');
    expect(ran.entry.exitCode).toBe(0);
  }

  /** The stand-in's opening and closing lines around the flow's own output. */
  function ranAsFlow(ran: Ran, flowName: string): void {
    expect(ran.output).toMatch(new RegExp(`Beginning flow run '[^']+' for flow '${flowName}'`));
    expect(ran.output).toMatch(/\| INFO {4}\| Flow run '[^']+' - Finished in state Completed\(\)/);
  }

  it(
    'CBIIT/prefect-hello-world: the deployment runs helloworld.py:runner, whose task says hello through the run logger',
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('prefect/CBIIT__prefect-hello-world');
      const flow = flowNamed(await discover(dir), 'prefect-deployment:prefect.yaml:prefect-hello');
      expect(flow.entrypoint).toEqual({ path: 'helloworld.py', function: 'runner' });
      const ran = await run({ dir, flowId: flow.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(ran);
      ranAsFlow(ran, 'Hello World');
      expect(ran.output).toMatch(/\| INFO {4}\| Flow run '[^']+' - Hello from Prefect\.\r?\n/);
      // The labels prefect-docker's worker would put on the container, where they are known here.
      for (const label of [
        'io.prefect.deployment-name=prefect-hello',
        'io.prefect.work-pool-name=fnl-worker',
        'io.prefect.version=2.13.0',
      ]) {
        expect(ran.entry.dockerRun).toMatch(
          new RegExp(`--label '?${label.replace(/\./g, '\\.')}'?( |$)`),
        );
      }
    },
  );

  it(
    "Ben-Epstein/prefect-quickstart: deployment-1 passes param '42' to run_my_flow; the @flow hello_world takes the form's values",
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('prefect/Ben-Epstein__prefect-quickstart');
      const discovery = await discover(dir);
      const deployment = flowNamed(discovery, 'prefect-deployment:prefect.yaml:deployment-1');
      expect(deployment.parameters.map((p) => [p.name, p.default])).toEqual([['param', '42']]);
      const first = await run({ dir, flowId: deployment.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(first);
      ranAsFlow(first, 'run-my-flow');
      // log_prints=True: the flow's and the task's print() go to their run loggers.
      expect(first.output).toMatch(/Flow run '[^']+' - flow 2\r?\n/);
      expect(first.output).toMatch(/Task run 'do_print-0' - Doing the task\r?\n/);
      expect(first.output).toMatch(/Task run 'do_print-0' - 42\r?\n/);

      const hello = flowNamed(discovery, 'prefect-flow:flows/flows.py:hello_world');
      const second = await run({
        dir,
        flowId: hello.id,
        image: PREFECT_STAND_IN_IMAGE,
        parameters: { name: 'Berth', goodbye: true },
      });
      succeeded(second);
      expect(second.output).toContain('Hello Berth from Prefect! 🤗');
      expect(second.output).toContain('Goodbye Berth!');
    },
  );

  it(
    "CBIIT/Prefect_demo: happy-birthday-QL celebrates with the form's values; print-pip-freeze lists the image's packages",
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('prefect/CBIIT__Prefect_demo');
      const discovery = await discover(dir);
      const birthday = flowNamed(discovery, 'prefect-deployment:prefect.yaml:happy-birthday-QL');
      expect(birthday.parameters.map((p) => [p.name, p.default])).toEqual([
        ['user_name', 'user'],
        ['celebration_mode', 'no'],
      ]);
      const party = await run({
        dir,
        flowId: birthday.id,
        image: PREFECT_STAND_IN_IMAGE,
        parameters: { user_name: 'Max', celebration_mode: 'yes' },
      });
      succeeded(party);
      // flow_run_name="happy_birthday..." names the run.
      expect(party.output).toContain(
        "Flow run 'happy_birthday...' - <(^O^<) <(^O^<) Happy Birthday Max (>^O^)> (>^O^)>",
      );
      const quiet = await run({ dir, flowId: birthday.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(quiet);
      expect(quiet.output).toContain("Flow run 'happy_birthday...' - Happy Birthday to you");

      const freeze = flowNamed(discovery, 'prefect-deployment:prefect.yaml:print-pip-freeze-TEST');
      const frozen = await run({ dir, flowId: freeze.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(frozen);
      expect(frozen.output).toContain('Pip Freeze Output:');
      expect(frozen.output).toMatch(/numpy==\d+\.\d+/); // Debian's python3-numpy, as pip sees it
      expect(frozen.output).toContain('Prefect version:0.0.0+berth.stand-in');
    },
  );

  it(
    'nitirajrathore/prefect-demo: the root deployment and one from a prefect.yaml in a subfolder, whose entrypoint is found from the project root and whose code is mounted where set_working_directory says',
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('prefect/nitirajrathore__prefect-demo');
      const discovery = await discover(dir);
      const root = flowNamed(discovery, 'prefect-deployment:prefect.yaml:my-k8s-deployment');
      expect(root.pullPolicy).toBe('ALWAYS'); // image_pull_policy: "Always" in the file
      const k8s = await run({ dir, flowId: root.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(k8s);
      expect(k8s.output).toMatch(/Flow run '[^']+' - Hello from Kubernetes!\r?\n/);
      expect(k8s.output).toMatch(/Task run 'log_environment-0' - Python version: 3\.11\./);

      const arthur = flowNamed(
        discovery,
        'prefect-deployment:flows/kubernetes-container-example/prefect.yaml:arthur',
      );
      expect(arthur.entrypoint?.path).toBe('flows/kubernetes-container-example/hello.py');
      expect(arthur.workingDir).toBe('/opt/prefect/prefect-demo');
      // The file's image comes from its build step ({{ build-image.image }}): given here instead.
      const greeted = await run({ dir, flowId: arthur.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(greeted);
      expect(greeted.output).toMatch(/Flow run '[^']+' - Hello, Arthur!\r?\n/);
      expect(greeted.entry.dockerRun).toContain('-w /opt/prefect/prefect-demo');
    },
  );

  it(
    'robfreedy/robs-prefect-examples: concurrency-example/prefect.yaml runs flow.py:hello_flow from its own folder',
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('prefect/robfreedy__robs-prefect-examples');
      const flow = flowNamed(
        await discover(dir),
        'prefect-deployment:concurrency-example/prefect.yaml:concurrency-example',
      );
      // Deployed from concurrency-example/ (flow.py is found there): that folder is the working dir.
      expect(flow.codeDir).toBe('concurrency-example');
      const ran = await run({ dir, flowId: flow.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(ran);
      ranAsFlow(ran, 'hello-flow');
      expect(ran.entry.dockerRun).toContain(
        `${join(dir, 'concurrency-example')}:/Users/rob.freedy/Documents/prefect/robs-prefect-examples/concurrency-example`,
      );
      // No log_prints: the greeting the task returned is printed as is.
      expect(ran.output).toMatch(/^Hello, Prefect 3!\r?$/m);
    },
  );

  it(
    'a module-path entrypoint (a shape written for the rule, not a fixture project): pkg.flows.job.main is imported by name from the src layout beside its prefect.yaml, relative imports and all',
    RUN_TIMEOUT,
    async () => {
      // prefect/flows.py load_flow_from_entrypoint: no ".py:" means import_object(entrypoint),
      // importlib.import_module with the working dir on sys.path (utilities/importtools.py).
      const dir = mkdtempSync(join(tmpdir(), 'berth-module-entrypoint-'));
      const files: Record<string, string> = {
        'pipelines/prefect.yaml':
          'deployments:\n  - name: by-module\n    entrypoint: acme.flows.job.main\n    parameters: { who: module }\n    work_pool: { name: pool }\n',
        'pipelines/src/acme/__init__.py': '',
        'pipelines/src/acme/flows/__init__.py': '',
        'pipelines/src/acme/flows/words.py': 'GREETING = "imported relatively"\n',
        'pipelines/src/acme/flows/job.py':
          'from prefect import flow\nfrom .words import GREETING\n\n@flow\ndef main(who: str = "x"):\n    print("%s by %s as %s" % (GREETING, who, __name__))\n',
      };
      for (const [path, text] of Object.entries(files)) {
        const full = join(dir, path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
      const flow = flowNamed(
        await discover(dir),
        'prefect-deployment:pipelines/prefect.yaml:by-module',
      );
      expect(flow.entrypoint).toEqual({
        path: 'pipelines/src/acme/flows/job.py',
        function: 'main',
        module: 'acme.flows.job',
        importRoot: 'pipelines/src',
      });
      const ran = await run({ dir, flowId: flow.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(ran);
      ranAsFlow(ran, 'main');
      expect(ran.output).toMatch(/imported relatively by module as acme\.flows\.job/);
    },
  );

  it(
    'tekumara/prefect-demo: the second deployment named yaml runs retry_flow, whose task fails once and is retried',
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('prefect/tekumara__prefect-demo');
      const discovery = await discover(dir);
      const named = discovery.flows.filter((f) => f.name === 'yaml');
      expect(named.map((f) => f.entrypoint?.path)).toEqual([
        'flows/param_flow.py',
        'flows/retry_flow.py',
      ]);
      const retry = flowNamed(discovery, 'prefect-deployment:prefect.yaml:yaml#2');
      expect(retry.workingDir).toBe('/opt/prefect');
      const ran = await run({ dir, flowId: retry.id, image: PREFECT_STAND_IN_IMAGE });
      succeeded(ran);
      expect(ran.output).toMatch(/Flow run '[^']+' - Starting failing flow/);
      expect(ran.output).toContain(
        "Task run 'unreliable_task-0' - Starting unreliable task run_count=1",
      );
      expect(ran.output).toContain('Exception: halt and catch fire');
      expect(ran.output).toContain(
        "Task run 'unreliable_task-0' - Starting unreliable task run_count=2",
      );
      expect(ran.output).toContain("Task run 'the_end-0' - We reached the end!");
    },
  );

  it(
    'DrazenDodik/valohai-academy-debugging: the determine step prints the epochs as Valohai metadata JSON',
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('valohai/DrazenDodik__valohai-academy-debugging');
      const step = flowNamed(await discover(dir), 'valohai-step:valohai.yaml:determine');
      expect(step.image).toBe('python:3.10');
      const ran = await run({ dir, flowId: step.id, image: PYTHON_STDLIB_IMAGE });
      succeeded(ran);
      expect(ran.output).toMatch(/^\{"epochs": 2\}\r?$/m);
      expect(ran.entry.outputs).toEqual([]);
    },
  );

  it('JuhaKiili/valohai-helloworld: the Helloworld step runs in busybox', RUN_TIMEOUT, async () => {
    const dir = projectCopy('valohai/JuhaKiili__valohai-helloworld');
    const step = flowNamed(await discover(dir), 'valohai-step:valohai.yaml:Helloworld');
    expect(step.image).toBe('busybox');
    const ran = await run({ dir, flowId: step.id, image: BUSYBOX });
    succeeded(ran);
    expect(ran.output).toMatch(/^Hello world!\r?$/m);
  });

  it(
    'SaltyPretzel303/vh_library: lib_step gets its parameter as --param_1=<value>, sees the picked input, and its output is collected',
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('valohai/SaltyPretzel303__vh_library');
      const step = flowNamed(await discover(dir), 'valohai-step:valohai.yaml:lib_step');
      expect(step.parameters.map((p) => [p.name, p.default])).toEqual([['param_1', '22']]);
      writeFileSync(join(dir, 'rows.csv'), 'a,b\n1,2\n');
      const ran = await run({
        dir,
        flowId: step.id,
        image: PYTHON_STDLIB_IMAGE,
        parameters: { param_1: '7' },
        inputs: { data: ['rows.csv'] },
      });
      succeeded(ran);
      expect(ran.output).toMatch(/^yo from library\r?$/m);
      // valohai-yaml's default pass-as: --{name}={value}.
      expect(ran.output).toMatch(/^params -> {2}--param_1=7\r?$/m);
      expect(ran.output).toContain('/valohai/inputs/data:');
      expect(ran.output).toMatch(/ rows\.csv\r?$/m);
      expect(ran.output).toMatch(/^library step done\r?$/m);
      expect(ran.entry.outputs).toEqual(['data']);
      expect(readFileSync(join(ran.entry.outputsDir ?? '', 'data'), 'utf8')).toBe('content\n');
    },
  );

  it(
    'Hashawaji/valohai_firstproject: Preprocess data reads the picked mnist.npz with numpy and writes preprocessed_mnist.npz to the outputs',
    RUN_TIMEOUT,
    async () => {
      const dir = projectCopy('valohai/Hashawaji__valohai_firstproject');
      const step = flowNamed(await discover(dir), 'valohai-step:valohai.yaml:Preprocess data');
      expect(step.inputs?.map((i) => i.name)).toEqual(['my-raw-mnist-dataset']);
      // A small mnist.npz in the dataset's layout, written by numpy in the same image.
      const make = await docker.run(
        PYTHON_STDLIB_IMAGE,
        [
          'python3',
          '-c',
          'import numpy as np; r = np.arange(4 * 28 * 28, dtype=np.uint8).reshape(4, 28, 28); ' +
            'np.savez("/data/mnist.npz", x_train=r[:3], y_train=np.array([1, 2, 3]), x_test=r[3:], y_test=np.array([4]))',
        ],
        process.stderr,
        { HostConfig: { Binds: [`${dir}:/data`], AutoRemove: true } },
      );
      expect((make as [{ StatusCode: number }])[0].StatusCode).toBe(0);
      const ran = await run({
        dir,
        flowId: step.id,
        image: PYTHON_STDLIB_IMAGE,
        inputs: { 'my-raw-mnist-dataset': ['mnist.npz'] },
      });
      succeeded(ran);
      // The step's own `pip install numpy` finds the image's numpy, offline.
      expect(ran.output).toContain('Requirement already satisfied: numpy');
      expect(ran.entry.outputs).toEqual(['preprocessed_mnist.npz']);
      const written = readFileSync(join(ran.entry.outputsDir ?? '', 'preprocessed_mnist.npz'));
      expect(written.subarray(0, 2).toString('latin1')).toBe('PK'); // np.savez writes a zip
      for (const name of ['x_train.npy', 'y_train.npy', 'x_test.npy', 'y_test.npy']) {
        expect(written.includes(Buffer.from(name))).toBe(true);
      }
      // x_train / 255.0 is float64: numpy's header says so.
      expect(written.includes(Buffer.from("'descr': '<f8'"))).toBe(true);
    },
  );
});
