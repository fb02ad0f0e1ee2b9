import type { Command } from 'commander';
import { formatBytes, formatRelativeTime, shortId } from '../../shared/format';
import type { ImageSummary } from '../../shared/contract';
import type { CliContext } from '../context';
import { printRemoteImage } from './image-content';
import { table } from '../output';

export function matchesFilter(image: ImageSummary, filter: string): boolean {
  const needle = filter.toLowerCase();
  return [image.id, ...image.repoTags, ...image.repoDigests].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

export function registerImages(program: Command, context: CliContext): void {
  program
    .command('images')
    .description('List the images on the engine')
    .option('--json', 'print JSON')
    .option('--filter <text>', 'only images whose tag, ID or digest contains this text')
    .action(async (options: { json?: boolean; filter?: string }) =>
      context.run(options, async (output) => {
        const all = await context.client().invoke('images.list', {});
        const images = options.filter
          ? all.filter((i) => matchesFilter(i, options.filter ?? ''))
          : all;
        if (output.json) return output.out(JSON.stringify(images, null, 2));
        if (images.length === 0)
          return output.out(
            all.length ? 'No images match the filter.' : 'No images on this engine.',
          );
        output.out(
          table(
            ['REPOSITORY:TAG', 'IMAGE ID', 'DIGEST', 'SIZE', 'CREATED'],
            images.map((i) => [
              (i.repoTags[0] ?? '<none>') +
                (i.repoTags.length > 1 ? ` (+${i.repoTags.length - 1})` : ''),
              shortId(i.id),
              i.repoDigests[0]?.split('@')[1]?.slice(0, 19) ?? '',
              formatBytes(i.size),
              formatRelativeTime(i.created),
            ]),
          ),
        );
      }),
    );

  program
    .command('inspect')
    .description(
      'Show the details of an image: on the engine, or with --remote from its registry without pulling',
    )
    .argument('<image>', 'image ID or reference')
    .option('--remote', 'read config, history and layers from the registry (nothing is pulled)')
    .option('--platform <os/arch>', "with --remote, pick from an index (default: the engine's)")
    .option('--json', 'print JSON')
    .action(
      async (image: string, options: { json?: boolean; remote?: boolean; platform?: string }) =>
        context.run(options, async (output) => {
          if (options.remote) {
            const remote = await context.client().invoke('images.remoteInspect', {
              reference: image,
              ...(options.platform ? { platform: options.platform } : {}),
            });
            if (output.json) return output.out(JSON.stringify(remote, null, 2));
            return printRemoteImage(output, remote);
          }
          const d = await context.client().invoke('images.inspect', { id: image });
          if (output.json) return output.out(JSON.stringify(d, null, 2));
          const lines = [
            `ID          ${d.id}`,
            `Tags        ${d.repoTags.join(', ') || '<none>'}`,
            `Digests     ${d.repoDigests.join(', ') || '—'}`,
            `Platform    ${d.os}/${d.architecture}${d.variant ? `/${d.variant}` : ''}`,
            `Size        ${formatBytes(d.size)} · created ${d.created}`,
            `Entrypoint  ${JSON.stringify(d.entrypoint)}`,
            `Cmd         ${JSON.stringify(d.cmd)}`,
            `WorkingDir  ${d.workingDir || '—'}`,
            `Env         ${d.env.join('\n            ') || '—'}`,
            `Labels      ${
              Object.entries(d.labels)
                .map(([k, v]) => `${k}=${v}`)
                .join('\n            ') || '—'
            }`,
            `Layers      ${d.layers.map((l) => `${shortId(l.diffId)}  ${l.size >= 0 ? formatBytes(l.size) : '?'}`).join('\n            ')}`,
          ];
          output.out(lines.join('\n'));
        }),
    );

  program
    .command('rmi')
    .description('Remove a local image (refused while a container uses it, unless --force)')
    .argument('<image>', 'image ID or reference')
    .option('--force', 'remove even if a container uses it')
    .option('--json', 'print JSON')
    .action(async (image: string, options: { json?: boolean; force?: boolean }) =>
      context.run(options, async (output) => {
        const removed = await context
          .client()
          .invoke('images.remove', { id: image, force: Boolean(options.force) });
        if (output.json) return output.out(JSON.stringify(removed, null, 2));
        for (const tag of removed.untagged) output.out(`Untagged: ${tag}`);
        for (const id of removed.deleted) output.out(`Deleted:  ${id}`);
      }),
    );
}
