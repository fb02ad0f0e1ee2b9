/**
 * `berth doctor <image>`: the live probe, step by step, then the cause and what to do.
 * `berth doctor --message "<pasted error>"`: the same verdict from the error text alone.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Diagnosis } from '../../shared/diagnosis';
import { BerthError } from '../../shared/errors';
import { diagnosisMarkdown } from '../../shared/diagnosis-report';
import type { CliContext } from '../context';
import type { Output } from '../output';
import { unwrap } from '../output';

function printDiagnosis(output: Output, d: Diagnosis): void {
  for (const s of d.steps) {
    output.out(
      `${s.ok ? '✓' : '✗'} ${s.name.padEnd(26)} ${String(s.ms).padStart(5)} ms  ${s.detail}`,
    );
  }
  output.out('');
  output.out(
    `cause: ${d.cause}${d.alternatives.length ? ` (or ${d.alternatives.join(', ')})` : ''}`,
  );
  output.out(d.summary);
  output.out('');
  output.out('what to do:');
  d.fix.forEach((f, i) => output.out(`  ${i + 1}. ${f}`));
  for (const url of d.docs) output.out(`  see ${url}`);
}

export function registerDoctor(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description(
      'Explain why a pull fails: a live probe of the registry, or a pasted error message',
    )
    .argument('[image]', 'the image that fails to pull, e.g. ghcr.io/org/app:1.2')
    .option(
      '--message <text>',
      'classify this error text offline (from docker pull, podman, kubelet…)',
    )
    .option('--platform <os/arch>', 'the platform to check (default: the engine’s)')
    .option('--report <file>', 'also write a redacted Markdown report to this file')
    .option('--json', 'print JSON: {image, cause, alternatives, summary, fix, steps}')
    .action(
      async (
        image: string | undefined,
        options: { message?: string; platform?: string; report?: string; json?: boolean },
      ) =>
        context.run(options, async (output) => {
          const core = context.core();
          let diagnosis: Diagnosis;
          if (options.message !== undefined) {
            diagnosis = unwrap<Diagnosis>(
              await core.dispatch('diagnose.message', {
                message: options.message,
                ...(image ? { image } : {}),
              }),
            );
          } else if (image) {
            diagnosis = unwrap<Diagnosis>(
              await core.dispatch('diagnose.run', {
                reference: image,
                ...(options.platform ? { platform: options.platform } : {}),
              }),
            );
          } else {
            throw new BerthError(
              'usage.missing_image',
              'Give the image that fails to pull, or --message with the error text.',
              'e.g. berth doctor ghcr.io/org/app:1.2, or berth doctor --message "$(docker pull x 2>&1)"',
            );
          }
          if (options.report) {
            await writeFile(options.report, diagnosisMarkdown(diagnosis));
          }
          if (output.json) {
            const { image: img, cause, alternatives, summary, fix, steps, docs, mode } = diagnosis;
            return output.out(
              JSON.stringify(
                { image: img, cause, alternatives, summary, fix, steps, docs, mode },
                null,
                2,
              ),
            );
          }
          printDiagnosis(output, diagnosis);
          if (options.report) output.out(`\nreport: ${options.report}`);
        }),
    );
}
