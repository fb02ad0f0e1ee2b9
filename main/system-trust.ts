/**
 * The app's half of registry trust (issue 12, point 6): the OS certificate store on macOS and
 * Windows through Node's own reader (Electron's Node ≥ 22.15 has tls.getCACertificates), and
 * the OS proxy settings through Chromium's resolver (session.resolveProxy, which applies the
 * system settings, PAC files included). The logic is src/registry/system-trust.ts; this only
 * hands it Electron's pieces. Call after app.whenReady: the default session exists only then.
 */
import { session } from 'electron';
import * as tls from 'node:tls';
import { systemTrustFrom } from '../src/registry';
import type { SystemTrustPort } from '../src/registry';

export function appSystemTrust(): SystemTrustPort {
  return systemTrustFrom({
    tls,
    platform: process.platform,
    resolveProxy: (url) => session.defaultSession.resolveProxy(url),
  });
}
