// Types for the tests that build the CLI the way scripts/build.mjs does.
import type { BuildOptions, Plugin } from 'esbuild';

export const deferDockerodeTransports: Plugin;
export const sideEffectFreeSources: Plugin;
export function cliBuildOptions(outdir: string): BuildOptions;
