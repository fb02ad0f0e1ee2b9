/**
 * Flow discovery in an opened folder: prefect.yaml, valohai.yaml and berth.yaml at any depth,
 * and @flow functions in .py files. The walk is bounded (depth, file count, file size) and
 * never follows symlinks, so a huge or looping folder costs little and nothing outside it is
 * read. Every problem comes back with its file and line; none stops the other flows.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { BerthError } from '../shared/errors';
import type { DiscoveryResult, FlowDefinition, FlowProblem, NotRunEntry } from '../shared/flows';
import { berthYamlFlows } from './berth-yaml';
import type { ValohaiBuildOptIn } from './berth-yaml';
import { applyValohaiBuilds } from './valohai-build';
import { prefectYamlFlows } from './prefect-yaml';
import { bareFlows, mightDefineFlows, parsePythonModule } from './python-flows';
import type { PythonModule } from './python-flows';
import { valohaiYamlFlows } from './valohai-yaml';
import { readYaml } from './yaml-document';

export interface DiscoverOptions {
  /** For `{{ $NAME }}` templates in prefect.yaml; nothing else of it is used. */
  env?: Record<string, string | undefined>;
  maxDepth?: number;
  maxFiles?: number;
  maxFileBytes?: number;
}

export const DISCOVERY_LIMITS = { maxDepth: 6, maxFiles: 5000, maxFileBytes: 1024 * 1024 };

const SKIPPED_DIRS = new Set(['node_modules', 'venv', '__pycache__', 'site-packages']);

/** Whether discovery looks inside a folder of this name: not hidden ones, not dependencies. */
export function isSearchedFolder(name: string): boolean {
  return !name.startsWith('.') && !SKIPPED_DIRS.has(name);
}

type FlowFileKind = 'prefect' | 'valohai' | 'berth' | 'python';

function kindOf(name: string): FlowFileKind | null {
  if (name === 'prefect.yaml' || name === 'prefect.yml') return 'prefect';
  if (name === 'valohai.yaml' || name === 'valohai.yml') return 'valohai';
  if (name === 'berth.yaml' || name === 'berth.yml') return 'berth';
  if (name.endsWith('.py')) return 'python';
  return null;
}

export async function discoverFlows(
  root: string,
  options: DiscoverOptions = {},
): Promise<DiscoveryResult> {
  const limits = { ...DISCOVERY_LIMITS, ...options };
  const absRoot = resolve(root);
  const rootStat = await stat(absRoot).catch(() => null);
  if (!rootStat?.isDirectory()) {
    throw new BerthError(
      'flows.root_not_found',
      `${root} is not a folder.`,
      'Open the folder that holds prefect.yaml, valohai.yaml, berth.yaml or your flows.',
    );
  }
  const problems: FlowProblem[] = [];
  const files = await walk(absRoot, limits, problems);

  const sizeOk = async (abs: string, rel: string, report: boolean): Promise<string | null> => {
    const info = await stat(abs).catch(() => null);
    if (!info?.isFile()) return null;
    if (info.size > limits.maxFileBytes) {
      if (report) {
        problems.push({
          file: rel,
          line: 0,
          message: `${rel} is larger than ${limits.maxFileBytes} bytes and was not read`,
          hint: null,
        });
      }
      return null;
    }
    return readFile(abs, 'utf8').catch(() => null);
  };

  // Python modules, parsed once whether a bare flow or an entrypoint asks for them.
  const modules = new Map<string, Promise<PythonModule | null>>();
  const readModule = (rel: string): Promise<PythonModule | null> => {
    let module = modules.get(rel);
    if (!module) {
      module = sizeOk(join(absRoot, rel), rel, false).then((text) =>
        text === null ? null : parsePythonModule(text),
      );
      modules.set(rel, module);
    }
    return module;
  };

  const flows: FlowDefinition[] = [];
  const notRun: NotRunEntry[] = [];
  const bare: FlowDefinition[] = [];
  const optIns: ValohaiBuildOptIn[] = [];
  for (const { rel, kind } of files) {
    const text = await sizeOk(join(absRoot, rel), rel, kind !== 'python');
    if (text === null) continue;
    if (kind === 'python') {
      if (!mightDefineFlows(text)) continue;
      const module = parsePythonModule(text);
      modules.set(rel, Promise.resolve(module));
      bare.push(...bareFlows(rel, module));
      continue;
    }
    const read = readYaml(rel, text);
    if (!read.yaml) {
      problems.push(...read.problems);
      continue;
    }
    const berth = kind === 'berth' ? berthYamlFlows(read.yaml, absRoot) : null;
    if (berth) optIns.push(...berth.valohai);
    const found =
      kind === 'prefect'
        ? await prefectYamlFlows(read.yaml, { root: absRoot, env: options.env ?? {}, readModule })
        : kind === 'valohai'
          ? valohaiYamlFlows(read.yaml)
          : (berth ?? { flows: [], problems: [] });
    const fileWarnings = read.yaml.warnings.map((w) => w.message);
    for (const flow of found.flows) flow.warnings.unshift(...fileWarnings);
    flows.push(...found.flows);
    problems.push(...found.problems);
    if (kind === 'valohai' && 'notRun' in found && Array.isArray(found.notRun)) {
      notRun.push(...(found.notRun as NotRunEntry[]));
    }
  }
  await applyValohaiBuilds(absRoot, flows, optIns, problems);

  // A deployment of an entrypoint supersedes the bare flow it points at.
  const deployed = new Set(
    flows.flatMap((f) => (f.entrypoint ? [`${f.entrypoint.path}:${f.entrypoint.function}`] : [])),
  );
  for (const flow of bare) {
    if (flow.entrypoint && deployed.has(`${flow.entrypoint.path}:${flow.entrypoint.function}`)) {
      continue;
    }
    flows.push(flow);
  }

  flows.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const seen = new Map<string, number>();
  for (const flow of flows) {
    const count = (seen.get(flow.id) ?? 0) + 1;
    seen.set(flow.id, count);
    if (count > 1) flow.id = `${flow.id}#${count}`; // e.g. two deployments of one name
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { root: absRoot, flows, problems, notRun };
}

interface FoundFile {
  rel: string;
  kind: FlowFileKind;
}

/** Breadth-first, sorted by name, so limits cut the deepest and last files first. */
async function walk(
  root: string,
  limits: typeof DISCOVERY_LIMITS,
  problems: FlowProblem[],
): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  let seenFiles = 0;
  let deeper = false;
  let queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length > 0) {
    const next: typeof queue = [];
    for (const { dir, depth } of queue) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        // Symlinks are never followed: they may loop, or lead out of the project.
        if (entry.isDirectory()) {
          if (!isSearchedFolder(entry.name)) continue;
          if (depth + 1 > limits.maxDepth) deeper = true;
          else next.push({ dir: join(dir, entry.name), depth: depth + 1 });
          continue;
        }
        if (!entry.isFile()) continue;
        if (++seenFiles > limits.maxFiles) {
          problems.push({
            file: '.',
            line: 0,
            message: `the folder has more than ${limits.maxFiles} files: discovery stopped there`,
            hint: 'Open the project folder itself rather than a folder above it.',
          });
          return found;
        }
        const kind = kindOf(entry.name);
        if (kind)
          found.push({ rel: relative(root, join(dir, entry.name)).split(sep).join('/'), kind });
      }
    }
    queue = next;
  }
  if (deeper) {
    problems.push({
      file: '.',
      line: 0,
      message: `folders deeper than ${limits.maxDepth} levels were not searched`,
      hint: null,
    });
  }
  return found;
}
