import type { Command } from 'commander';
import { formatBytes, formatRelativeTime, shortId } from '../../shared/format';
import { parseNormalizedNamed, trimNamed, referenceString } from '../../shared/reference';
import { cliTools } from '../../host';
import { toErrorShape } from '../../shared/errors';
import { isFallbackTag } from '../../shared/image-content';
import type { TagDetails } from '../../shared/contract';
import { mapLimit } from '../../shared/map-limit';
import type { BerthClient } from '../../shared/client';
import type { CliContext } from '../context';
import { table } from '../output';
import type { Output } from '../output';

const DETAILS_IN_FLIGHT = 8;

/** `berth tags` and `berth manifest`: a repository's tags and an image's manifest. */
export function registerRegistryCommands(program: Command, context: CliContext): void {
  registerTags(program, context);
  registerManifest(program, context);
}

interface TagsOptions {
  json?: boolean;
  limit?: number;
  pageSize?: number;
  details?: boolean;
  all?: boolean;
}

function registerTags(program: Command, context: CliContext): void {
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
    .option(
      '--all',
      'also list signature, SBOM and attestation tags (sha256-….sig/.att/.sbom) and, with --details, attestation manifests',
    )
    .action(async (input: string, options: TagsOptions) =>
      context.run(options, async (output) => {
        const ref = parseNormalizedNamed(input);
        const client = context.client();
        const streaming = !output.json && !options.details;
        const { tags, hidden } = await listTags(client, output, input, options, streaming);
        if (hidden > 0 && !output.json)
          process.stderr.write(
            `${hidden.toLocaleString('en')} signature/attestation ${hidden === 1 ? 'tag' : 'tags'} hidden (--all lists them)\n`,
          );
        if (streaming) return;
        const name = referenceString(trimNamed(ref));
        if (!options.details) {
          return output.out(JSON.stringify({ repository: name, count: tags.length, hidden, tags }));
        }
        await printTagDetails(client, output, { name, tags, hidden, all: options.all === true });
      }),
    );
}

/**
 * Pages through the repository's tags as a job of the core, as the Tags screen does: opened,
 * paged, closed. Plain output streams page by page, so the first tags show before the last
 * page; cosign and referrers fallback tags name no image to pull: counted, not listed.
 */
async function listTags(
  client: BerthClient,
  output: Output,
  input: string,
  options: TagsOptions,
  streaming: boolean,
): Promise<{ tags: string[]; hidden: number }> {
  const tags: string[] = [];
  let hidden = 0;
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  const progress = !output.json && process.stderr.isTTY;
  const { listingId } = await client.invoke('tags.open', {
    repository: input,
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  try {
    for (;;) {
      const page = await client.invoke('tags.next', { listingId });
      const shown = options.all ? page.tags : page.tags.filter((t) => !isFallbackTag(t));
      hidden += page.tags.length - shown.length;
      const fresh = shown.slice(0, limit - tags.length);
      tags.push(...fresh);
      if (streaming && fresh.length > 0) output.out(fresh.join('\n'));
      else if (progress) process.stderr.write(`\r${tags.length.toLocaleString('en')} tags…`);
      if (page.done || tags.length >= limit) break;
    }
  } finally {
    await client.invoke('tags.close', { listingId });
  }
  if (progress && !streaming) process.stderr.write('\r\x1b[K');
  return { tags, hidden };
}

/** `--details`: each tag's digest, platforms, size and created, DETAILS_IN_FLIGHT at a time. */
async function printTagDetails(
  client: BerthClient,
  output: Output,
  listed: { name: string; tags: string[]; hidden: number; all: boolean },
): Promise<void> {
  const { name, tags, hidden, all } = listed;
  const details = await mapLimit(tags, DETAILS_IN_FLIGHT, (tag) =>
    client
      .invoke('tags.details', { repository: name, tag })
      .then((d) => (all ? d : withoutAttestations(d)))
      .catch((error: unknown) => ({ tag, error: toErrorShape(error) })),
  );
  if (output.json)
    return output.out(
      JSON.stringify({ repository: name, count: tags.length, hidden, tags: details }, null, 2),
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
                .join(',') + attestationNote(d) || '—',
              d.compressedSize === null ? '—' : formatBytes(d.compressedSize),
              d.created ? formatRelativeTime(d.created) : '—',
            ],
      ),
    ),
  );
}

function registerManifest(program: Command, context: CliContext): void {
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
          const { getManifest } = await cliTools();
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

/** Attestation manifests stay out of a tag's platforms unless --all asks for them. */
function withoutAttestations(details: TagDetails): TagDetails {
  const { attestations: _left, ...rest } = details;
  return rest;
}

function attestationNote(details: TagDetails): string {
  const n = details.attestations?.length ?? 0;
  return n === 0 ? '' : ` +${n} ${n === 1 ? 'attestation' : 'attestations'}`;
}
