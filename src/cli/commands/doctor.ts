/**
 * `berth doctor <image>`: the live probe, step by step, then the cause and what to do.
 * `berth doctor --message "$(cat error.txt)"`: the same verdict from the error text alone, with
 * what the text names (images, registry, tag, platform, engine) and the remedies on offer;
 * `--probe` then checks the image it named live.
 * `berth fix <remedy-id>`: applies one of those remedies (with a preview, and an undo id).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Diagnosis } from '../../shared/diagnosis';
import { BerthError } from '../../shared/errors';
import { diagnosisMarkdown } from '../../shared/diagnosis-report';
import type { CliContext } from '../context';
import { pullQuietly } from '../job-follow';
import type { Output } from '../output';

import { readSecretFromStdin } from './credentials';

function printDiagnosis(output: Output, d: Diagnosis): void {
  for (const s of d.steps) {
    output.out(
      `${s.ok ? '✓' : s.expected ? '–' : '✗'} ${s.name.padEnd(26)} ${String(s.ms).padStart(5)} ms  ${s.detail}`,
    );
  }
  if (d.extracted) {
    const x = d.extracted;
    const named = [
      x.references.length ? `image ${x.references.map((r) => r.image ?? r.text).join(', ')}` : '',
      x.registries.length ? `registry ${x.registries.join(', ')}` : '',
      x.platform ? `platform ${x.platform}` : '',
      x.engine ? `from ${x.engine}${x.tool ? ` (via ${x.tool})` : ''}` : '',
    ].filter(Boolean);
    if (named.length) output.out(`found: ${named.join('; ')}`);
  }
  output.out('');
  if (d.healthy) {
    output.out('healthy: the image pulls');
    output.out(d.summary);
    if (d.fix.length) {
      output.out('');
      output.out('to align the other tools:');
      d.fix.forEach((f, i) => output.out(`  ${i + 1}. ${f}`));
    }
    return;
  }
  output.out(
    `cause: ${d.cause}${d.alternatives.length ? ` (or ${d.alternatives.join(', ')})` : ''}`,
  );
  output.out(d.summary);
  output.out('');
  output.out('what to do:');
  d.fix.forEach((f, i) => output.out(`  ${i + 1}. ${f}`));
  for (const url of d.docs) output.out(`  see ${url}`);
  if (d.remedies?.length) {
    output.out('');
    output.out('remedies (berth fix <id>):');
    for (const r of d.remedies) {
      output.out(`  ${r.id}`);
      output.out(`    ${r.title} — ${r.changes.join(' ')}`);
    }
  }
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
    .option('--probe', 'with --message: also check the image the text names, live')
    .option('--platform <os/arch>', 'the platform to check (default: the engine’s)')
    .option('--report <file>', 'also write a redacted Markdown report to this file')
    .option(
      '--json',
      'print JSON: {image, cause, alternatives, summary, fix, steps, transport, remedies}',
    )
    .action(
      async (
        image: string | undefined,
        options: {
          message?: string;
          probe?: boolean;
          platform?: string;
          report?: string;
          json?: boolean;
        },
      ) =>
        context.run(options, async (output) => {
          let diagnosis: Diagnosis;
          if (options.message !== undefined) {
            diagnosis = await context.client().invoke('diagnose.message', {
              message: options.message,
              ...(image ? { image } : {}),
            });
            const named = image ?? diagnosis.extracted?.references[0]?.image;
            if (options.probe) {
              if (!named) {
                throw new BerthError(
                  'usage.missing_image',
                  'The message names no image to probe.',
                  'Give the image too, e.g. berth doctor ghcr.io/org/app:1.2 --message … --probe',
                );
              }
              const offline = diagnosis;
              const live = await context.client().invoke('diagnose.run', {
                reference: named,
                message: options.message,
                ...(options.platform ? { platform: options.platform } : {}),
              });
              diagnosis = {
                ...live,
                ...(offline.extracted ? { extracted: offline.extracted } : {}),
                remedies: live.remedies ?? offline.remedies ?? [],
              };
            }
          } else if (image) {
            diagnosis = await context.client().invoke('diagnose.run', {
              reference: image,
              ...(options.platform ? { platform: options.platform } : {}),
            });
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
                {
                  image: img,
                  cause,
                  alternatives,
                  summary,
                  fix,
                  steps,
                  docs,
                  mode,
                  extracted: diagnosis.extracted ?? null,
                  remedies: diagnosis.remedies ?? [],
                  transport: diagnosis.transport ?? null,
                },
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

export function registerFix(program: Command, context: CliContext): void {
  program
    .command('fix')
    .description('Apply one remedy that berth doctor offered (its id from the remedies list)')
    .argument('<remedy-id>', 'e.g. remove-helper:credsStore, or undo:… as printed after a fix')
    .option('--yes', 'apply without asking (a preview of the change is printed first)')
    .option('--password-stdin', 'for login remedies: read the secret from stdin')
    .option('--json', 'print JSON: {applied, summary, changes, undo, diagnosis}')
    .action(
      async (id: string, options: { yes?: boolean; passwordStdin?: boolean; json?: boolean }) =>
        context.run(options, async (output) => {
          if (id.startsWith('retry:')) {
            const image = decodeURIComponent(id.slice('retry:'.length));
            const outcome = await pullQuietly(context.client(), image);
            context.close();
            const ok = outcome.result === 'success';
            const result = {
              applied: ok,
              summary: ok
                ? `Pulled ${outcome.reference}.`
                : `The pull of ${image} failed again: ${outcome.verdict?.summary ?? outcome.error?.message ?? 'see berth doctor'}`,
              changes: ok ? [`engine: ${outcome.reference} pulled`] : [],
              undo: null,
              diagnosis: null,
            };
            if (!ok) process.exitCode = 1;
            return output.out(output.json ? JSON.stringify(result, null, 2) : result.summary);
          }
          const needsConfirm =
            /^(logout|remove-helper|add-pattern|login|undo|set-patterns|engine-proxy|engine-proxy-undo):/.test(
              id,
            );
          if (needsConfirm && !options.yes && !options.passwordStdin) {
            throw new BerthError(
              'usage.confirm',
              `berth fix ${id} changes files or the keychain; run it again with --yes to apply.`,
              'berth doctor --message … lists each remedy with exactly what it changes.',
            );
          }
          const secret = options.passwordStdin ? await readSecretFromStdin() : undefined;
          const result = await context.client().invoke('diagnose.fix', {
            remedyId: id,
            ...(secret ? { secret } : {}),
          });
          if (output.json) return output.out(JSON.stringify(result, null, 2));
          output.out(result.summary);
          for (const c of result.changes) output.out(`  ${c}`);
          if (result.diagnosis) printDiagnosis(output, result.diagnosis);
          if (result.undo) output.out(`undo: berth fix ${result.undo} --yes`);
        }),
    );
}
