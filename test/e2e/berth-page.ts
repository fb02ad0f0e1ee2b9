/**
 * One Berth in browser mode, opened in Chromium, for an e2e file: a core on a fresh home
 * (no credentials, no ~/.docker/config.json) against the harness's real services, the web
 * host serving the built renderer, and a page that records CSP violations.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createBerthCore } from '../../src/host/core';
import type { BerthCore } from '../../src/host/core';
import { startWebHost } from '../../src/host/web-host';
import type { WebHost } from '../../src/host/web-host';
import type { HarnessInfo } from '../harness/context';
import { launchChromium } from './browser';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SHOTS = join(ROOT, 'docs', 'screenshots');

export interface BerthPage {
  core: BerthCore;
  host: WebHost;
  browser: Browser;
  page: Page;
  /** BERTH_HOME and HOME of this Berth. */
  home: string;
  cspViolations: string[];
  close(): Promise<void>;
}

export interface BerthPageOptions {
  /** A prefix for the temp home, e.g. "berth-e2e-pulls-". */
  prefix: string;
  height?: number;
  clipboard?: boolean;
  /** More of the core's env, e.g. BERTH_REGISTRY_AUTH. */
  env?: Record<string, string>;
}

export async function openBerthPage(h: HarnessInfo, options: BerthPageOptions): Promise<BerthPage> {
  mkdirSync(SHOTS, { recursive: true });
  const home = mkdtempSync(join(tmpdir(), options.prefix));
  const core = createBerthCore({
    env: {
      DOCKER_HOST: h.dockerHost,
      BERTH_HOME: home,
      HOME: home,
      DBUS_SESSION_BUS_ADDRESS: h.keyringBus,
      ...options.env,
    },
  });
  const host = await startWebHost({ core, rendererDir: join(ROOT, 'dist', 'renderer') });
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: { width: 1280, height: options.height ?? 860 },
    colorScheme: 'light',
    acceptDownloads: true,
  });
  if (options.clipboard) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(host.url).origin,
    });
  }
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(host.url);
  return {
    core,
    host,
    browser,
    page,
    home,
    cspViolations,
    close: async () => {
      await browser.close();
      await host.close();
      core.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
