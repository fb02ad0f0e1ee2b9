/**
 * Where a prefect.yaml's entrypoints are, as `prefect deploy` finds them.
 *
 * - Shape (prefect/flows.py load_flow_from_entrypoint → utilities/importtools.py
 *   import_object, PrefectHQ/prefect ce79dd3): an entrypoint holding ".py:" is a script path and
 *   its object, split at the last colon; any other is a MODULE path, `pkg.mod:func` or
 *   `pkg.mod.func` (split at the last ":" else the last "."), imported by name with
 *   importlib.import_module while the working dir is on sys.path (importtools.load_module).
 * - Base: both are resolved from the cwd of `prefect deploy`, not from the yaml's folder. With
 *   `--prefect-file`, that cwd can be any folder from the yaml's own up to the repository root
 *   (backend/prefect/prefect.yaml deployed from backend/). Berth takes the nearest folder from
 *   which the most of the file's entrypoints are found, since `prefect deploy --all` runs in one
 *   folder, and says which one in a note.
 */
import { join, posix } from 'node:path';
import { insideRoot } from './flow-checks';
import type { PythonModule } from './python-flows';

export interface EntryTarget {
  /** path/to/file.py, or null for a module entrypoint. */
  file: string | null;
  /** pkg.mod, or null for a file entrypoint. */
  module: string | null;
  functionName: string;
}

const IDENT = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const SCRIPT = new RegExp(String.raw`^(.+\.py):(${IDENT})$`, 'u');
const MODULE_COLON = new RegExp(String.raw`^(${IDENT}(?:\.${IDENT})*):(${IDENT})$`, 'u');
const MODULE_DOTTED = new RegExp(String.raw`^(${IDENT}(?:\.${IDENT})*)\.(${IDENT})$`, 'u');

/** The entrypoint's file or module and function; null when Prefect could not load it. */
export function parseEntrypoint(entry: string): EntryTarget | null {
  if (entry.includes('.py:')) {
    const script = SCRIPT.exec(entry);
    return script?.[1] && script[2]
      ? { file: script[1], module: null, functionName: script[2] }
      : null;
  }
  const module = entry.includes(':') ? MODULE_COLON.exec(entry) : MODULE_DOTTED.exec(entry);
  return module?.[1] && module[2]
    ? { file: null, module: module[1], functionName: module[2] }
    : null;
}

export interface LocateContext {
  root: string;
  readModule(path: string): Promise<PythonModule | null>;
}

export interface Located {
  /** The file, relative to the project root; null when it would be outside the project. */
  path: string | null;
  /** The entrypoint's file as written (a script) or as the module's file (a module). */
  shown: string;
  module: PythonModule | null;
  /** The folder prefect deploy runs in, relative to the root: "." for the project folder. */
  base: string;
  /** A module entrypoint's sys.path folder (base, or base/src), relative to the root. */
  importRoot: string | null;
  notes: string[];
  /** Set when nothing was found: what was tried, for the problem. */
  looked: string | null;
}

/** The folders prefect deploy may run in, nearest first: the yaml's, its parents, the root. */
export function deployFolders(yamlFile: string): string[] {
  const folders: string[] = [];
  for (let dir = posix.dirname(yamlFile); dir !== '.'; dir = posix.dirname(dir)) folders.push(dir);
  folders.push('.');
  return folders;
}

interface Hit {
  path: string;
  module: PythonModule;
  importRoot: string | null;
}

/** A module's files as Python's import finds them: pkg/mod.py, else pkg/mod/__init__.py. */
function moduleFiles(module: string): string[] {
  const path = module.split('.').join('/');
  return [`${path}.py`, `${path}/__init__.py`];
}

/**
 * The sys.path folders a module is looked for in from one base: the base itself (load_module's
 * cwd), then base/src, the src layout whose packages are importable once the project is
 * installed (setuptools' src-layout discovery).
 */
function importRoots(base: string): string[] {
  return [base, posix.join(base, 'src')];
}

async function findFrom(
  base: string,
  target: EntryTarget,
  context: LocateContext,
): Promise<Hit | null> {
  const tries: { file: string; importRoot: string | null }[] = target.file
    ? [{ file: posix.join(base, target.file), importRoot: null }]
    : importRoots(base).flatMap((importRoot) =>
        moduleFiles(target.module ?? '').map((f) => ({
          file: posix.join(importRoot, f),
          importRoot,
        })),
      );
  for (const { file, importRoot } of tries) {
    const path = insideRoot(context.root, join(context.root, file));
    if (path === null) continue;
    const module = await context.readModule(path);
    if (module) return { path, module, importRoot };
  }
  return null;
}

const folderName = (dir: string): string => (dir === '.' ? 'the project folder' : `${dir}/`);

/** Every deployment's entrypoint located, from one folder where they can all be found. */
export async function locateEntrypoints(
  targets: EntryTarget[],
  yamlFile: string,
  context: LocateContext,
): Promise<Located[]> {
  const folders = deployFolders(yamlFile);
  const hits = await Promise.all(
    targets.map((t) => Promise.all(folders.map((f) => findFrom(f, t, context)))),
  );
  // The folder most entrypoints are found from; the nearest of equals.
  const counts = folders.map((_, i) => hits.filter((h) => h[i] !== null).length);
  const chosen = counts.indexOf(Math.max(...counts));
  return targets.map((target, t) => {
    const own = hits[t] ?? [];
    const at = own[chosen] ? chosen : own.findIndex((h) => h !== null);
    const shown = target.file ?? moduleFiles(target.module ?? '')[0] ?? '';
    const hit = at === -1 ? null : own[at];
    if (!hit) return notFound(target, shown, folders, context);
    const base = folders[at] ?? '.';
    const notes = baseNotes(target, shown, base, yamlFile, hit);
    if (at !== chosen) {
      notes.push(
        `The file's other entrypoints are found from ${folderName(folders[chosen] ?? '.')}, this one only from ${folderName(base)}: prefect deploy --all runs in one folder, so it cannot deploy them all in one run.`,
      );
    }
    const also = own.flatMap((h, i) => (h && i !== at && h.path !== hit.path ? [h.path] : []));
    if (also.length > 0) {
      notes.push(
        `${shown} is also found as ${also.join(', ')}: Berth takes ${hit.path}, from ${folderName(base)}; if prefect deploy runs elsewhere, it loads the other.`,
      );
    }
    return { ...hit, shown, base, notes, looked: null };
  });
}

/** Which folder was taken, said whenever the yaml is not in the project folder. */
function baseNotes(
  target: EntryTarget,
  shown: string,
  base: string,
  yamlFile: string,
  hit: Hit,
): string[] {
  const notes: string[] = [];
  const yamlDir = posix.dirname(yamlFile);
  const what = target.module ? `module ${target.module} (${hit.path})` : `entrypoint ${shown}`;
  if (base !== '.') {
    const command =
      base === yamlDir
        ? ''
        : ` (cd ${base} && prefect deploy --prefect-file ${posix.relative(base, yamlFile)})`;
    notes.push(
      `The ${what} is found from ${base}/, not from the project folder: prefect deploy must run in ${base}/${command}.`,
    );
  } else if (yamlDir !== '.') {
    notes.push(
      `The ${what} is found from the project folder, not from ${yamlDir}/: prefect deploy runs there (prefect deploy --prefect-file ${yamlFile}).`,
    );
  }
  if (hit.importRoot !== null && hit.importRoot !== base) {
    notes.push(
      `${target.module} is in ${hit.importRoot}/ (a src layout): Prefect imports it only when the project is installed (pip install) or ${hit.importRoot} is on PYTHONPATH; Berth puts ${hit.importRoot} on sys.path for the run.`,
    );
  }
  return notes;
}

function notFound(
  target: EntryTarget,
  shown: string,
  folders: string[],
  context: LocateContext,
): Located {
  const where = target.module
    ? folders.flatMap(importRoots).map(folderName)
    : folders.map(folderName);
  const files = target.module ? moduleFiles(target.module).join(' or ') : shown;
  const paths = folders.map((f) => insideRoot(context.root, join(context.root, f, shown)));
  const path = paths.find((p) => p !== null) ?? null;
  return {
    path,
    shown,
    module: null,
    base: '.',
    importRoot: null,
    notes: [],
    looked: `looked for ${files} from ${where.join(', ')}`,
  };
}
