/**
 * `berth ref`: how Docker reads an image reference. It needs no core (no engine, no store, no
 * network), so it is its own module and the start-up floor the bench measures.
 */
import type { Command } from 'commander';
import { describeReference } from '../../shared/reference';
import type { CliContext } from '../context';

export function registerRef(program: Command, context: CliContext): void {
  program
    .command('ref')
    .description('Parse an image reference the way Docker does, and print its parts')
    .argument('<reference>', 'e.g. nginx, ghcr.io/org/app:v2, 127.0.0.1:5000/team/flows@sha256:…')
    .option('--json', 'print JSON')
    .action(async (input: string, options: { json?: boolean }) =>
      context.run(options, async (output) => {
        const d = describeReference(input);
        if (output.json) return output.out(JSON.stringify(d, null, 2));
        output.out(
          [
            `Familiar   ${d.familiar}`,
            `Canonical  ${d.canonical}`,
            `Registry   ${d.domain}`,
            `Path       ${d.path}`,
            `Tag        ${d.tag ?? '—'}`,
            `Digest     ${d.digest ?? '—'}`,
            `Pulls      ${d.pullable}`,
          ].join('\n'),
        );
      }),
    );
}
