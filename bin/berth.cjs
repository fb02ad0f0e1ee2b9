#!/usr/bin/env node
// The installed `berth` command runs the bundled CLI that `npm install` builds (prepare).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli', 'cli.cjs');
if (!existsSync(cli)) {
  process.stderr.write(
    'berth: not built yet. Run `npm run build` in the Berth folder, then try again.\n',
  );
  process.exit(1);
}
require(cli);
