/**
 * `berth pull <image>`: the engine pulls with the credential Berth resolves; the two log lines
 * (`Pulling image: …`, `Image digest: sha256:…`) go to stdout, progress to stderr, and every
 * pull, failed or cancelled ones too, is recorded in the ledger. Ctrl+C cancels the pull
 * (exit 130); a second Ctrl+C leaves at once.
 * `berth ledger`: that record, filtered, as a table, JSON or CSV.
 */
import { PLAINTEXT_AUTH_ENV } from '../../host';
import type { Command } from 'commander';
import { BerthError } from '../../shared/errors';
import { formatBytes, formatDuration, formatRelativeTime } from '../../shared/format';
import { PullResult } from '../../shared/ledger';
import { PlatformString } from '../../shared/pull';
import type { PullProgress } from '../../shared/pull';
import { toCsv } from '../../shared/ledger-export';
import type { CliContext } from '../context';
import { EXIT, exitCodeFor, reportError, table } from '../output';
import { liveProgressView, plainProgressView } from '../progress-view';
import type { ProgressView } from '../progress-view';

export const EXIT_CANCELLED = EXIT.cancelled;

function parsePlatform(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = PlatformString.safeParse(value);
  if (!parsed.success) {
    throw new BerthError(
      'usage.invalid_platform',
      `Not a platform: ${value}`,
      'Write it as os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8.',
    );
  }
  return parsed.data;
}

export function registerPull(program: Command, context: CliContext): void {
  program
    .command('pull')
    .description(
      'Pull an image into the engine, with the credential Berth picks; recorded in the ledger',
    )
    .argument('<image>', 'e.g. nginx, ghcr.io/org/app:v2, 127.0.0.1:5000/team/flows@sha256:…')
    .option('--platform <os/arch>', 'pull this platform (default: the engine’s)')
    .option('--json', 'print the ledger entry (and the log) as JSON')
    .option(
      '--allow-plaintext-auth',
      'send the registry password to a remote engine over plain tcp:// (no TLS) anyway',
    )
    .action(
      async (
        image: string,
        options: { platform?: string; json?: boolean; allowPlaintextAuth?: boolean },
      ) =>
        context.run(options, async (output) => {
          if (options.allowPlaintextAuth) process.env[PLAINTEXT_AUTH_ENV] = '1';
          const platform = parsePlatform(options.platform);
          const core = context.core();
          const controller = new AbortController();
          let interrupts = 0;
          const interrupt = () => {
            interrupts += 1;
            if (interrupts > 1) process.exit(EXIT_CANCELLED);
            controller.abort();
          };
          process.on('SIGINT', interrupt);
          process.on('SIGTERM', interrupt);
          const view: ProgressView | null = output.json
            ? null
            : process.stderr.isTTY
              ? liveProgressView((text) => process.stderr.write(text))
              : plainProgressView((line) => output.err(line));
          const log: string[] = [];
          try {
            const outcome = await core.pulls.pull(image, {
              ...(platform ? { platform } : {}),
              signal: controller.signal,
              ...(view ? { onProgress: (progress: PullProgress) => view.update(progress) } : {}),
              log: (line, level) => {
                log.push(line);
                if (output.json) return;
                view?.end();
                if (level === 'warning') output.err(line);
                else output.out(line);
              },
            });
            view?.end();
            const { entry, error, verdict } = outcome;
            if (error) {
              const reported = new BerthError(error.code, error.message, error.hint, {
                ...error.details,
                entryId: outcome.recorded ? entry.id : null,
              });
              if (verdict && !output.json) {
                // The diagnosis, laid out as berth doctor lays it out.
                output.err(`error: ${reported.message}`);
                output.err(`cause: ${verdict.cause} — ${verdict.summary}`);
                output.err('what to do:');
                verdict.fix.forEach((line, i) => output.err(`  ${i + 1}. ${line}`));
                output.err(`  (${reported.code}; the full probe: berth doctor ${entry.reference})`);
                process.exitCode = exitCodeFor(reported.toShape());
                return;
              }
              if (outcome.result !== 'cancelled') throw reported;
              reportError(output, reported);
              process.exitCode = EXIT_CANCELLED;
              return;
            }
            if (output.json) output.out(JSON.stringify({ ...entry, log }, null, 2));
          } finally {
            process.off('SIGINT', interrupt);
            process.off('SIGTERM', interrupt);
          }
        }),
    );

  program
    .command('ledger')
    .description('Show the record of pulls: reference, digest, platform, credential source, result')
    .option(
      '--filter <text>',
      'only entries whose reference, digest, source, cause or message has this text',
    )
    .option('--result <result>', 'only success, failed or cancelled pulls')
    .option('--csv', 'print CSV (RFC 4180) for a spreadsheet')
    .option('--json', 'print JSON: {entries, skipped}')
    .action(async (options: { filter?: string; result?: string; csv?: boolean; json?: boolean }) =>
      context.run(options, async (output) => {
        if (options.csv && options.json) {
          throw new BerthError('usage.conflicting_options', 'Choose either --csv or --json.');
        }
        let result: PullResult | undefined;
        if (options.result !== undefined) {
          const parsed = PullResult.safeParse(options.result);
          if (!parsed.success) {
            throw new BerthError(
              'usage.invalid_result',
              `Not a result: ${options.result}`,
              'Use success, failed or cancelled.',
            );
          }
          result = parsed.data;
        }
        const { entries, skipped } = await context.client().invoke('ledger.list', {
          ...(options.filter !== undefined ? { text: options.filter } : {}),
          ...(result ? { result } : {}),
        });
        if (skipped > 0 && !output.json) {
          output.err(`note: ${skipped} unreadable ledger line${skipped === 1 ? '' : 's'} skipped`);
        }
        if (output.json) return output.out(JSON.stringify({ entries, skipped }, null, 2));
        if (options.csv) return void process.stdout.write(toCsv(entries));
        if (entries.length === 0) return output.out('No pulls recorded yet.');
        output.out(
          table(
            [
              'WHEN',
              'RESULT',
              'REFERENCE',
              'DIGEST',
              'PLATFORM',
              'CREDENTIAL',
              'TOOK',
              'SIZE',
              'CAUSE',
            ],
            entries.map((e) => [
              formatRelativeTime(e.time),
              e.result,
              e.reference,
              e.digest?.slice(0, 19) ?? '—',
              e.platform ?? '—',
              e.credentialSource,
              formatDuration(e.durationMs),
              formatBytes(e.bytes),
              e.cause ?? '',
            ]),
          ),
        );
      }),
    );
}
