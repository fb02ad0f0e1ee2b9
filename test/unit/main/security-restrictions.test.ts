import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The electron package resolves (and would download) its binary on import; these rules are
// plain functions, so the module is replaced by an empty shell.
vi.mock('electron', () => ({ app: {}, session: {}, shell: {} }));
const { isAllowedExternal, isTrustedSender, secureWebPreferences, APP_ORIGIN } =
  await import('../../../main/security-restrictions');

type Frame = Parameters<typeof isTrustedSender>[0];
const frame = (url: string, parent: unknown = null) => ({ url, parent }) as unknown as Frame;

describe('Electron security restrictions', () => {
  it('turns on isolation, the sandbox and web security, and turns off Node and webview', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });

  it("accepts ipc only from Berth's own top-level frame", () => {
    expect(isTrustedSender(frame(`${APP_ORIGIN}/index.html`))).toBe(true);
    expect(isTrustedSender(frame('https://evil.example/'))).toBe(false);
    expect(isTrustedSender(frame('file:///etc/passwd'))).toBe(false);
    expect(isTrustedSender(frame('app://berth.evil.example/index.html'))).toBe(false);
    expect(isTrustedSender(frame(`${APP_ORIGIN}/index.html`, {}))).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('opens externally only allow-listed https documentation links', () => {
    expect(isAllowedExternal('https://docs.docker.com/engine/install/')).toBe(true);
    expect(isAllowedExternal('http://docs.docker.com/engine/install/')).toBe(false);
    expect(isAllowedExternal('https://docs.docker.com.evil.example/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
  });
});

describe('the renderer page', () => {
  const html = readFileSync(
    join(import.meta.dirname, '..', '..', '..', 'renderer', 'index.html'),
    'utf8',
  );

  it('carries a strict CSP meta tag', () => {
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('has no inline script', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });
});

describe('permissions', () => {
  it('grants only clipboard writes, for the copy buttons', async () => {
    const { isAllowedPermission } = await import('../../../main/security-restrictions');
    expect(isAllowedPermission('clipboard-sanitized-write')).toBe(true);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
    ]) {
      expect(isAllowedPermission(p)).toBe(false);
    }
  });
});
