// `npm start`: build, then open the Electron window. Where Electron cannot run (its binary
// could not be downloaded, or there is no display) say so in one line and start browser
// mode instead, never ending on a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

function browserMode(reason) {
  console.log(`Berth: ${reason} Starting browser mode instead.`);
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'berth.cjs'), 'serve', ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
}

/** Whether version `have` (e.g. 20.19.2) is at least `need` (e.g. 22.12.0). */
function atLeast(have, need) {
  const a = have.split('.').map(Number);
  const b = need.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/**
 * The Electron binary, downloading it once if the install skipped it, as { binary } or
 * { reason } saying why there is none. Electron 45's downloader (@electron/get 5) declares
 * `engines.node >= 22.12.0` and fails on older Node, so an old Node is named as the cause.
 */
function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'Electron is not installed (run `npm install`).' };
  }
  const electron = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const pathFile = join(dir, 'path.txt');
  const binary = () =>
    existsSync(pathFile) ? join(dir, 'dist', readFileSync(pathFile, 'utf8')) : undefined;
  const found = binary();
  if (found && existsSync(found)) return { binary: found };
  const needed = /(\d+\.\d+\.\d+)/.exec(electron.engines?.node ?? '')?.[1];
  if (needed && !atLeast(process.versions.node, needed)) {
    return {
      reason: `Electron ${electron.version} needs Node ${needed} or newer to download its binary, and this is Node ${process.versions.node}. Install Node ${needed}+ (e.g. \`nvm install 22\`) for the window.`,
    };
  }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { reason: "Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set)." };
  }
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], {
    cwd: dir,
    stdio: 'pipe',
    encoding: 'utf8',
    timeout: 300_000,
  });
  const installed = binary();
  if (install.status === 0 && installed && existsSync(installed)) return { binary: installed };
  const said =
    `${install.stderr ?? ''}`.split('\n').find((l) => l.trim()) ?? install.error?.message;
  return {
    reason: `Electron's binary could not be downloaded (${(said ?? `exit code ${install.status}`).trim().slice(0, 160)}).`,
  };
}

const built = run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
if (built.status !== 0) process.exit(built.status ?? 1);

const headless =
  process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
if (headless) {
  browserMode('no display found (DISPLAY and WAYLAND_DISPLAY are unset), so no window can open.');
} else {
  const { binary: electron, reason } = electronBinary();
  if (!electron) {
    browserMode(reason);
  } else {
    const started = Date.now();
    const child = spawn(electron, [root], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('exit', (code, signal) => {
      // A window that died at once (missing system libraries, a broken display) falls back.
      if (code !== 0 && Date.now() - started < 5000) {
        const first = stderr.split('\n').find((l) => l.trim()) ?? `exit code ${code ?? signal}`;
        browserMode(`Electron could not open a window (${first.trim().slice(0, 160)}).`);
      } else {
        process.exit(code ?? 0);
      }
    });
  }
}
