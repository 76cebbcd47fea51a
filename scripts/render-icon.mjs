#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128, transparent corners) with headless Debian chromium.
// The PNG is committed; run this again only after changing the SVG.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(repoRoot, 'media', 'icon.svg'), 'utf8');
const output = path.join(repoRoot, 'media', 'icon.png');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: output, omitBackground: true });
  console.log(`render-icon: wrote ${path.relative(repoRoot, output)}`);
} finally {
  await browser.close();
}
