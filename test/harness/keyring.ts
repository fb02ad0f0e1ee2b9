/**
 * A real OS keychain for the tests (shared/notes/real-services.md): a private D-Bus session
 * bus and gnome-keyring's Secret Service on it, unlocked, with its keyrings in a temp dir.
 * Everything that talks to it (Berth in the test worker, the CLI, `secret-tool`) finds it
 * through DBUS_SESSION_BUS_ADDRESS.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { shortTempDir, startProcess, waitFor } from './processes';

export interface RunningKeyring {
  busAddress: string;
  stop(): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 5000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

/** A method call on the session bus itself, through dbus-send. */
function busCall(env: NodeJS.ProcessEnv, method: string, ...args: string[]): Promise<string> {
  return run(
    'dbus-send',
    [
      '--session',
      '--dest=org.freedesktop.DBus',
      '--print-reply',
      '/org/freedesktop/DBus',
      `org.freedesktop.DBus.${method}`,
      ...args,
    ],
    env,
  );
}

export async function startKeyring(): Promise<RunningKeyring> {
  const dir = shortTempDir('bk-');
  const busAddress = `unix:path=${join(dir.path, 'bus')}`;
  const bus = startProcess('dbus-daemon', ['--session', '--nofork', `--address=${busAddress}`]);
  try {
    const env = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: busAddress,
      HOME: dir.path,
      XDG_DATA_HOME: join(dir.path, 'data'),
      XDG_RUNTIME_DIR: dir.path,
    };
    mkdirSync(env.XDG_DATA_HOME, { recursive: true });
    await waitFor(
      () => busCall(env, 'ListNames').then(() => true),
      'the D-Bus session bus',
      10_000,
      bus.output,
    );
    // --unlock reads the login keyring's password from stdin and creates the keyring.
    const keyring = startProcess(
      'gnome-keyring-daemon',
      ['--foreground', '--unlock', '--components=secrets'],
      { env, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    keyring.child.stdin?.end('berth-test-keyring\n');
    await waitFor(
      () =>
        busCall(env, 'NameHasOwner', 'string:org.freedesktop.secrets').then((out) =>
          out.includes('boolean true'),
        ),
      'gnome-keyring (org.freedesktop.secrets)',
      10_000,
      keyring.output,
    );
    return {
      busAddress,
      stop: async () => {
        await keyring.stop();
        await bus.stop();
        dir.remove();
      },
    };
  } catch (error) {
    await bus.stop();
    dir.remove();
    throw error;
  }
}
