// Builds everything `npm start`, `npx berth` and the tests run: the renderer (vite), and the
// Node side bundled by esbuild (Electron main, sandboxed preload, CLI). Runs from `prepare`,
// so a fresh `npm install` leaves a working `npx berth`.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { BUNDLE_ALIASES, buildCli } from './cli-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

// Native or large runtime dependencies stay in node_modules (and in the packaged app.asar).
// The CLI is built differently, to load per command: scripts/cli-build.mjs.
const external = ['electron', 'dockerode', 'undici', '@napi-rs/keyring', 'cpu-features', 'ssh2'];
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external,
  alias: BUNDLE_ALIASES,
};

await Promise.all([
  esbuild({
    ...common,
    entryPoints: { main: 'main/main.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
  }),
  // A sandboxed preload can only require a few Electron modules: bundle everything else in.
  esbuild({
    ...common,
    entryPoints: { preload: 'main/preload.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
  }),
  buildCli(esbuild, 'dist/cli'),
  viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' }),
]);
console.log('berth: built dist/');
