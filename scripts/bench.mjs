// `npm run bench -- <name>`: bundles bench/<name>.ts (which reuses the test harness to start
// real services) with esbuild and runs it under plain Node. Benchmarks print ratios against
// their anchors (skopeo, the docker CLI, curl); they are not part of `npm test`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const names = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join('|')}> [args]`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'cli', 'cli.cjs'))) {
  console.error('berth is not built: run `npm run build` first.');
  process.exit(2);
}
// Inside the project, so the bundle's bare imports resolve from node_modules.
const outfile = join(root, 'dist', 'bench', `${name}.mjs`);
await build({
  entryPoints: [join(root, 'bench', `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  // Bundled ESM still needs `require` for the CommonJS dependencies it imports.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
});
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(3)], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, BERTH_ROOT: root },
});
process.exit(result.status ?? 1);
