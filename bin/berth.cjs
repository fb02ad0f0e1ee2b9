#!/usr/bin/env node
// The installed `berth` command runs the bundled CLI that `npm install` builds (prepare): split
// per command (scripts/cli-build.mjs), so a command loads only what it runs.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli', 'cli.cjs');
if (!existsSync(cli)) {
  process.stderr.write(
    'berth: not built yet. Run `npm run build` in the Berth folder, then try again.\n',
  );
  process.exit(1);
}
// Compiled code is kept between runs: by Node itself from 22.1, by Berth's stand-in on 20
// (src/cli/compile-cache.ts), per command.
const { enableCompileCache } = require('node:module');
if (enableCompileCache) {
  enableCompileCache();
} else {
  const command = process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? '';
  require(join(__dirname, '..', 'dist', 'cli', 'compile-cache.cjs')).keepCompiledCode(
    join(__dirname, '..', 'dist', 'cli'),
    command,
  );
}
require(cli);
