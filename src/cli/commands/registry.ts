import type { Command } from 'commander';
import { formatBytes, formatRelativeTime, shortId } from '../../shared/format';
import { parseNormalizedNamed, trimNamed, referenceString } from '../../shared/reference';
import { getManifest } from '../../host';
import { toErrorShape } from '../../shared/errors';
import { mapLimit } from '../../shared/map-limit';
import type { CliContext } from '../context';
import { table } from '../output';

const DETAILS_IN_FLIGHT = 8;

export function registerRegistryCommands(program: Command, context: CliContext): void {
  program
    .command('tags')
    .description('List the tags of a repository in any registry, page by page')
    .argument('<repository>', 'e.g. nginx, ghcr.io/org/app, 127.0.0.1:5000/team/flows')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'stop after this many tags', (v) => Number.parseInt(v, 10))
    .option('--page-size <n>', 'ask the registry for pages of this size (n=)', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--details', 'also fetch digest, platforms, size and created for each tag')
    .action(
      async (
        input: string,
        options: { json?: boolean; limit?: number; pageSize?: number; details?: boolean },
      ) =>
        context.run(options, async (output) => {
          const ref = parseNormalizedNamed(input);
          const client = context.client();
          const tags: string[] = [];
          const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
          const progress = !output.json && process.stderr.isTTY;
          const streaming = !output.json && !options.details;
          // A tag listing is a job of the core, as the Tags screen's is: opened, paged, closed.
          const { listingId } = await client.invoke('tags.open', {
            repository: input,
            ...(options.pageSize ? { pageSize: options.pageSize } : {}),
          });
          try {
            for (;;) {
              const page = await client.invoke('tags.next', { listingId });
              const fresh = page.tags.slice(0, limit - tags.length);
              tags.push(...fresh);
              // Plain output streams page by page: the first tags show before the last page.
              if (streaming && fresh.length > 0) output.out(fresh.join('\n'));
              else if (progress)
                process.stderr.write(`\r${tags.length.toLocaleString('en')} tags…`);
              if (page.done || tags.length >= limit) break;
            }
          } finally {
            await client.invoke('tags.close', { listingId });
          }
          if (progress && !streaming) process.stderr.write('\r\x1b[K');
          if (streaming) return;
          const name = referenceString(trimNamed(ref));
          if (!options.details) {
            return output.out(JSON.stringify({ repository: name, count: tags.length, tags }));
          }
          const details = await mapLimit(tags, DETAILS_IN_FLIGHT, (tag) =>
            client
              .invoke('tags.details', { repository: name, tag })
              .catch((error: unknown) => ({ tag, error: toErrorShape(error) })),
          );
          if (output.json)
            return output.out(
              JSON.stringify({ repository: name, count: tags.length, tags: details }, null, 2),
            );
          output.out(
            table(
              ['TAG', 'DIGEST', 'PLATFORMS', 'SIZE', 'CREATED'],
              details.map((d) =>
                'error' in d
                  ? [d.tag, `error: ${d.error.code}`, '', '', '']
                  : [
                      d.tag,
                      shortId(d.digest),
                      d.platforms
                        .map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`)
                        .join(',') || '—',
                      d.compressedSize === null ? '—' : formatBytes(d.compressedSize),
                      d.created ? formatRelativeTime(d.created) : '—',
                    ],
              ),
            ),
          );
        }),
    );

  program
    .command('manifest')
    .description('Show the manifest of an image: digest, media type, platforms, size, created')
    .argument('<reference>', 'e.g. ghcr.io/org/app:v2 or 127.0.0.1:5000/team/flows@sha256:…')
    .option('--json', 'print JSON')
    .option('--raw', 'print the manifest exactly as the registry sent it')
    .action(async (input: string, options: { json?: boolean; raw?: boolean }) =>
      context.run(options, async (output) => {
        const ref = parseNormalizedNamed(input);
        const repo = { registry: ref.domain, repository: ref.path };
        const core = context.core();
        if (options.raw) {
          const m = await getManifest(core.registry, repo, ref.digest || ref.tag || 'latest');
          return output.out(new TextDecoder().decode(m.body));
        }
        const tag = ref.digest || ref.tag || 'latest';
        const d = await context
          .client()
          .invoke('tags.details', { repository: referenceString(trimNamed(ref)), tag });
        if (output.json)
          return output.out(JSON.stringify({ reference: referenceString(ref), ...d }, null, 2));
        output.out(
          [
            `Reference   ${referenceString(ref)}`,
            `Digest      ${d.digest}`,
            `Media type  ${d.mediaType} (${d.kind})`,
            `Platforms   ${d.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`).join(', ') || '—'}`,
            `Size        ${d.compressedSize === null ? '—' : `${formatBytes(d.compressedSize)} compressed`}`,
            `Created     ${d.created ?? '—'}`,
            ...(d.rateLimit
              ? [`Hub pulls   ${d.rateLimit.remaining} of ${d.rateLimit.limit} left`]
              : []),
          ].join('\n'),
        );
      }),
    );
}
