// The editing UI in a real browser: copies the small site of tests/fixtures/cms/site, installs
// the editor with `placard cms install` (its documented command: one pinned decap-cms from the
// npm registry, SHA-512 checked), runs `placard serve --cms`, opens /admin/ against that local
// backend, edits a page's title and a list field (its aliases) through the form, publishes, and
// checks the file on disk, the rebuilt page, and that no request went to another origin.
//
//   node tests/browser/cms.mjs --bin <placard binary> [--docs <folder for the README's screenshots>]
//
// Prints one line per test and ends with `N passed, N failed`; exits 1 on any failure.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assert, finish, test } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const BIN = path.resolve(arg('bin', process.env.PLACARD_BIN || ''));
const DOCS = arg('docs', '');
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR || path.join(HERE, 'artifacts', 'screenshots'), 'cms');
const STARTED = Date.now();

function done() {
  console.log(`cms checks took ${((Date.now() - STARTED) / 1000).toFixed(1)} s`);
  finish();
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'placard-cms-'));
const root = path.join(tmp, 'site');
fs.cpSync(path.join(HERE, '..', 'fixtures', 'cms', 'site'), root, { recursive: true });
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));

const installed = await test('cms: `placard cms install` gets the pinned editor from the npm registry', async () => {
  const r = spawnSync(BIN, ['cms', 'install', '--root', root], { encoding: 'utf8' });
  assert(r.status === 0, `exit ${r.status}:\n${r.stdout}${r.stderr}`);
  assert(/Installed decap-cms 3\.16\.3/.test(r.stdout), r.stdout);
});
if (!installed) done();

// `placard serve --cms` on any free port; its address from what it prints.
const serve = spawn(BIN, ['serve', '--root', root, '--cms', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
let printed = '';
serve.stderr.on('data', (d) => (printed += d));
const origin = await new Promise((resolve) => {
  serve.stdout.on('data', (d) => {
    printed += d;
    const m = printed.match(/Serving the site at (http:\/\/[^/\s]+)\//);
    if (m) resolve(m[1]);
  });
  serve.on('exit', () => resolve(null));
  setTimeout(() => resolve(null), 30000);
});
process.on('exit', () => serve.kill());
if (!(await test('cms: `placard serve --cms` starts', async () => assert(origin, printed)))) done();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const elsewhere = [];
const errors = [];
page.on('request', (r) => {
  const u = new URL(r.url());
  if (!['data:', 'blob:', 'about:'].includes(u.protocol) && u.origin !== origin) elsewhere.push(r.url());
});
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => {
  if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(m.text());
});
const shot = async (name) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  if (DOCS) {
    fs.mkdirSync(DOCS, { recursive: true });
    fs.copyFileSync(path.join(SHOTS, `${name}.png`), path.join(DOCS, `${name}.png`));
  }
};

const TITLE = 'First story, edited in the browser';
const file = path.join(root, 'content', 'news', 'first.md');
await test('cms: /admin/ opens the editor, which lists the section\'s pages from the local backend', async () => {
  await page.goto(`${origin}/admin/#/collections/news`);
  await page.getByRole('button', { name: 'Login' }).click({ timeout: 20000 });
  await page.getByText('First story').first().waitFor({ timeout: 20000 });
  await shot('list');
});
await test('cms: the title and a list field are edited through the form and published', async () => {
  await page.getByText('First story').first().click();
  const title = page.locator('input[id^="title-field-"]').first();
  await title.waitFor({ timeout: 20000 });
  assert((await title.inputValue()) === 'First story', `title field holds ${await title.inputValue()}`);
  await title.fill(TITLE);
  await shot('edit');
  const aliases = page.locator('input[id^="aliases-field-"]').first();
  assert((await aliases.inputValue()) === '/old-first/', `aliases field holds ${await aliases.inputValue()}`);
  await aliases.fill('/old-first/, /older-first/');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('menuitem', { name: 'Publish now' }).click();
  const deadline = Date.now() + 20000;
  while (!fs.readFileSync(file, 'utf8').includes(TITLE) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
});
await test('cms: the file on disk has the new title and list, and no other change of meaning', async () => {
  const text = fs.readFileSync(file, 'utf8');
  assert(text.includes(`title: ${TITLE}\n`), text);
  assert(/aliases:\n  - \/old-first\/\n  - \/older-first\/\n/.test(text), text);
  assert(text.includes('The first story starts here.'), text);
  assert(!/: null$/m.test(fs.readFileSync(path.join(root, 'content', 'news', 'first.ur.md'), 'utf8')), 'a null value was written into the translation');
});
await test('cms: the preview rebuilt the page and its new alias', async () => {
  const deadline = Date.now() + 20000;
  let html = '';
  while (Date.now() < deadline) {
    html = await (await fetch(`${origin}/news/first/`)).text();
    if (html.includes(TITLE)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert(html.includes(TITLE), 'the page never showed the new title');
  assert((await fetch(`${origin}/older-first/`)).status === 200, 'the new alias is not served');
});
await test('cms: nothing was requested from another origin', async () => elsewhere);
await test('cms: no JavaScript error and no Content-Security-Policy violation in the editor', async () => errors);

await browser.close();
done();
