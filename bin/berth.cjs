#!/usr/bin/env node
// The installed `berth` command runs the bundled CLI that `npm install` builds (prepare): split
// per command (scripts/cli-build.mjs), so a command loads only what it runs.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const dist = join(__dirname, '..', 'dist', 'cli');
if (!existsSync(join(dist, 'cli.cjs'))) {
  process.stderr.write(
    'berth: not built yet. Run `npm run build` in the Berth folder, then try again.\n',
  );
  process.exit(1);
}
// The command name as src/cli/index.ts reads it: the first word that is not an option.
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? '';
// Compiled code is kept between runs: by Node itself from 22.1, by Berth's stand-in on 20
// (src/cli/compile-cache.ts), per command. The version decides, not a look at node:module:
// requiring it on Node 20 would load its ESM loader for nothing.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 1)) {
  require('node:module').enableCompileCache();
} else {
  require(join(dist, 'compile-cache.cjs')).keepCompiledCode(dist, command);
}
require(join(dist, packFor(command) ?? 'cli.cjs'));

/**
 * The one file that holds a known command's code (scripts/cli-build.mjs, packCommands), or
 * nothing for --help, no command or an unknown word, which load the CLI whole.
 */
function packFor(name) {
  try {
    const packs = JSON.parse(readFileSync(join(dist, 'packs', 'commands.json'), 'utf8'));
    return Object.hasOwn(packs, name) ? join('packs', packs[name]) : undefined;
  } catch {
    return undefined;
  }
}
