// Runs only the site search checks (search.mjs) against a built site, without the rest of the
// suite (axe on every page, vnu): quicker while working on search.
//
//   node tests/browser/search-run.mjs <built site>
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { searchChecks } from './search.mjs';
import { assert, finish, test } from './harness.mjs';

const server = await startServer(process.argv[2]);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
const host = new URL(server.origin).hostname;
const isLocal = (u) => ['data:', 'blob:', 'about:'].includes(new URL(u).protocol) || new URL(u).hostname === host;
// The quick exit: any off-site address is answered with a stand-in page.
async function exitContext() {
  const ctx = await browser.newContext();
  await ctx.route((u) => !isLocal(u.href), (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weather</title>' }));
  return { ctx };
}
async function topExitButton(p) {
  return p.locator('a.exit-button');
}
async function clickAndReachExit(p, btn) {
  // (The full suite checks the whole exit; here: the click asks for the exit page.)
  await Promise.all([p.waitForRequest((r) => !isLocal(r.url()), { timeout: 10000 }), btn.click()]);
}
await searchChecks({ browser, ORIGIN: server.origin, test, assert, isLocal, exitContext, clickAndReachExit, topExitButton });
await browser.close();
await server.close();
finish();
