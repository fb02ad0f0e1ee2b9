/**
 * `berth run <flow>`: runs a discovered flow in its worker's image, exactly as configured
 * (env, volumes, pull policy), streams its output as it comes (colours kept), and exits with
 * the container's exit code. Bad input is refused before anything runs (exit 2). Ctrl+C
 * cancels (SIGTERM, then a kill after the grace period; exit 130), a second one kills.
 * `berth rerun <run>`: the same flow, parameters, image, pull policy and engine again.
 * `berth runs`: the run history; `berth runs log <run>`: a run's log.
 * `berth contexts`: the engines `--engine` may name.
 */
import { PLAINTEXT_AUTH_ENV } from '../../host';
import { parsePullPolicy } from '../../shared/flows';
import type { Command } from 'commander';
import { BerthError } from '../../shared/errors';
import { formatDuration, formatRelativeTime } from '../../shared/format';
import type { RunEntry } from '../../shared/ledger';
import { BuildMode } from '../../shared/build';
import type { ParityCheck, RunStart } from '../../shared/runs';
import type { CliContext } from '../context';
import type { BerthClient } from '../../shared/client';
import type { EventPayload } from '../../shared/contract';
import { JobEvents, cancelJob, cancelOnInterrupt, recordedEntry } from '../job-follow';
import { EXIT, table } from '../output';
import type { Output } from '../output';
import { EXIT_CANCELLED } from './pull';

interface RunOptions {
  dir?: string;
  param?: string[];
  pullPolicy?: string;
  engine?: string;
  image?: string;
  build?: string;
  tag?: string;
  baseImage?: string;
  env?: string[];
  input?: string[];
  json?: boolean;
  gpus?: string;
  memory?: string;
  network?: string;
  init?: boolean;
  check?: boolean;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseParams(pairs: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new BerthError(
        'usage.invalid_param',
        `Not a parameter: ${pair}`,
        'Write it as name=value, e.g. --param count=3.',
      );
    }
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

/** `--input name=path` pairs, repeatable per name: a Valohai input may take several files. */
function parseInputs(pairs: string[]): Record<string, string[]> {
  const inputs: Record<string, string[]> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new BerthError(
        'usage.invalid_input',
        `Not an input: ${pair}`,
        'Write it as name=path, e.g. --input dataset=./data/iris.csv.',
      );
    }
    const name = pair.slice(0, eq);
    inputs[name] = [...(inputs[name] ?? []), pair.slice(eq + 1)];
  }
  return inputs;
}

function requestOf(flow: string, options: RunOptions): RunStart {
  let pullPolicy: RunStart['pullPolicy'];
  if (options.pullPolicy !== undefined) {
    const parsed = parsePullPolicy(options.pullPolicy);
    if (parsed.policy === null) {
      throw new BerthError(
        'usage.invalid_pull_policy',
        `Not a pull policy: ${options.pullPolicy}`,
        'Use ALWAYS, IF_NOT_PRESENT, IF_POSSIBLE or NEVER.',
      );
    }
    pullPolicy = parsed.policy;
  }
  return {
    dir: options.dir ?? process.cwd(),
    flowId: flow,
    parameters: parseParams(options.param ?? []),
    ...buildOptions(options),
    ...(options.env?.length ? { env: parseParams(options.env) } : {}),
    ...(options.input?.length ? { inputs: parseInputs(options.input) } : {}),
    ...(options.image !== undefined ? { image: options.image } : {}),
    ...(pullPolicy ? { pullPolicy } : {}),
    ...(options.engine !== undefined ? { engine: options.engine } : {}),
    ...(options.gpus !== undefined ? { gpus: options.gpus } : {}),
    ...(options.memory !== undefined ? { memory: options.memory } : {}),
    ...(options.network !== undefined ? { network: options.network } : {}),
    ...(options.init ? { init: true } : {}),
  };
}

/** --build, --tag and --base-image as runs.start takes them. */
export function buildOptions(
  options: Pick<RunOptions, 'build' | 'tag' | 'baseImage'>,
): Pick<RunStart, 'build' | 'buildTag' | 'baseImage'> {
  let build: BuildMode | undefined;
  if (options.build !== undefined) {
    const parsed = BuildMode.safeParse(options.build.toLowerCase());
    if (!parsed.success) {
      throw new BerthError(
        'usage.invalid_build_mode',
        `Not a build mode: ${options.build}`,
        'Use auto (build unless built from the same context), always or never.',
      );
    }
    build = parsed.data;
  }
  return {
    ...(build ? { build } : {}),
    ...(options.tag !== undefined ? { buildTag: options.tag } : {}),
    ...(options.baseImage !== undefined ? { baseImage: options.baseImage } : {}),
  };
}

const MARK: Record<ParityCheck['status'], string> = {
  ok: 'ok  ',
  warning: 'warn',
  problem: 'FAIL',
  unknown: '?   ',
};

/** `berth run --check`: the parity report, one line per check; exit 1 when one is a problem. */
async function printCheck(context: CliContext, output: Output, request: RunStart): Promise<void> {
  const report = await context.client().invoke('runs.check', request);
  if (output.json) output.out(JSON.stringify(report, null, 2));
  else {
    output.out(`${report.flowName}: ${report.reference} on ${report.engine}`);
    for (const c of report.checks) {
      output.out(`  ${MARK[c.status]} ${c.id.padEnd(10)} ${c.message}`);
      if (c.pull) output.out(`       ${''.padEnd(10)} pull it: berth pull ${c.pull}`);
    }
  }
  if (report.checks.some((c) => c.status === 'problem')) process.exitCode = EXIT.failure;
}

/**
 * A run as a window makes one: `start` (runs.start or runs.rerun; bad input is refused there,
 * before anything runs), then its run.* events: the container's output to stdout (stderr with
 * --json), Berth's notes to stderr. Ctrl+C cancels through `jobs.cancel` (SIGTERM, then a kill
 * after the grace period), a second one forces the kill, a third leaves. The exit status is
 * the container's, or the error catalogue's for the code the run failed with.
 */
async function runInForeground(
  context: CliContext,
  output: Output,
  start: (client: BerthClient) => Promise<{ runId: string }>,
): Promise<void> {
  const client = context.client();
  const sink = output.json ? process.stderr : process.stdout;
  const dim = process.stderr.isTTY && !output.json;
  const events = new JobEvents(client);
  const done = new Promise<EventPayload<'run.done'>>((resolve) => {
    events
      .on(
        'run.log',
        (e) => e.runId,
        ({ chunk, note }) => {
          if (note === undefined) sink.write(chunk);
          else output.err(dim ? `\u001b[2m[berth] ${note}\u001b[0m` : `[berth] ${note}`);
        },
      )
      .on('run.done', (e) => e.runId, resolve);
  });
  let runId: string | undefined;
  const interrupts = cancelOnInterrupt(
    client,
    () => runId,
    (count) => {
      if (count === 2 && runId !== undefined) void cancelJob(client, runId, true);
      else process.exit(EXIT_CANCELLED);
    },
  );
  try {
    runId = (await start(client)).runId;
    events.attach(runId);
    if (interrupts.requested()) await cancelJob(client, runId);
    const outcome = await done;
    if (outcome.error) {
      throw new BerthError(outcome.error.code, outcome.error.message, outcome.error.hint, {
        ...outcome.error.details,
        runId,
        entryId: outcome.entryId,
      });
    }
    if (output.json)
      output.out(
        JSON.stringify(
          await recordedEntry(outcome, (id) =>
            client.invoke('runs.show', { runId: id }).catch(() => undefined),
          ),
          null,
          2,
        ),
      );
    process.exitCode =
      outcome.result === 'cancelled' ? EXIT_CANCELLED : (outcome.exitCode ?? EXIT.failure);
  } finally {
    events.close();
    interrupts.stop();
    context.close();
  }
}

/** `berth run`, `rerun`, `contexts` and `runs` (with `runs show` and `runs log`). */
export function registerRun(program: Command, context: CliContext): void {
  registerRunCommand(program, context);
  registerRerun(program, context);
  registerContexts(program, context);
  registerRunHistory(program, context);
}

function registerRunCommand(program: Command, context: CliContext): void {
  program
    .command('run')
    .description('Run a flow locally in the image its worker would use, with its env and volumes')
    .argument('<flow>', 'the flow, by name or id (see `berth flows`)')
    .option('--dir <dir>', 'the project folder (default: the current one)')
    .option('--param <name=value>', 'a parameter value (repeatable)', collect)
    .option(
      '--pull-policy <policy>',
      'ALWAYS, IF_NOT_PRESENT, IF_POSSIBLE (pull, else the local copy) or NEVER (default: the flow’s)',
    )
    .option('--engine <context>', 'a docker context to run on (default: the current engine)')
    .option('--image <reference>', 'run this image instead of the flow’s')
    .option(
      '--build <mode>',
      'for a flow whose image is built: auto (unless built from the same context), always, never',
    )
    .option(
      '--tag <tag>',
      'the tag of the built image, where the flow’s file leaves it to a template',
    )
    .option(
      '--base-image <reference>',
      'dockerfile: auto only: FROM this image instead of the prefecthq/prefect one',
    )
    .option(
      '--env <name=value>',
      'an env value for this run, e.g. one the file leaves to the worker (repeatable)',
      collect,
    )
    .option('--input <name=path>', 'a local file for a Valohai input (repeatable)', collect)
    .option('--gpus <gpus>', 'GPUs as docker run takes them: all, a count, or device=0,1')
    .option('--memory <limit>', 'a memory limit, e.g. 512m or 2g (over the flow’s mem_limit)')
    .option('--network <network>', 'run on this network (over the flow’s network_mode/networks)')
    .option('--init', 'an init process as PID 1, so Cancel stops a Python flow at once')
    .option(
      '--check',
      'do not run: check parity with the worker (image, registry digest by HEAD, platform, env, entrypoint)',
    )
    .option('--json', 'print the run’s ledger entry as JSON (the logs go to stderr)')
    .option(
      '--allow-plaintext-auth',
      'send the registry password to a remote engine over plain tcp:// (no TLS) anyway',
    )
    .action(async (flow: string, options: RunOptions & { allowPlaintextAuth?: boolean }) =>
      context.run(options, (output) => {
        if (options.allowPlaintextAuth) process.env[PLAINTEXT_AUTH_ENV] = '1';
        const request = requestOf(flow, options);
        if (options.check) return printCheck(context, output, request);
        return runInForeground(context, output, (client) => client.invoke('runs.start', request));
      }),
    );
}

function registerRerun(program: Command, context: CliContext): void {
  program
    .command('rerun')
    .description('Run a past run again: the same flow, parameters, image, pull policy and engine')
    .argument('<run>', 'the run id, or the start of it (see `berth runs`)')
    .option('--json', 'print the new run’s ledger entry as JSON (the logs go to stderr)')
    .action(async (runId: string, options: { json?: boolean }) =>
      context.run(options, (output) =>
        runInForeground(context, output, (client) => client.invoke('runs.rerun', { runId })),
      ),
    );
}

function registerContexts(program: Command, context: CliContext): void {
  program
    .command('contexts')
    .description('List the engines a run may use with --engine: default and every docker context')
    .option('--json', 'print JSON: {engines}')
    .action(async (options: { json?: boolean }) =>
      context.run(options, async (output) => {
        const { engines } = await context.client().invoke('engine.contexts', {});
        if (output.json) return output.out(JSON.stringify({ engines }, null, 2));
        output.out(
          table(
            ['NAME', 'ADDRESS', 'TLS', 'DESCRIPTION'],
            engines.map((e) => [
              `${e.name}${e.current ? ' *' : ''}`,
              e.address,
              e.tls ? 'yes' : 'no',
              e.description ?? '',
            ]),
          ),
        );
      }),
    );
}

/** `berth runs`: the history; `runs show` and `runs log`: one run's record and log. */
function registerRunHistory(program: Command, context: CliContext): void {
  const runs = program
    .command('runs')
    .description('Show the flow runs: when, flow, result, exit code, image digest, engine')
    .option('--flow <id>', 'only the runs of this flow (its id, see `berth flows --json`)')
    .option('--json', 'print JSON: {active, entries, skipped}')
    .action(async (options: { flow?: string; json?: boolean }) =>
      context.run(options, async (output) => {
        const list = await context
          .client()
          .invoke('runs.list', options.flow !== undefined ? { flowId: options.flow } : {});
        if (output.json) return output.out(JSON.stringify(list, null, 2));
        if (list.entries.length === 0) return output.out('No runs recorded yet.');
        output.out(
          table(
            ['RUN', 'WHEN', 'FLOW', 'RESULT', 'EXIT', 'TOOK', 'IMAGE', 'DIGEST', 'ENGINE'],
            list.entries.map((e: RunEntry) => [
              e.id.slice(0, 8),
              formatRelativeTime(e.time),
              e.flowName,
              e.result,
              e.exitCode === null ? '—' : String(e.exitCode),
              formatDuration(e.durationMs),
              e.reference,
              e.digest?.slice(0, 19) ?? '—',
              e.engine,
            ]),
          ),
        );
      }),
    );

  // `runs` has --json of its own, and commander gives a parent's option to the parent wherever
  // it stands (options are not positional): `berth runs show X --json` sets runs' flag.
  const json = (options: { json?: boolean }) => ({
    json: options.json === true || runs.opts<{ json?: boolean }>().json === true,
  });

  runs
    .command('show')
    .description(
      'Show what a run was: image ID and digest, the docker run line, git commit, parameters, env, outputs',
    )
    .argument('<run>', 'the run id, or the start of it')
    .option('--json', 'print the run’s ledger entry as JSON')
    .action(async (runId: string, options: { json?: boolean }) =>
      context.run(json(options), async (output) => {
        const entry = await context.client().invoke('runs.show', { runId });
        if (output.json) return output.out(JSON.stringify(entry, null, 2));
        output.out(runDetails(entry));
      }),
    );

  runs
    .command('log')
    .description('Print the log of a run (its last 16 MiB at most)')
    .argument('<run>', 'the run id, or the start of it')
    .option('--json', 'print JSON: {text, truncated, bytes}')
    .action(async (runId: string, options: { json?: boolean }) =>
      context.run(json(options), async (output) => {
        const entry = await context.client().invoke('runs.show', { runId });
        const log = await context
          .client()
          .invoke('runs.log', { runId: entry.id, maxBytes: 16 * 1024 * 1024 });
        if (output.json) return output.out(JSON.stringify(log, null, 2));
        if (log.truncated)
          output.err(`note: only the end of the log (${log.bytes} bytes) is shown`);
        process.stdout.write(log.text);
      }),
    );
}

/** A run as `berth runs show` prints it: one fact per line, the docker run line last. */
function runDetails(entry: RunEntry): string {
  const lines: [string, string][] = [
    ['Run', entry.id],
    ['Flow', `${entry.flowName} (${entry.flowId})`],
    ['Project', entry.projectDir],
    [
      'Git',
      entry.git
        ? `${entry.git.commit ?? 'no commit yet'}${entry.git.dirty ? ' (dirty: uncommitted changes)' : ''}`
        : 'not a git checkout',
    ],
    ['When', `${entry.time} (${formatDuration(entry.durationMs)})`],
    ['Result', `${entry.result}${entry.exitCode === null ? '' : `, exit ${entry.exitCode}`}`],
    ['Image', entry.reference],
    ['Image ID', entry.imageId ?? '—'],
    ['Digest', entry.digest ?? '— (no registry digest: a local image)'],
    ['Engine', entry.engine],
    ['Pull policy', entry.pullPolicy],
    ['Parameters', JSON.stringify(entry.parameters)],
  ];
  for (const [name, value] of Object.entries(entry.env ?? {})) lines.push([`Env ${name}`, value]);
  if (entry.outputsDir) {
    lines.push(['Outputs', `${entry.outputsDir} (${entry.outputs?.length ?? 0} file(s))`]);
    for (const file of entry.outputs ?? []) lines.push(['', file]);
  }
  if (entry.cause) lines.push(['Failure', `${entry.cause}: ${entry.message ?? ''}`]);
  const width = Math.max(...lines.map(([name]) => name.length));
  const text = lines.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n');
  return `${text}\n\nThe same run with the docker CLI:\n  ${entry.dockerRun ?? '—'}`;
}
