/**
 * The CLI bundle loads per command (scripts/cli-build.mjs): built here in memory as
 * scripts/build.mjs builds it, then read through esbuild's metafile. What `berth ref` loads
 * is the entry chunk and the chunks it and the ref command import statically; none of them
 * may hold the core, zod, yaml or dockerode. dockerode's SSH (ssh2) and BuildKit (grpc-js)
 * transports are never in the bundle, only required on their first use.
 */
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBuildOptions } from '../../../scripts/cli-build.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
let meta: Metafile;
let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'berth-cli-bundle-'));
  const options = cliBuildOptions(outdir);
  const result = await build({
    ...options,
    absWorkingDir: root,
    write: false,
    metafile: true,
    sourcemap: false,
    logLevel: 'silent',
  });
  meta = result.metafile;
}, 60_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The output files loaded when `file` is: itself and what it imports statically, transitively. */
function staticClosure(file: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const i of meta.outputs[path]?.imports ?? []) {
      if (i.kind === 'import-statement' && !i.external) visit(i.path);
    }
  };
  visit(file);
  return [...seen];
}

/** The output chunk that holds the given source file as its entry (a dynamic import target). */
function chunkOf(source: string): string {
  const found = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === source);
  if (!found) throw new Error(`no chunk has ${source} as its entry`);
  return found[0];
}

const inputsOf = (files: string[]) =>
  files.flatMap((f) => Object.keys(meta.outputs[f]?.inputs ?? {}));
const entry = () => relative(root, join(outdir, 'cli.mjs'));

describe('the CLI bundle', () => {
  it('loads for `berth ref` no core folder, no zod, no yaml and no dockerode', () => {
    const loaded = inputsOf([
      ...staticClosure(entry()),
      ...staticClosure(chunkOf('src/cli/commands/ref.ts')),
    ]);
    expect(loaded).toContain('src/cli/commands/ref.ts');
    const heavy = loaded.filter((input) =>
      /^src\/(host|engine|registry|credentials|pull|runs|diagnose|ledger|flows|build|inspect|storage)\/|node_modules\/(zod|yaml|dockerode|docker-modem|undici)\//.test(
        input,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it('loads for `berth pull` the pull path only: no Doctor, flow readers, runs, builds, image inspector or YAML', () => {
    const loaded = inputsOf([
      ...staticClosure(entry()),
      ...staticClosure(chunkOf('src/cli/commands/pull.ts')),
      ...staticClosure(chunkOf('src/cli/context.ts')),
    ]);
    expect(loaded).toContain('src/pull/pull-service.ts');
    expect(loaded).toContain('src/host/core.ts');
    const unused = loaded.filter((input) =>
      /^src\/(diagnose|flows|runs|build|inspect)\/|node_modules\/(yaml|tar-stream|fzstd|diff|undici)\//.test(
        input,
      ),
    );
    expect(unused).toEqual([]);
    // …and each is in the bundle, loaded by the first call that needs it.
    const all = inputsOf(Object.keys(meta.outputs));
    for (const later of ['src/diagnose/index.ts', 'src/flows/index.ts', 'node_modules/yaml/']) {
      expect(all.some((input) => input.startsWith(later))).toBe(true);
    }
  });

  it('loads for `berth pull` no node:crypto: its ids need none, and loading it costs about 10 ms', () => {
    const files = [
      ...staticClosure(entry()),
      ...staticClosure(chunkOf('src/cli/commands/pull.ts')),
      ...staticClosure(chunkOf('src/cli/context.ts')),
    ];
    const crypto = files.filter((f) =>
      (meta.outputs[f]?.imports ?? []).some((i) => /^(node:)?crypto$/.test(i.path)),
    );
    expect(crypto).toEqual([]);
    // The bundle does hold code that imports it (the Doctor's CA checks, for one).
    expect(
      Object.values(meta.outputs).some((o) => o.imports.some((i) => i.path === 'node:crypto')),
    ).toBe(true);
  });

  it('loads dockerode only when a command first talks to the engine, not with the command', () => {
    const engineCommand = inputsOf([
      ...staticClosure(entry()),
      ...staticClosure(chunkOf('src/cli/commands/engine.ts')),
      ...staticClosure(chunkOf('src/cli/context.ts')),
    ]);
    expect(engineCommand).toContain('src/engine/docker-engine.ts');
    expect(engineCommand.filter((input) => input.includes('node_modules/dockerode/'))).toEqual([]);
    // …and it is in the bundle, behind an import() of its own.
    expect(inputsOf(Object.keys(meta.outputs))).toContain('node_modules/dockerode/lib/docker.js');
  });

  it('never bundles ssh2, grpc-js or proto-loader: dockerode requires them on first use only', () => {
    const all = inputsOf(Object.keys(meta.outputs));
    expect(all.filter((input) => /node_modules\/(ssh2|@grpc)\//.test(input))).toEqual([]);
    expect(all).not.toContain('node_modules/docker-modem/lib/ssh.js');
    expect(all).not.toContain('node_modules/dockerode/lib/session.js');
    // The stand-ins that require them are there, in their place.
    expect(all.filter((input) => input.startsWith('deferred:')).sort()).toEqual([
      'deferred:docker-modem/lib/ssh.js',
      'deferred:dockerode/lib/session.js',
    ]);
  });
});
