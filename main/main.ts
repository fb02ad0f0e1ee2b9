/** The Electron main process: a thin shell around the Berth core (src/host). */
import { app, BrowserWindow, dialog, nativeTheme } from 'electron';
import { join } from 'node:path';
import { createBerthCore } from '../src/host/core';
import { userDataDir } from '../src/host/paths';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { connectIpc } from './ipc';
import { appSystemTrust } from './system-trust';
import { APP_ORIGIN, applyAppRestrictions, secureWebPreferences } from './security-restrictions';

// The CLI computes the same directory; keep them one (and honour BERTH_HOME).
app.setPath('userData', userDataDir());
registerAppScheme();

let mainWindow: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Berth',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#ffffff',
    webPreferences: secureWebPreferences(join(__dirname, 'preload.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = undefined;
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  void app.whenReady().then(() => {
    applyAppRestrictions();
    serveRenderer(join(__dirname, '..', 'renderer'));
    const core = createBerthCore({
      // Registry HTTP also trusts the OS store (macOS, Windows) and follows the OS proxy.
      systemTrust: appSystemTrust(),
      // Pull-secret export writes where the user points this dialog, never anywhere else.
      chooseSavePath: async (suggestedName) => {
        const options = {
          defaultPath: suggestedName,
          filters: [{ name: 'YAML', extensions: ['yaml', 'yml'] }],
        };
        const result = mainWindow
          ? await dialog.showSaveDialog(mainWindow, options)
          : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      // Opening a project: the folder the user picks, or null when cancelled.
      chooseFolder: async () => {
        const options = { properties: ['openDirectory' as const] };
        const result = mainWindow
          ? await dialog.showOpenDialog(mainWindow, options)
          : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    });
    connectIpc(core, () => mainWindow);
    core.watch();
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
    app.on('will-quit', () => core.close());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
