// Bytes a visitor downloads for a few queries, with placard's search page and with Pagefind,
// over the same built site (benches/search runs it). Both in headless Chromium, each in a
// fresh profile, with the queries run one after another in one page: the first query pays for
// the script (and Pagefind's WebAssembly), later ones only for the index files they need.
// Each engine shows the first 10 results with their excerpts (placard loads each shown page's
// file; Pagefind's result.data() loads its fragment).
//
// "wire" counts every file as a server with gzip sends it: a file's gzip size when smaller
// (JSON, JavaScript), else its size (Pagefind's files are compressed already).
//
//   node benches/search-bytes.mjs <built site with search-index/ and pagefind/> '["q1","q2"]'
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(HERE, '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');
const { startServer } = await import(path.join(HERE, '..', 'tests', 'browser', 'server.mjs'));

const [site, queriesJson] = process.argv.slice(2);
const queries = JSON.parse(queriesJson);
// The page Pagefind is driven from: its own JavaScript API, no UI, outside the site's CSP.
fs.writeFileSync(
  path.join(site, 'pagefind-bench.html'),
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pagefind bench</title></head><body></body></html>',
);
const server = await startServer(site);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

function wire(buf) {
  const gz = zlib.gzipSync(buf, { level: 6 }).length;
  return Math.min(gz, buf.length);
}

async function measure(engine) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  let raw = 0;
  let sent = 0;
  let files = 0;
  let armed = false;
  page.on('response', async (res) => {
    if (!armed) return;
    const body = await res.body().catch(() => Buffer.alloc(0));
    raw += body.length;
    sent += wire(body);
    files++;
  });
  const rows = [];
  if (engine === 'placard') {
    await page.goto(server.origin + '/search/');
  } else {
    await page.goto(server.origin + '/pagefind-bench.html');
  }
  for (const [i, q] of queries.entries()) {
    raw = sent = files = 0;
    armed = true;
    if (engine === 'placard') {
      if (i === 0) {
        // The script is part of the first query's cost: load the page again, counting it.
        await page.goto(server.origin + '/search/', { waitUntil: 'load' });
        raw = sent = files = 0;
        const js = await page.evaluate(() => document.querySelector('script[src*="search."]').src);
        const body = Buffer.from(await (await fetch(js)).arrayBuffer());
        raw += body.length;
        sent += wire(body);
        files++;
      }
      await page.fill('#search-q', q);
      await page.waitForFunction((q) => {
        const s = document.getElementById('search-status').textContent;
        return s.includes('found') || s.includes(q);
      }, q);
      await page.waitForTimeout(200);
      await page.evaluate(() => { document.getElementById('search-status').textContent = ''; });
    } else {
      await page.evaluate(async (q) => {
        window.pf = window.pf || (await import('/pagefind/pagefind.js'));
        const r = await window.pf.search(q);
        await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      }, q);
      await page.waitForTimeout(200);
    }
    armed = false;
    rows.push({ q, raw, sent, files });
  }
  await ctx.close();
  return rows;
}

const ours = await measure('placard');
const pf = await measure('pagefind');
const kb = (n) => (n / 1000).toFixed(1).padStart(6) + ' KB';
console.log('query                 placard wire (raw, files)        pagefind wire (raw, files)');
for (let i = 0; i < queries.length; i++) {
  const a = ours[i];
  const b = pf[i];
  console.log(
    `${(i === 0 ? 'first: ' : 'later: ') + queries[i]}`.padEnd(22) +
      `${kb(a.sent)} (${kb(a.raw)}, ${String(a.files).padStart(2)})`.padEnd(33) +
      `${kb(b.sent)} (${kb(b.raw)}, ${String(b.files).padStart(2)})`,
  );
}
const later = (rows) => rows.slice(1).reduce((s, r) => s + r.sent, 0) / Math.max(rows.length - 1, 1);
console.log(`mean of later queries: placard ${kb(later(ours))}, pagefind ${kb(later(pf))}`);
fs.rmSync(path.join(site, 'pagefind-bench.html'));
await browser.close();
server.close?.();
