/**
 * Checks every flow format shares: image references, pull policies, volumes confined to the
 * project, and entrypoints that point at a real function. Each returns problems as values so
 * one bad field never hides the other flows.
 */
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { ReferenceError, parseNormalizedNamed, referenceErrors } from '../shared/reference';
import type { FlowVolume } from '../shared/flows';

export const TEMPLATE_PATTERN = /\{\{\s*([\w.\-[\]$]+)\s*\}\}/g;

export function hasTemplate(value: string): boolean {
  return /\{\{.*\}\}/.test(value);
}

/** Why an image reference cannot be pulled as written, or null when it can. */
export function imageProblem(image: string): { message: string; hint: string } | null {
  if (hasTemplate(image)) return null; // reported as unresolved instead
  try {
    parseNormalizedNamed(image);
    return null;
  } catch (error) {
    const known = error instanceof ReferenceError ? referenceErrors[error.sentinel] : null;
    return {
      message: `image "${image}" is not a valid reference: ${known?.message ?? String(error)}`,
      hint: known?.hint ?? 'Write the image as [registry/]repository[:tag].',
    };
  }
}

/** A path relative to the root with "/" separators, or null when it leaves the root. */
export function insideRoot(root: string, path: string): string | null {
  const rel = relative(resolve(root), resolve(root, path));
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel.split(sep).join(posix.sep);
}

const hint = 'Write volumes as host:container or host:container:ro, e.g. ./data:/data:ro.';

export type VolumeResult =
  | { volume: FlowVolume }
  | { skipped: string } // a named or anonymous volume: nothing of the project to mount
  | { problem: string; hint: string };

/**
 * "host:container[:ro|rw]" as Docker and prefect_docker's VolumeStr take it. A relative host
 * path is relative to `baseDir` (the folder of the file that says it; Prefect resolves it
 * against the worker's directory, which is where prefect.yaml sits in practice).
 */
export function parseVolume(spec: unknown, root: string, baseDir: string): VolumeResult {
  if (typeof spec !== 'string' || spec.trim() === '') {
    return { problem: `volume ${JSON.stringify(spec)} is not a "host:container" string`, hint };
  }
  const parts = spec.trim().split(':');
  if (parts.length === 1) {
    return { skipped: `anonymous volume ${spec} is not mounted locally.` };
  }
  const [host = '', container = '', mode, ...rest] = parts;
  if (rest.length > 0 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
    return { problem: `volume "${spec}" has an option other than ro or rw`, hint };
  }
  if (!container.startsWith('/')) {
    return { problem: `volume "${spec}": the container path must be absolute`, hint };
  }
  const isPath = host.startsWith('/') || host.startsWith('.') || host.includes('/');
  if (!isPath) return { skipped: `named volume ${host} is not mounted locally.` };
  const inside = insideRoot(root, resolve(baseDir, host));
  if (inside === null) {
    return {
      problem: `volume "${spec}": ${host} is outside the project folder`,
      hint: 'Mount only folders inside the project, so a run cannot touch the rest of the machine.',
    };
  }
  return { volume: { host: inside, container, readOnly: mode === 'ro' } };
}
