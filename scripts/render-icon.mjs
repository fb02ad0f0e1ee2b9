// Renders assets/icon.svg to assets/icon.png (512x512) with Debian's Chromium, so the icon
// has one source. Run after editing the SVG: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const svg = readFileSync(fileURLToPath(new URL('../assets/icon.svg', import.meta.url)), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.screenshot({
  path: fileURLToPath(new URL('../assets/icon.png', import.meta.url)),
  omitBackground: true,
});
await browser.close();
console.log('assets/icon.png written');
