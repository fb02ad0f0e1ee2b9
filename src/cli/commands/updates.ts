import type { Command } from 'commander';
import type { ImageSummary } from '../../shared/contract';
import type { UpdateCheck } from '../../shared/image-content';
import type { CliContext } from '../context';
import { table } from '../output';

const STATUS_WORDS: Record<UpdateCheck['status'], string> = {
  current: 'current',
  changed: 'UPDATE',
  local_only: 'local build',
  missing: 'tag gone',
  failed: 'unknown',
};

/** Every tag on the engine, once: `<none>` tags have nothing to check. */
export function localTags(images: readonly ImageSummary[]): string[] {
  const tags = images.flatMap((image) => image.repoTags).filter((t) => !t.startsWith('<none>'));
  return [...new Set(tags)];
}

export function registerUpdates(program: Command, context: CliContext): void {
  program
    .command('updates')
    .description(
      "Check whether local images' tags moved on their registry (one HEAD per tag; nothing is pulled)",
    )
    .argument('[image...]', 'tags to check (default: every tagged image on the engine)')
    .option('--json', 'print JSON')
    .action(async (images: string[], options: { json?: boolean }) =>
      context.run(options, async (output) => {
        const client = context.client();
        const references = images.length
          ? images
          : localTags(await client.invoke('images.list', {}));
        if (references.length === 0) {
          if (output.json) return output.out(JSON.stringify({ checks: [] }, null, 2));
          return output.out('No tagged images on this engine.');
        }
        const { checks } = await client.invoke('images.checkUpdates', { references });
        if (output.json) return output.out(JSON.stringify({ checks }, null, 2));
        output.out(
          table(
            ['IMAGE', 'STATUS', 'LOCAL', 'REGISTRY'],
            checks.map((c) => [
              c.reference,
              STATUS_WORDS[c.status],
              c.localDigests[0]?.slice(0, 19) ?? '—',
              c.remoteDigest?.slice(0, 19) ?? '—',
            ]),
          ),
        );
        for (const c of checks.filter((c) => c.status !== 'current')) output.out(`\n${c.summary}`);
        const limit = checks.find((c) => c.rateLimit)?.rateLimit;
        if (limit)
          output.out(
            `\nDocker Hub pull limit: ${limit.remaining} of ${limit.limit} left per ${Math.round(limit.windowSeconds / 3600)} h (HEAD requests do not count).`,
          );
        const stale = checks.filter((c) => c.status === 'changed');
        if (stale.length)
          output.out(`\nRefresh: ${stale.map((c) => `berth pull ${c.reference}`).join('; ')}`);
      }),
    );
}
