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
// Node 22.1+ keeps compiled code between runs (a no-op where the API is missing, as on 20).
require('node:module').enableCompileCache?.();
require(cli);
