/**
 * Every Electron hardening rule Berth applies, in one place, each with the checklist item it
 * implements: https://www.electronjs.org/docs/latest/tutorial/security
 */
import { app, session, shell } from 'electron';
import type { WebContents, WebFrameMain, WebPreferences } from 'electron';

export const APP_ORIGIN = 'app://berth';

/**
 * Node's URL gives origin "null" for schemes it does not know (app: included), so compare
 * scheme and host rather than `origin`.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'berth';
  } catch {
    return false;
  }
}

/** #2-#4, #6, #12 of the checklist: isolated, sandboxed, no Node, web security on, no webview. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true, // #3 Enable context isolation
    sandbox: true, // #4 Enable process sandboxing
    nodeIntegration: false, // #2 Do not enable Node.js integration for remote content
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true, // #6 Do not disable webSecurity
    allowRunningInsecureContent: false, // #7
    experimentalFeatures: false, // #9 Do not enable experimental features
    webviewTag: false, // #12 Verify WebView options: Berth has none
    enableBlinkFeatures: '', // #10 Do not use enableBlinkFeatures
    spellcheck: false,
  };
}

/** Links that may leave the app: https only, to hosts Berth links to from its hints. */
const EXTERNAL_ALLOW = [
  /^https:\/\/docs\.docker\.com\//,
  /^https:\/\/docs\.podman\.io\//,
  /^https:\/\/www\.electronjs\.org\//,
  /^https:\/\/docs\.github\.com\//,
  /^https:\/\/github\.com\//,
  /^https:\/\/hub\.docker\.com\//,
  /^https:\/\/docs\.aws\.amazon\.com\//,
  /^https:\/\/learn\.microsoft\.com\//,
  /^https:\/\/cloud\.google\.com\//,
  /^https:\/\/jfrog\.com\//,
  /^https:\/\/docs\.prefect\.io\//,
  /^https:\/\/docs\.valohai\.com\//,
  /^https:\/\/docs\.flyte\.org\//,
];

export function isAllowedExternal(url: string): boolean {
  return EXTERNAL_ALLOW.some((rule) => rule.test(url));
}

export function isAllowedPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

/** #17 Validate the sender of all IPC messages: only Berth's own page, top frame. */
export function isTrustedSender(frame: WebFrameMain | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/** #5 CSP (also in index.html), #13 navigation, #14 new windows, #15 openExternal, #5 permissions. */
export function applyAppRestrictions(): void {
  // #5 Handle session permission requests from remote content: Berth needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents: WebContents) => {
    // #13 Disable or limit navigation.
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    // #12 No <webview> may be attached, whatever the page asks.
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // #14 Disable or limit creation of new windows; #15 openExternal only for allow-listed https.
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
