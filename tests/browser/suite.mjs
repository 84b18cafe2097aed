// Real-browser checks of a built placard site. Plain Node, no test framework.
//
//   node suite.mjs --site <built output dir> [--root <site root with placard.yaml>]
//
// Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default java),
// SCREENSHOT_DIR (default ./artifacts/screenshots), EXIT_URL (overrides placard.yaml).
// Prints one line per test, details of each failure, and ends with `N passed, N failed`.
// Exits 1 if any test failed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { axe } from './axe.mjs';
import { startServer } from './server.mjs';
import { searchChecks } from './search.mjs';

const SUITE_START = Date.now();
const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- arguments
function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
let SITE = path.resolve(arg('site', process.env.SITE_DIR || ''));
try {
  SITE = fs.realpathSync(SITE); // vnu reports real paths
} catch {}
const ROOT = path.resolve(arg('root', process.env.SITE_ROOT || path.join(HERE, '..', '..')));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';
const SCREENSHOT_DIR = path.resolve(process.env.SCREENSHOT_DIR || path.join(HERE, 'artifacts', 'screenshots'));
const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const WIDTHS = [375, 1280];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!fs.existsSync(path.join(SITE, 'index.html'))) {
  console.error(`suite.mjs: no index.html in --site ${SITE}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// The neutral page the quick exit goes to: EXIT_URL, else placard.yaml's quick_exit_url, else the default.
function quickExitUrl() {
  if (process.env.EXIT_URL) return process.env.EXIT_URL;
  try {
    const yaml = fs.readFileSync(path.join(ROOT, 'placard.yaml'), 'utf8');
    const m = yaml.match(/^quick_exit_url:\s*["']?([^"'\s#]+)["']?/m);
    if (m) return m[1];
  } catch {}
  return 'https://www.bbc.co.uk/weather';
}
const EXIT_URL = quickExitUrl();

// ---------------------------------------------------------------- harness
let passed = 0;
let failed = 0;
const failures = [];
async function test(name, fn) {
  const t0 = Date.now();
  try {
    const problems = await fn();
    if (Array.isArray(problems) && problems.length) throw new Failure(problems);
    passed++;
    console.log(`ok     ${name}  (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    failures.push(name);
    console.log(`FAILED ${name}  (${Date.now() - t0} ms)`);
    const lines = e instanceof Failure ? e.lines : [String(e && e.stack ? e.stack : e)];
    for (const l of lines) console.log(`         ${String(l).replace(/\x1b\[[0-9;]*m/g, '').replace(/\n/g, '\n         ')}`);
  }
}
class Failure extends Error {
  constructor(lines) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}
// Anything that breaks the run itself (no browser, a crash between tests) still ends with the count line.
for (const ev of ['uncaughtException', 'unhandledRejection']) {
  process.on(ev, (e) => {
    console.log(`FAILED the suite itself (${ev}): ${e && e.stack ? e.stack : e}`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  });
}
function assert(cond, msg) {
  if (!cond) throw new Failure([msg]);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- pages of the output
function walk(dir) {
  const out = [];
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, ent.name);
    if (ent.isDirectory()) out.push(...walk(p));
    else if (ent.isFile() && ent.name.endsWith('.html')) out.push(p);
  }
  return out;
}
const isRedirect = (html) => /<meta[^>]+http-equiv\s*=\s*["']?refresh/i.test(html);
function urlPathOf(file) {
  const rel = path.relative(SITE, file).split(path.sep).join('/');
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return '/' + rel.slice(0, -'index.html'.length);
  return '/' + rel;
}
function shotName(urlPath) {
  // "/" -> index, "/report/bury/" -> report/bury, "/404.html" -> 404
  let p = urlPath.replace(/^\/+|\/+$/g, '').replace(/\.html$/, '');
  return p === '' ? 'index' : p;
}
const allHtml = walk(SITE).sort();
const pages = [];
const redirects = [];
for (const f of allHtml) {
  (isRedirect(fs.readFileSync(f, 'utf8')) ? redirects : pages).push({ file: f, path: urlPathOf(f) });
}
pages.sort((a, b) => (a.path === '/' ? -1 : b.path === '/' ? 1 : a.path.localeCompare(b.path)));

console.log(`site: ${SITE}`);
console.log(`pages: ${pages.length} (+ ${redirects.length} alias redirect pages, not browsed)`);
console.log(`quick exit URL: ${EXIT_URL}`);

// ---------------------------------------------------------------- vnu (started now, checked at the end)
function runVnu() {
  return new Promise((resolve) => {
    const child = spawn(JAVA, ['-Xss8m', '-jar', VNU_JAR, '--errors-only', '--skip-non-html', '--format', 'json', SITE], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => resolve({ code: -1, out, err: String(e), ms: Date.now() - vnuStarted }));
    child.on('close', (code) => resolve({ code, out, err, ms: Date.now() - vnuStarted }));
  });
}
const vnuStarted = Date.now();
const vnuPromise = runVnu();

// ---------------------------------------------------------------- browser and server
const server = await startServer(SITE);
const ORIGIN = server.origin;
const SITE_HOST = new URL(ORIGIN).hostname; // 127.0.0.1
console.log(`serving at ${ORIGIN}/`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS, // playwright adds a fresh, empty temporary --user-data-dir itself
});

// Requests and cookies seen by the pages of the main context (tests 1, 4, 6 and the checks below).
const requestLog = []; // {url, from}
const externalRefs = []; // {page, tag, url}
const setCookieLog = []; // {url, value}
const exitPage = (note) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Weather (test stand-in)</title></head><body><h1>Weather</h1><p>${note}</p></body></html>`;

function exitUrlMatcher(u) {
  // the exit URL itself, with or without a trailing slash, query or fragment
  const want = new URL(EXIT_URL);
  const got = new URL(u);
  return got.host === want.host && got.pathname.replace(/\/$/, '') === want.pathname.replace(/\/$/, '');
}
const isLocal = (u) => {
  const url = new URL(u);
  if (['data:', 'blob:', 'about:'].includes(url.protocol)) return true;
  return url.hostname === SITE_HOST;
};

async function newMainContext(viewport) {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  context.on('request', (req) => {
    const page = req.frame()?.page?.();
    requestLog.push({ url: req.url(), from: page ? page.url() : '(no page)' });
  });
  context.on('response', async (res) => {
    const v = await res.headerValue('set-cookie').catch(() => null);
    if (v) setCookieLog.push({ url: res.url(), value: v });
  });
  // No network here anyway: answer anything off-site at once (it is recorded as a failure above)
  // instead of letting the page hang on it.
  await context.route(
    (u) => !isLocal(u.href),
    (route) => route.abort('blockedbyclient'),
  );
  return context;
}

const mainContext = await newMainContext({ width: 1280, height: 800 });
const page = await mainContext.newPage();
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push({ url: page.url(), message: e.message }));

// ---------------------------------------------------------------- 1 + 6: axe and screenshots, page by page
fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

for (const p of pages) {
  const url = ORIGIN + p.path;
  let loaded = false;
  await test(`load ${p.path}`, async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const res = await page.goto(url, { waitUntil: 'load' });
    assert(res && res.status() === 200, `status ${res && res.status()} for ${url}`);
    loaded = true;
  });
  if (!loaded) continue;
  await test(`exit link on ${p.path}`, async () => {
    // the quick exit is on every page: a link or button named "Exit this page" going to the exit URL
    // (on a translated page it is named in the page's language, and marked data-exit)
    const info = await page.evaluate((exitUrl) => {
      const els = [...document.querySelectorAll('a[href], button')].filter(
        (e) =>
          /exit this page/i.test(e.getAttribute('aria-label') || e.textContent || '') ||
          (document.documentElement.lang !== 'en' && e.hasAttribute('data-exit')),
      );
      return els.map((e) => ({ tag: e.tagName, href: e.href || '', visible: e.checkVisibility() }));
    }, EXIT_URL);
    const problems = [];
    if (!info.length) problems.push(`no "Exit this page" link or button on ${p.path}`);
    else if (!info.some((i) => i.tag === 'A' && i.href && new URL(i.href).href === new URL(EXIT_URL).href))
      problems.push(`no "Exit this page" link with href ${EXIT_URL} on ${p.path}: ${JSON.stringify(info)}`);
    else if (!info.some((i) => i.visible)) problems.push(`the "Exit this page" control is not visible on ${p.path}`);
    return problems;
  });
  // resources the page refers to on other hosts, fetched or not yet (lazy images, CSP-blocked, hints)
  for (const r of await page.evaluate(() => {
    const sel =
      'link[href], script[src], img[src], img[srcset], source[src], source[srcset], iframe[src], frame[src], video[src], video[poster], audio[src], track[src], embed[src], object[data], input[type=image][src]';
    const fetching = /\b(stylesheet|icon|apple-touch-icon|mask-icon|manifest|preload|prefetch|preconnect|dns-prefetch|modulepreload|prerender)\b/i;
    const out = [];
    for (const e of document.querySelectorAll(sel)) {
      if (e.tagName === 'LINK' && !fetching.test(e.rel)) continue;
      const urls = [];
      for (const a of ['href', 'src', 'poster', 'data']) if (e.getAttribute(a)) urls.push(e.getAttribute(a));
      const ss = e.getAttribute('srcset');
      if (ss) for (const part of ss.split(',')) urls.push(part.trim().split(/\s+/)[0]);
      for (const u of urls) {
        try {
          const abs = new URL(u, location.href);
          if (/^https?:$/.test(abs.protocol) && abs.host !== location.host) out.push({ tag: e.tagName.toLowerCase() + (e.rel ? ` rel=${e.rel}` : ''), url: abs.href });
        } catch {}
      }
    }
    return out;
  }))
    externalRefs.push({ page: p.path, ...r });

  await test(`axe ${p.path}`, async () => {
    const results = await axe(page);
    const lines = [];
    for (const v of results.violations) {
      lines.push(`${v.id} [${v.impact}] on ${p.path}: ${v.help} (${v.helpUrl})`);
      for (const n of v.nodes) lines.push(`    ${n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | ')}  ${n.failureSummary ? '- ' + n.failureSummary.replace(/\s*\n\s*/g, '; ') : ''}`);
    }
    return lines;
  });

  for (const width of [1280, 375]) {
    await test(`screenshot ${p.path} at ${width} px`, async () => {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 800 });
      const file = path.join(SCREENSHOT_DIR, `${shotName(p.path)}-${width}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      assert(fs.statSync(file).size > 0, `empty screenshot ${file}`);
    });
  }
  // Reflow (WCAG 1.4.10): nothing forces sideways scrolling at 375 px (the viewport is still 375 here).
  await test(`no horizontal scrolling ${p.path} at 375 px`, async () => {
    const wide = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const sw = document.documentElement.scrollWidth;
      if (sw <= vw + 1) return null;
      const culprits = [...document.body.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().right > vw + 1 && e.checkVisibility())
        .slice(0, 5)
        .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
      return { vw, sw, culprits };
    });
    assert(!wide, wide && `page is ${wide.sw} px wide in a ${wide.vw} px viewport; widest: ${wide.culprits.join(', ')}`);
  });
}

if (fs.existsSync(path.join(SITE, '404.html'))) {
  await test('a missing path gets the site\'s 404 page with status 404', async () => {
    const res = await page.goto(ORIGIN + '/no-such-page-' + Date.now() + '/');
    assert(res.status() === 404, `status ${res.status()}`);
    const want = (fs.readFileSync(path.join(SITE, '404.html'), 'utf8').match(/<title>([^<]*)<\/title>/i) || [])[1];
    const got = await page.title();
    assert(!want || got === want.trim().replace(/&amp;/g, '&'), `title "${got}", wanted the 404 page's "${want}"`);
  });
}

// ---------------------------------------------------------------- 4: keyboard only (home page)
async function keyboardCheck(width) {
  const kctx = await newMainContext({ width, height: width === 375 ? 812 : 800 });
  const kp = await kctx.newPage();
  await kp.goto(ORIGIN + '/', { waitUntil: 'load' });
  const visited = [];
  const seen = new Set();
  const maxTabs = (await kp.locator('a[href], button, input, select, textarea, [tabindex], summary').count()) + 10;
  for (let i = 0; i < maxTabs; i++) {
    await kp.keyboard.press('Tab');
    const info = await kp.evaluate((i) => {
      const el = document.activeElement;
      if (!el || el === document.body || el === document.documentElement) return null;
      if (!el.dataset.kbIdx) el.dataset.kbIdx = String(i);
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      const cx = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
      const cy = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
      const hit = document.elementFromPoint(cx, cy);
      const describe = (e) =>
        e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '') : String(e);
      return {
        key: el.dataset.kbIdx,
        desc: `${describe(el)}${el.getAttribute('href') ? ` href="${el.getAttribute('href')}"` : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 50)}"`,
        tag: el.tagName,
        href: el.getAttribute('href'),
        text: (el.textContent || '').trim(),
        outlineStyle: cs.outlineStyle,
        outlineWidth: parseFloat(cs.outlineWidth) || 0,
        boxShadow: cs.boxShadow,
        inViewport: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5,
        rect: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
        obscuredBy: hit && (hit === el || el.contains(hit) || hit.contains(el)) ? null : describe(hit),
      };
    }, i);
    if (!info) {
      if (visited.length) break; // focus left the page's last element
      continue;
    }
    if (seen.has(info.key)) break; // wrapped around
    seen.add(info.key);
    visited.push(info);
  }
  const links = await kp.evaluate(() =>
    [...document.querySelectorAll('a[href]')]
      .filter((a) => a.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
      .map((a) => ({ key: a.dataset.kbIdx || null, href: a.getAttribute('href'), text: a.textContent.trim().replace(/\s+/g, ' ').slice(0, 50) })),
  );
  await kctx.close();
  return { visited, links };
}

for (const width of [1280, 375]) {
  const kb = await keyboardCheck(width);
  console.log(`keyboard at ${width} px: ${kb.visited.length} tab stops, ${kb.links.length} visible links on the home page`);
  const at = width === 1280 ? '' : ` at ${width} px`;
  const firstTwo = kb.visited.slice(0, 2);
  await test(`keyboard${at}: first Tab on the home page reaches the skip link`, async () => {
    const f = firstTwo[0];
    assert(f, 'Tab focused nothing');
    assert(f.tag === 'A' && /^#./.test(f.href || '') && /skip/i.test(f.text), `first Tab focused ${f.desc}, not a skip link (a[href^="#"] "Skip ...")`);
    const target = await page.goto(ORIGIN + '/').then(() => page.evaluate((id) => !!document.getElementById(id), decodeURIComponent(f.href.slice(1))));
    assert(target, `skip link target ${f.href} does not exist`);
  });
  await test(`keyboard${at}: second Tab reaches an exit link (right after the skip link)`, async () => {
    const s = firstTwo[1];
    assert(s, 'second Tab focused nothing');
    const isExit = (s.href && exitUrlMatcher(new URL(s.href, ORIGIN).href)) || /exit this page/i.test(s.text);
    assert(isExit, `second Tab focused ${s.desc}, not a link to the exit URL`);
  });
  await test(`keyboard${at}: Tab reaches every visible link on the home page`, async () => {
    const missing = kb.links.filter((l) => !l.key);
    return missing.map((l) => `never focused: a[href="${l.href}"] "${l.text}"`);
  });
  await test(`keyboard${at}: every focused element has a visible focus indicator (outline >= 2px or box-shadow)`, async () => {
    return kb.visited
      .filter((v) => !((v.outlineStyle !== 'none' && v.outlineWidth >= 2) || (v.boxShadow && v.boxShadow !== 'none')))
      .map((v) => `${v.desc}: outline ${v.outlineStyle} ${v.outlineWidth}px, box-shadow ${v.boxShadow}`);
  });
  await test(`keyboard${at}: every focused element is inside the viewport and not covered`, async () => {
    return kb.visited
      .filter((v) => !v.inViewport || v.obscuredBy)
      .map((v) => `${v.desc}: ${!v.inViewport ? `outside the viewport at ${v.rect}` : `covered by ${v.obscuredBy}`}`);
  });
}

// ---------------------------------------------------------------- 3: quick exit (its own contexts; the exit URL is routed)
async function exitContext({ javaScriptEnabled = true, delayMs = 0 } = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled });
  const offsite = [];
  ctx.on('request', (req) => {
    if (!isLocal(req.url()) && !exitUrlMatcher(req.url())) offsite.push(req.url());
  });
  await ctx.route(
    (u) => !isLocal(u.href),
    async (route) => {
      if (!exitUrlMatcher(route.request().url())) return route.abort('blockedbyclient');
      if (delayMs) await sleep(delayMs);
      await route
        .fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: exitPage('You left the site.') })
        .catch(() => {}); // the context may be closed already
    },
  );
  return { ctx, offsite };
}
const exitLocator = (p) =>
  p.getByRole('link', { name: /exit this page/i }).or(p.getByRole('button', { name: /exit this page/i }));

async function clickAndReachExit(p, btn) {
  const reached = p.waitForURL(exitUrlMatcher, { timeout: 10000 }).then(
    () => null,
    () => `clicking the exit button did not reach ${EXIT_URL} within 10 s (still on ${p.url()})`,
  );
  const clicked = btn.click({ timeout: 5000 }).then(
    () => null,
    (e) => `could not click the exit button: ${String(e.message).split('\n').slice(0, 6).join(' / ')}`,
  );
  const problems = (await Promise.all([clicked, reached])).filter(Boolean);
  if (problems.length) throw new Failure(problems);
}

async function topExitButton(p) {
  // the visible one nearest the top of the page
  const all = await exitLocator(p).all();
  let best = null;
  for (const l of all) {
    if (!(await l.isVisible())) continue;
    const box = await l.boundingBox();
    // on screen (a skip-style exit link parked off-screen until focused does not count)
    if (!box || box.width < 2 || box.height < 2 || box.x + box.width <= 0 || box.y + box.height <= 0) continue;
    if (!best || box.y < best.box.y) best = { l, box };
  }
  if (!best) throw new Failure(['no visible link or button named /exit this page/i on the home page']);
  return best.l;
}

await test('quick exit: the button leaves with location.replace (going back does not return to the site)', async () => {
  const { ctx } = await exitContext();
  try {
    const p = await ctx.newPage();
    await p.goto(ORIGIN + '/');
    const before = await p.evaluate(() => history.length);
    const btn = await topExitButton(p);
    await clickAndReachExit(p, btn);
    await p.waitForLoadState('load');
    const after = await p.evaluate(() => history.length);
    await p.goBack({ timeout: 3000 }).catch(() => null);
    const backAt = p.url();
    const problems = [];
    if (after > before) problems.push(`history grew from ${before} to ${after}: the exit pushed a new entry instead of replacing the page`);
    if (backAt.startsWith(ORIGIN)) problems.push(`going back after the exit returned to ${backAt}`);
    return problems;
  } finally {
    await ctx.close();
  }
});

await test('quick exit: pressing Shift three times within 5 seconds leaves the site', async () => {
  const { ctx } = await exitContext();
  try {
    const p = await ctx.newPage();
    await p.goto(ORIGIN + '/', { waitUntil: 'load' });
    const nav = p.waitForURL(exitUrlMatcher, { timeout: 6000 });
    for (let i = 0; i < 3; i++) {
      await p.keyboard.press('Shift');
      await sleep(250);
    }
    await nav.catch(() => {
      throw new Failure([`still on ${p.url()} 6 s after pressing Shift three times`]);
    });
  } finally {
    await ctx.close();
  }
});

await test('quick exit: the page is hidden at once, before the exit page arrives', async () => {
  const { ctx } = await exitContext({ delayMs: 3000 });
  try {
    const p = await ctx.newPage();
    await p.goto(ORIGIN + '/', { waitUntil: 'load' });
    // The page reports its own state from a click listener on window (it runs after the
    // theme's handlers), at once and 100 ms later, while the exit page is held back by the route.
    const reports = [];
    await p.exposeBinding('__placardReport', (_src, r) => reports.push(r));
    await p.evaluate(() => {
      const before = [...document.documentElement.classList];
      const look = (when) => ({
        when,
        url: location.href,
        added: [...document.documentElement.classList].filter((c) => !before.includes(c)),
        bodyVisible: document.body.checkVisibility({ visibilityProperty: true, opacityProperty: true }),
        htmlVisible: document.documentElement.checkVisibility({ visibilityProperty: true, opacityProperty: true }),
      });
      window.addEventListener('click', () => {
        window.__placardReport(look('at once'));
        setTimeout(() => window.__placardReport(look('after 100 ms')), 100);
      });
    });
    const btn = await topExitButton(p);
    const box = await btn.boundingBox();
    // a real mouse click; playwright's click waits for the navigation it starts, which the route holds back
    const clicking = p.mouse.click(box.x + box.width / 2, box.y + box.height / 2).catch(() => {});
    for (let i = 0; i < 40 && reports.length < 2; i++) await sleep(50);
    assert(reports.length === 2, `the click was not seen by the page (reports: ${JSON.stringify(reports)})`);
    const late = reports[1];
    assert(late.url.startsWith(ORIGIN), `left the page before the check: ${late.url}`);
    const hidden = (r) => !r.bodyVisible || !r.htmlVisible;
    assert(
      hidden(late),
      `100 ms after the click, while the exit page is still loading, the page is still visible (body visible: ${late.bodyVisible}; classes added to <html>: ${late.added.join(' ') || 'none'})`,
    );
    await p.waitForURL(exitUrlMatcher, { timeout: 10000 });
    await clicking;
  } finally {
    await ctx.close();
  }
});

await test('quick exit: without JavaScript the button is a working link to the exit URL', async () => {
  const { ctx } = await exitContext({ javaScriptEnabled: false });
  try {
    const p = await ctx.newPage();
    await p.goto(ORIGIN + '/');
    const btn = await topExitButton(p);
    const href = await btn.evaluate((e) => (e.tagName === 'A' ? e.href : null));
    assert(href && exitUrlMatcher(href), `the exit control is not a link to ${EXIT_URL} (href: ${href})`);
    await clickAndReachExit(p, btn);
  } finally {
    await ctx.close();
  }
});

// ---------------------------------------------------------------- site search (search.mjs)
await searchChecks({ browser, ORIGIN, test, assert, isLocal, exitContext, clickAndReachExit, topExitButton });

// ---------------------------------------------------------------- 5: privacy
await test('privacy: every request the pages made went to 127.0.0.1', async () => {
  const off = requestLog.filter((r) => !isLocal(r.url));
  const byUrl = new Map();
  for (const r of off) {
    if (!byUrl.has(r.url)) byUrl.set(r.url, new Set());
    byUrl.get(r.url).add(r.from.replace(ORIGIN, ''));
  }
  const lines = [...byUrl].map(([u, from]) => `${u}  (from ${[...from].join(', ')})`);
  assert(requestLog.length > 0, 'no request was recorded at all');
  return lines;
});
await test('privacy: no page refers to a resource on another host (also lazy or blocked ones, preconnect, prefetch)', async () =>
  externalRefs.map((r) => `${r.page}: <${r.tag}> ${r.url}`),
);
await test('privacy: no cookie is set (context.cookies() is empty, no Set-Cookie header)', async () => {
  const cookies = await mainContext.cookies();
  const lines = cookies.map((c) => `cookie ${c.name}=${c.value} for ${c.domain}${c.path}`);
  for (const s of setCookieLog) lines.push(`Set-Cookie on ${s.url}: ${s.value}`);
  return lines;
});
await test('privacy: no page stores anything in localStorage or sessionStorage', async () => {
  const st = await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
  const lines = [];
  if (st.local.length) lines.push(`localStorage keys: ${st.local.join(', ')}`);
  if (st.session.length) lines.push(`sessionStorage keys: ${st.session.join(', ')}`);
  return lines;
});
await test('no JavaScript error on any page', async () =>
  pageErrors.map((e) => `${e.url.replace(ORIGIN, '')}: ${e.message}`),
);

await browser.close();
await server.close();

// ---------------------------------------------------------------- 2: Nu Html Checker over the whole output
const vnu = await vnuPromise;
console.log(`vnu took ${(vnu.ms / 1000).toFixed(1)} s (exit ${vnu.code}); the suite had run ${((Date.now() - SUITE_START) / 1000).toFixed(1)} s`);
let vnuMessages = null;
const vnuFile = (m) => {
  try {
    return fileURLToPath(m.url.replace(/^file:(?!\/\/)/, 'file://'));
  } catch {
    return m.url;
  }
};
try {
  // vnu writes its JSON to stderr; the JVM may print a line of its own before it
  const text = /"messages"/.test(vnu.err) ? vnu.err : vnu.out;
  vnuMessages = JSON.parse(text.slice(text.search(/\{"(version|messages)"/))).messages;
} catch {}
await test('vnu ran', async () => {
  assert(vnuMessages, `could not run or parse the Nu Html Checker (exit ${vnu.code}):\n${(vnu.err || vnu.out).slice(0, 2000)}`);
  const known = new Set(allHtml);
  const odd = vnuMessages.filter((m) => m.type === 'non-document-error' || !m.url || !known.has(vnuFile(m)));
  return odd.map((m) => `${m.url || ''} ${m.subType || m.type}: ${m.message}`);
});
if (vnuMessages) {
  for (const f of allHtml) {
    const rel = path.relative(SITE, f).split(path.sep).join('/');
    await test(`vnu ${rel}`, async () => {
      const mine = vnuMessages.filter((m) => m.url && vnuFile(m) === f && m.type === 'error');
      return mine.map((m) => `line ${m.lastLine}${m.firstColumn ? `:${m.firstColumn}` : ''}: ${m.message}${m.extract ? `  [${m.extract.replace(/\s+/g, ' ').trim()}]` : ''}`);
    });
  }
}

if (failures.length) {
  console.log('\nfailed tests:');
  for (const f of failures) console.log(`  ${f}`);
}
console.log(`screenshots: ${SCREENSHOT_DIR}`);
console.log(`took ${((Date.now() - SUITE_START) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
