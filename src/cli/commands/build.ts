/**
 * `berth build <flow>`: builds the image a flow's file names (a prefect.yaml
 * build_docker_image step, berth.yaml `build:`), as the run before it would, with the engine's
 * build output streamed; unless --always, an image built from the same context is reused.
 * Prints what a run record keeps of the build (--json: as JSON). Ctrl+C stops the build.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { cliTools } from '../../host';
import { BerthError } from '../../shared/errors';
import { formatProblem } from '../../shared/flows';
import { formatDuration } from '../../shared/format';
import type { CliContext } from '../context';
import { EXIT, reportError } from '../output';
import { EXIT_CANCELLED } from './pull';
import { buildOptions } from './run';

interface BuildOptions {
  dir?: string;
  always?: boolean;
  tag?: string;
  baseImage?: string;
  engine?: string;
  json?: boolean;
}

export function registerBuild(program: Command, context: CliContext): void {
  program
    .command('build')
    .description(
      'Build the image a flow’s file names (build step, berth.yaml build:), as a run would',
    )
    .argument('<flow>', 'the flow, by name or id (see `berth flows`)')
    .option('--dir <dir>', 'the project folder (default: the current one)')
    .option('--always', 'build even when an image from the same context is on the engine')
    .option('--tag <tag>', 'the tag of the image, where the flow’s file leaves it to a template')
    .option(
      '--base-image <reference>',
      'dockerfile: auto only: FROM this image instead of the prefecthq/prefect one',
    )
    .option('--engine <context>', 'a docker context to build on (default: the current engine)')
    .option('--json', 'print JSON: the build record (the build output goes to stderr)')
    .action(async (name: string, options: BuildOptions) =>
      context.run(options, async (output) => {
        const core = context.core();
        const root = resolve(options.dir ?? process.cwd());
        const { discoverFlows, engineForContext, planBuild, problemsOf, selectFlow } =
          await cliTools();
        const discovery = await discoverFlows(root, { env: process.env });
        const flow = selectFlow(discovery.flows, name, root);
        const problems = problemsOf(flow, discovery);
        if (problems.length > 0) {
          throw new BerthError(
            'usage.flow_has_problems',
            `${flow.name} cannot be built as written: ${problems.map(formatProblem).join('; ')}`,
            problems[0]?.hint ?? `Fix ${flow.file}, then build again.`,
          );
        }
        const request = buildOptions(options);
        const plan = planBuild(flow, root, {
          ...request,
          build: options.always ? 'always' : 'auto',
        });
        if (!plan) {
          throw new BerthError(
            'usage.no_build',
            `${flow.name} names no image build: there is nothing to build.`,
            'Add a build step (prefect.yaml build_docker_image), or build: to the flow in berth.yaml.',
          );
        }
        const engine = options.engine ? engineForContext(process.env, options.engine) : core.engine;
        const cancel = new AbortController();
        const interrupt = () => cancel.abort();
        process.on('SIGINT', interrupt);
        process.on('SIGTERM', interrupt);
        const log = output.json ? process.stderr : process.stdout;
        try {
          const builds = await core.builds();
          const record = await builds.build(plan, engine, {
            signal: cancel.signal,
            onOutput: (chunk) => log.write(chunk.replace(/\r\n/g, '\n')),
            onNote: (line) => output.err(`[berth] ${line}`),
          });
          if (output.json) {
            output.out(JSON.stringify({ flow: flow.id, ...record }, null, 2));
            return;
          }
          output.out(
            record.reused
              ? `${record.image} is ${record.imageId} (not rebuilt: same context ${record.contextHash.slice(0, 19)})`
              : `${record.image} is ${record.imageId} (built in ${formatDuration(record.durationMs)})`,
          );
        } catch (error) {
          if (!(error instanceof BerthError) || error.code !== 'job.cancelled') throw error;
          reportError(output, error);
          process.exitCode = EXIT_CANCELLED;
          return;
        } finally {
          process.off('SIGINT', interrupt);
          process.off('SIGTERM', interrupt);
          core.close();
        }
        process.exitCode = EXIT.ok;
      }),
    );
}
