// Screenshots for the README: the top of a few pages of a built site, at 375 and 1280 px.
//
//   node tests/browser/docs-screenshots.mjs <built site> <out dir> /ur/home-truths/ [more paths...]
//
// Writes <out dir>/<name>-375.png and <name>-1280.png, where <name> is the path with slashes
// turned into hyphens (/ur/home-truths/ -> ur-home-truths). Uses Debian's chromium (CHROMIUM
// to override); the Urdu pages need a font with Urdu letters (fonts-noto-core), which
// tests/browser/run installs.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const [site, outDir, ...paths] = process.argv.slice(2);
if (!site || !outDir || paths.length === 0) {
  console.error('usage: node docs-screenshots.mjs <built site> <out dir> <path>...');
  process.exit(2);
}
// The same heights as the other README screenshots: enough for the top of the page.
const SIZES = [
  { width: 375, height: 812, clip: 2400 },
  { width: 1280, height: 800, clip: 1500 },
];

fs.mkdirSync(outDir, { recursive: true });
const server = await startServer(path.resolve(site));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  for (const p of paths) {
    const name = p.replace(/^\/+|\/+$/g, '').replace(/\//g, '-') || 'home';
    for (const { width, height, clip } of SIZES) {
      const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      const res = await page.goto(server.origin + p, { waitUntil: 'load' });
      if (!res || res.status() !== 200) throw new Error(`status ${res && res.status()} for ${p}`);
      const full = await page.evaluate(() => document.documentElement.scrollHeight);
      const file = path.join(outDir, `${name}-${width}.png`);
      await page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: 0, width, height: Math.min(clip, full) },
        animations: 'disabled',
      });
      console.log(file);
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
