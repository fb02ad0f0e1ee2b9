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
import { toCsv } from '../../shared/ledger-export';
import type { BerthClient } from '../../shared/client';
import type { EventPayload } from '../../shared/contract';
import type { CliContext } from '../context';
import { JobEvents, cancelJob, cancelOnInterrupt, recordedEntry } from '../job-follow';
import { EXIT, exitCodeFor, table } from '../output';
import type { Output } from '../output';
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

/**
 * A pull as a window makes one: `pull.start`, then its pull.* events, `jobs.cancel` on
 * Ctrl+C (a second one leaves at once); the exit status is the error catalogue's for its code.
 */
async function pullThroughJob(
  client: BerthClient,
  output: Output,
  image: string,
  platform: string | undefined,
): Promise<void> {
  const view: ProgressView | null = output.json
    ? null
    : process.stderr.isTTY
      ? liveProgressView((text) => process.stderr.write(text))
      : plainProgressView((line) => output.err(line));
  const log: string[] = [];
  const events = new JobEvents(client);
  const done = new Promise<EventPayload<'pull.done'>>((resolve) => {
    events
      .on(
        'pull.progress',
        (e) => e.pullId,
        (progress) => view?.update(progress),
      )
      .on(
        'pull.log',
        (e) => e.pullId,
        ({ line, level }) => {
          log.push(line);
          if (output.json) return;
          view?.end();
          if (level === 'warning') output.err(line);
          else output.out(line);
        },
      )
      .on('pull.done', (e) => e.pullId, resolve);
  });
  let pullId: string | undefined;
  const interrupts = cancelOnInterrupt(
    client,
    () => pullId,
    () => process.exit(EXIT_CANCELLED),
  );
  try {
    pullId = (
      await client.invoke('pull.start', { reference: image, ...(platform ? { platform } : {}) })
    ).pullId;
    events.attach(pullId);
    if (interrupts.requested()) await cancelJob(client, pullId);
    const outcome = await done;
    view?.end();
    if (outcome.error) {
      const reported = new BerthError(
        outcome.error.code,
        outcome.error.message,
        outcome.error.hint,
        {
          ...outcome.error.details,
          entryId: outcome.entryId,
        },
      );
      if (outcome.verdict && outcome.cause && !output.json) {
        // The diagnosis, laid out as berth doctor lays it out.
        output.err(`error: ${reported.message}`);
        output.err(`cause: ${outcome.cause} — ${outcome.verdict.summary}`);
        output.err('what to do:');
        outcome.verdict.fix.forEach((line, i) => output.err(`  ${i + 1}. ${line}`));
        output.err(`  (${reported.code}; the full probe: berth doctor ${outcome.reference})`);
        process.exitCode = exitCodeFor(reported.toShape());
        return;
      }
      throw reported;
    }
    if (output.json)
      output.out(
        JSON.stringify(
          {
            ...(await recordedEntry(
              outcome,
              async (id) => (await client.invoke('ledger.list', { id })).entries[0],
            )),
            log,
          },
          null,
          2,
        ),
      );
  } finally {
    view?.end();
    events.close();
    interrupts.stop();
  }
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
          try {
            await pullThroughJob(context.client(), output, image, platform);
          } finally {
            context.close();
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
