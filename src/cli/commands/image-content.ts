/**
 * Looking inside an image from its registry without pulling it: `berth inspect --remote`
 * (wired in images.ts), `berth files`, `berth cat`, `berth diff`, `berth referrers`.
 */
import type { Command } from 'commander';
import { formatBytes, shortId } from '../../shared/format';
import type { FileTree, RemoteImage } from '../../shared/image-content';
import { cliTools } from '../../host';
import { platformText } from '../../shared/image-content';
import type { Response } from '../../shared/contract';
import type { CliContext } from '../context';
import type { Output } from '../output';
import { table } from '../output';
import { writeTreeJson, writeTreeTable } from './files-output';

export function printRemoteImage(output: Output, d: RemoteImage): void {
  const list = (items: string[]) => items.join('\n             ') || '—';
  output.out(
    [
      `Reference    ${d.reference}`,
      `Digest       ${d.digest}${d.index ? ' (index)' : ''}`,
      ...(d.index ? [`Manifest     ${d.manifestDigest} (${platformText(d.platform)})`] : []),
      ...(d.index
        ? [
            `Platforms    ${list(
              d.index.map((e) =>
                e.attestationFor !== null
                  ? `attestation for ${shortId(e.attestationFor)}  ${shortId(e.digest)}`
                  : `${e.platform ? platformText(e.platform) : '?'}  ${shortId(e.digest)}`,
              ),
            )}`,
          ]
        : []),
      `Platform     ${platformText(d.platform)} · created ${d.created ?? '—'}`,
      `Entrypoint   ${JSON.stringify(d.entrypoint)}`,
      `Cmd          ${JSON.stringify(d.cmd)}`,
      `User         ${d.user || '—'}`,
      `WorkingDir   ${d.workingDir || '—'}`,
      `Ports        ${d.exposedPorts.join(', ') || '—'}`,
      `Env          ${list(d.env)}`,
      `Labels       ${list(Object.entries(d.labels).map(([k, v]) => `${k}=${v}`))}`,
      `Layers       ${d.layers.length}, ${formatBytes(d.compressedSize)} compressed`,
      table(
        ['  #', 'DIGEST', 'COMPRESSED', 'CREATED BY'],
        d.layers.map((l, i) => [
          `  ${i}`,
          shortId(l.digest),
          formatBytes(l.size),
          (l.createdBy ?? '').slice(0, 100),
        ]),
      ),
      `History      ${list(
        d.history.map((h) => `${h.emptyLayer ? '(no layer) ' : ''}${h.createdBy.slice(0, 100)}`),
      )}`,
      ...(d.rateLimit
        ? [`Hub pulls    ${d.rateLimit.remaining} of ${d.rateLimit.limit} left (HEAD is free)`]
        : []),
    ].join('\n'),
  );
}

async function printTree(output: Output, tree: FileTree, layer: number | undefined): Promise<void> {
  await writeTreeTable(process.stdout, tree);
  const scope = layer === undefined ? '' : ` in layer ${layer}`;
  output.err(
    `${tree.files.length.toLocaleString('en')} entries${scope}, ${formatBytes(tree.totalBytes)} of files; ` +
      `${tree.removed.length} removed; ${formatBytes(tree.wastedBytes)} wasted in lower layers`,
  );
}

/** `berth diff` as text: the two images, then what differs in manifest, config, layers, files. */
function diffText(d: Response<'images.diff'>): string {
  const lines = [`A  ${d.a.reference}  ${d.a.digest}`, `B  ${d.b.reference}  ${d.b.digest}`];
  if (d.sameDigest) lines.push('Same digest: the images are identical.');
  for (const m of d.manifest) lines.push(`manifest  ${m.field}: ${m.a} -> ${m.b}`);
  for (const c of d.config)
    lines.push(`config    ${c.change.padEnd(7)} ${c.field}: ${c.a ?? '—'} -> ${c.b ?? '—'}`);
  lines.push(
    `layers    ${d.layers.shared.length} shared, ${d.layers.onlyA.length} only in A, ${d.layers.onlyB.length} only in B`,
  );
  for (const l of d.layers.onlyA)
    lines.push(`  - ${shortId(l.digest)} ${formatBytes(l.size)}  ${l.createdBy ?? ''}`);
  for (const l of d.layers.onlyB)
    lines.push(`  + ${shortId(l.digest)} ${formatBytes(l.size)}  ${l.createdBy ?? ''}`);
  if (d.files) {
    const sign = { added: '+', removed: '-', changed: '~' } as const;
    lines.push(`files     ${d.files.length} changed`);
    for (const f of d.files) lines.push(`  ${sign[f.change]} /${f.path}`);
  }
  return lines.join('\n');
}

/** `berth files`, `cat`, `diff` and `referrers`: an image's content, read from its registry. */
export function registerImageContent(program: Command, context: CliContext): void {
  registerFiles(program, context);
  registerCat(program, context);
  registerDiff(program, context);
  registerReferrers(program, context);
}

function registerFiles(program: Command, context: CliContext): void {
  program
    .command('files')
    .description("List an image's files from its registry, merged like the engine, without pulling")
    .argument('<reference>', 'image reference, or a ledger entry id')
    .argument('[path]', 'only files under this path')
    .option('--layer <n>', 'only what this layer (0 = base) adds, changes or removes', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--platform <os/arch>', "pick from an index (default: the engine's)")
    .option('--json', 'print JSON')
    .action(
      async (
        reference: string,
        path: string | undefined,
        options: { json?: boolean; layer?: number; platform?: string },
      ) =>
        context.run(options, async (output) => {
          const controller = new AbortController();
          const stop = () => controller.abort();
          process.once('SIGINT', stop);
          const progress = !output.json && process.stderr.isTTY;
          try {
            const service = await context.core().imageContent();
            const tree = await service.files(reference, {
              ...(options.platform ? { platform: options.platform } : {}),
              ...(options.layer !== undefined ? { layer: options.layer } : {}),
              ...(path ? { path } : {}),
              signal: controller.signal,
              ...(progress
                ? {
                    onProgress: (p) =>
                      process.stderr.write(
                        `\rlayer ${p.layersDone}/${p.layers} · ${formatBytes(p.bytes)} of ${formatBytes(p.totalBytes)} · ${p.entries.toLocaleString('en')} entries`,
                      ),
                  }
                : {}),
            });
            if (progress) process.stderr.write('\r\x1b[K');
            if (output.json) return await writeTreeJson(process.stdout, tree);
            await printTree(output, tree, options.layer);
          } finally {
            process.off('SIGINT', stop);
          }
        }),
    );
}

function registerCat(program: Command, context: CliContext): void {
  program
    .command('cat')
    .description('Print one file of an image, read from its registry without pulling')
    .argument('<reference>', 'image reference, or a ledger entry id')
    .argument('<path>', 'e.g. /etc/os-release')
    .option('--platform <os/arch>', "pick from an index (default: the engine's)")
    .action(async (reference: string, path: string, options: { platform?: string }) =>
      context.run({}, async () => {
        const service = await context.core().imageContent();
        const { extractFile } = await cliTools();
        await extractFile(
          context.core().registry,
          await service.reference(reference),
          path,
          process.stdout,
          { platform: await service.platform(options.platform) },
        );
      }),
    );
}

function registerDiff(program: Command, context: CliContext): void {
  program
    .command('diff')
    .description('What changed between two images: manifest, config, layers and files')
    .argument('<a>', 'reference, digest reference or ledger entry id')
    .argument('<b>', 'reference, digest reference or ledger entry id')
    .option('--platform <os/arch>', "pick from an index (default: the engine's)")
    .option('--no-files', 'skip the file comparison (reads no layers)')
    .option('--json', 'print JSON')
    .action(
      async (
        a: string,
        b: string,
        options: { json?: boolean; platform?: string; files: boolean },
      ) =>
        context.run(options, async (output) => {
          const d = await context.client().invoke('images.diff', {
            a,
            b,
            files: options.files,
            ...(options.platform ? { platform: options.platform } : {}),
          });
          if (output.json) return output.out(JSON.stringify(d, null, 2));
          output.out(diffText(d));
        }),
    );
}

function registerReferrers(program: Command, context: CliContext): void {
  program
    .command('referrers')
    .description('Signatures, SBOMs and attestations of an image, and its provenance')
    .argument('<reference>', 'image reference, or a ledger entry id')
    .option('--json', 'print JSON')
    .action(async (reference: string, options: { json?: boolean }) =>
      context.run(options, async (output) => {
        const list = await context.client().invoke('images.referrers', { reference });
        if (output.json) return output.out(JSON.stringify(list, null, 2));
        output.out(
          `${list.reference}  ${list.digest}\nreferrers API: ${list.api === 'supported' ? 'supported' : 'not offered (fallback tags read)'}`,
        );
        if (list.referrers.length === 0) return output.out('No signatures, SBOMs or attestations.');
        output.out(
          table(
            ['KIND', 'DIGEST', 'FOUND VIA', 'DETAIL'],
            list.referrers.map((r) => [
              r.kind,
              shortId(r.digest),
              r.tag ? `${r.via} (${r.tag.slice(0, 24)}…)` : r.via,
              r.artifactType ?? r.predicateTypes.join(', '),
            ]),
          ),
        );
        for (const r of list.referrers) {
          if (!r.provenance) continue;
          output.out(
            `provenance: source ${r.provenance.sourceRepository ?? '—'} · commit ${r.provenance.commit ?? '—'} · builder ${r.provenance.builder ?? '—'}`,
          );
        }
      }),
    );
}
