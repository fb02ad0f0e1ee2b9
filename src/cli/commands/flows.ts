/**
 * `berth flows [DIR]`: the flows Berth finds in a project folder (prefect.yaml deployments,
 * valohai.yaml steps, berth.yaml, bare @flow functions), and every problem by file and line.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { cliTools } from '../../host';
import { formatProblem } from '../../shared/flows';
import type { FlowDefinition } from '../../shared/flows';
import type { CliContext } from '../context';
import { table } from '../output';

function parameterList(flow: FlowDefinition): string {
  return flow.parameters
    .map((p) => (p.required ? `${p.name}*` : `${p.name}=${JSON.stringify(p.default)}`))
    .join(' ');
}

export function registerFlows(program: Command, context: CliContext): void {
  program
    .command('flows')
    .description('List the flows in a project folder, with any problems by file and line')
    .argument('[dir]', 'the project folder (default: the current one)')
    .option('--json', 'print JSON: {root, flows, problems}')
    .action(async (dir: string | undefined, options: { json?: boolean }) =>
      context.run(options, async (output) => {
        const { discoverFlows } = await cliTools();
        const result = await discoverFlows(resolve(dir ?? '.'), { env: process.env });
        if (output.json) return output.out(JSON.stringify(result, null, 2));
        if (result.flows.length === 0) output.out(`No flows found in ${result.root}.`);
        else {
          output.out(
            table(
              ['NAME', 'KIND', 'IMAGE', 'PULL', 'WHERE', 'PARAMETERS'],
              result.flows.map((f) => [
                f.name,
                f.kind,
                // A built image says so, and from what: the run builds it first.
                f.build
                  ? `${f.build.imageName}:${f.build.tag ?? '<build time>'} (built: ${f.build.dockerfile})`
                  : (f.image ?? '—'),
                f.pullPolicy,
                `${f.file}:${f.line}`,
                parameterList(f),
              ]),
            ),
          );
        }
        const notes = result.flows.flatMap((f) => [
          ...f.unresolved.map((u) => `${f.name}: ${u.where} ${u.template} is left as is: ${u.why}`),
          ...f.warnings.map((w) => `${f.name}: ${w}`),
        ]);
        for (const note of notes) output.err(`note: ${note}`);
        if (result.problems.length > 0) output.err('problems:');
        for (const problem of result.problems) {
          output.err(`  ${formatProblem(problem)}`);
          if (problem.hint) output.err(`    what to do: ${problem.hint}`);
        }
      }),
    );
}
