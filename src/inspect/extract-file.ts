/**
 * One file out of a remote image: the topmost layer that has it (after whiteouts) is
 * streamed until the entry, whose content goes to the caller; the rest of the layer is not
 * read. Symlinks are followed within the image, a few hops deep, like a shell would.
 */
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { BerthError } from '../shared/errors';
import type { PlatformName } from '../shared/image-content';
import type { RegistryClient } from '../registry';
import { normalizePath } from './file-tree';
import { listFiles } from './list-files';
import { readLayer } from './layer-stream';
import { resolveManifest } from './remote-image';

const MAX_LINK_HOPS = 8;

function resolveLink(from: string, target: string): string {
  if (target.startsWith('/')) return normalizePath(target);
  const parts = from.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

export async function extractFile(
  client: RegistryClient,
  reference: string,
  path: string,
  out: Writable,
  options: { platform?: PlatformName; signal?: AbortSignal } = {},
): Promise<{ path: string; size: number; layer: number }> {
  const tree = await listFiles(client, reference, options);
  let wanted = normalizePath(path);
  let file = tree.files.find((f) => f.path === wanted);
  for (
    let hop = 0;
    file && (file.kind === 'symlink' || file.kind === 'hardlink') && hop < MAX_LINK_HOPS;
    hop++
  ) {
    wanted =
      file.kind === 'symlink'
        ? resolveLink(file.path, file.linkTarget ?? '')
        : normalizePath(file.linkTarget ?? '');
    file = tree.files.find((f) => f.path === wanted);
  }
  if (!file) {
    const removed = tree.removed.find((r) => wanted === r.path || wanted.startsWith(`${r.path}/`));
    throw new BerthError(
      'inspect.file_not_found',
      removed
        ? `${path} was removed by layer ${removed.layer} of ${tree.reference}.`
        : `${tree.reference} has no file ${path}.`,
      'List the files with `berth files <ref> [PATH]`.',
      { path },
    );
  }
  if (file.kind !== 'file') {
    throw new BerthError(
      'inspect.not_a_file',
      `${path} is a ${file.kind} in ${tree.reference}, not a file.`,
    );
  }
  const resolved = await resolveManifest(client, reference, options);
  const layer = resolved.manifest.layers[file.layer];
  if (!layer) throw new BerthError('inspect.no_layer', `The image has no layer ${file.layer}.`);
  const target = file.path;
  let found = false;
  let taken = false;
  await readLayer(client, resolved.repo, layer, {
    ...(options.signal ? { signal: options.signal } : {}),
    onEntry: (header) => {
      if (found) return 'stop';
      if (normalizePath(header.name) !== target) return undefined;
      taken = true;
      return {
        // Whatever the writer takes next waits for it to drain: a big file never piles up.
        data: (chunk) => (out.write(chunk) ? undefined : once(out, 'drain').then(() => undefined)),
        end: () => {
          found = true;
        },
      };
    },
  });
  // The entry may be the layer's last, with no next header to stop at.
  found ||= taken;
  if (!found) {
    throw new BerthError('inspect.file_not_found', `Layer ${file.layer} no longer holds ${path}.`);
  }
  return { path: target, size: file.size, layer: file.layer };
}
