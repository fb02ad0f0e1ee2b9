/**
 * Where Berth keeps config and data: the same directory Electron's app.getPath('userData')
 * gives for the app name "Berth", computed here so the CLI and browser mode use it too.
 * BERTH_HOME overrides it (tests, portable setups).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Berth';

export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.BERTH_HOME) return env.BERTH_HOME;
  const home = env.HOME || env.USERPROFILE || homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
  }
}
