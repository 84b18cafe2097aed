// Site search in a real browser (issue 22): queries typed into the real search boxes of the
// bundled site, the results, keyboard use, the live region, right-to-left results, privacy
// (no request leaves the origin, the query is in no request but the submitted page's address,
// nothing stored), axe on the search page with results, and the quick exit there.
//
// Called by suite.mjs with its harness: searchChecks({ browser, ORIGIN, test, assert, isLocal,
// exitContext, clickAndReachExit, topExitButton }).

import { axe } from './axe.mjs';

export async function searchChecks(h) {
  const { browser, ORIGIN, test, assert, isLocal } = h;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  const requests = [];
  ctx.on('request', (req) => requests.push(req.url()));
  await ctx.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
  const p = await ctx.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  // Types into the focused field one key at a time, like a person, and waits for the status.
  async function typeQuery(selector, text) {
    await p.click(selector);
    await p.fill(selector, '');
    await p.keyboard.type(text, { delay: 40 });
    await p.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '', null, { timeout: 10000 });
    await p.waitForTimeout(300); // the last keystroke's results
  }
  const results = () =>
    p.$$eval('#search-results .search-result', (items) =>
      items.map((li) => ({
        href: li.querySelector('a').getAttribute('href'),
        title: li.querySelector('a').textContent,
        marks: Array.from(li.querySelectorAll('mark')).map((m) => m.textContent),
      })),
    );
  const status = () => p.$eval('#search-status', (s) => s.textContent.trim());

  await test('search: the header box submits to the search page with ?q= and shows the results', async () => {
    await p.goto(ORIGIN + '/');
    await p.fill('#site-search-q', 'cuckooing');
    await p.press('#site-search-q', 'Enter');
    await p.waitForURL(/\/search\/\?q=cuckooing$/);
    await p.waitForSelector('#search-results .search-result');
    const r = await results();
    assert(r.length > 0, 'no results for cuckooing');
    assert(r.some((x) => x.href.startsWith('/trapped/')), `no Trapped page among ${JSON.stringify(r.map((x) => x.href))}`);
    assert((await p.inputValue('#search-q')) === 'cuckooing', 'the field does not show the query');
  });

  await test('search: typing "cuck" finds cuckooing as you type, and the address does not change', async () => {
    await p.goto(ORIGIN + '/search/');
    await typeQuery('#search-q', 'cuck');
    const r = await results();
    assert(r.length > 0, 'no results for cuck');
    assert(r.every((x) => x.marks.some((m) => /^cuck/i.test(m)) || /cuck/i.test(x.title)), `a result without a marked match: ${JSON.stringify(r)}`);
    assert(p.url() === ORIGIN + '/search/', `the address changed to ${p.url()}`);
  });

  await test('search: the live region says how many pages were found', async () => {
    const role = await p.$eval('#search-status', (s) => [s.getAttribute('role'), s.getAttribute('aria-live')].join(' '));
    assert(role === 'status polite', `the status is ${role}`);
    const n = (await results()).length;
    const text = await status();
    assert(/^\d+ pages found$|^1 page found$/.test(text), `status says "${text}"`);
    assert(n <= parseInt(text, 10), `${n} results shown, status says "${text}"`);
    await typeQuery('#search-q', 'qqqzzz');
    assert(/^No pages found for “qqqzzz”/.test(await status()), `status says "${await status()}"`);
    assert((await results()).length === 0, 'results shown for nonsense');
    assert(await p.isVisible('text=All pages, A to Z'), 'the A to Z list is hidden with no results');
  });

  await test('search: one typo is forgiven ("cukooing"), and "Bolton" finds its district page first', async () => {
    await typeQuery('#search-q', 'cukooing');
    assert((await results()).length > 0, 'no results for cukooing');
    await typeQuery('#search-q', 'Bolton');
    const r = await results();
    assert(r[0] && r[0].href === '/report/bolton/', `first result ${JSON.stringify(r[0])}`);
  });

  await test('search: Polish without diacritics ("zglos") finds "Zgłoś"', async () => {
    await p.goto(ORIGIN + '/pl/search/');
    await typeQuery('#search-q', 'zglos');
    const r = await results();
    assert(r.length > 0 && r.every((x) => x.href.startsWith('/pl/')), `results ${JSON.stringify(r.map((x) => x.href))}`);
    assert(r.some((x) => x.marks.some((m) => /^zgłoś/i.test(m))), `no marked Zgłoś: ${JSON.stringify(r)}`);
    const inTitle = await p.$eval('#search-results .search-result__title mark', (m) => m.textContent).catch(() => '');
    assert(/^zgłoś/i.test(inTitle), `the title's match is not marked: "${inTitle}"`);
  });

  await test('search: Urdu "گھریلو غلامی" finds Urdu pages, listed right to left', async () => {
    await p.goto(ORIGIN + '/ur/search/');
    await typeQuery('#search-q', 'گھریلو غلامی');
    const r = await results();
    assert(r.length > 0 && r.every((x) => x.href.startsWith('/ur/')), `results ${JSON.stringify(r.map((x) => x.href))}`);
    const dir = await p.$eval('#search-results', (l) => getComputedStyle(l).direction);
    assert(dir === 'rtl', `results are ${dir}`);
    assert(r.some((x) => x.marks.includes('غلامی')), `no marked غلامی: ${JSON.stringify(r)}`);
  });

  await test('search: keyboard only: arrows move through the results, Escape returns, Enter submits ?q=', async () => {
    await p.goto(ORIGIN + '/search/');
    await typeQuery('#search-q', 'signs');
    const hrefs = (await results()).map((x) => x.href);
    assert(hrefs.length >= 2, `only ${hrefs.length} results for signs`);
    const focused = () => p.evaluate(() => document.activeElement.getAttribute('href') || document.activeElement.id);
    await p.keyboard.press('ArrowDown');
    assert((await focused()) === hrefs[0], `ArrowDown focused ${await focused()}`);
    await p.keyboard.press('ArrowDown');
    assert((await focused()) === hrefs[1], `second ArrowDown focused ${await focused()}`);
    const ring = await p.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
    });
    assert(ring, 'the focused result has no visible focus indicator');
    await p.keyboard.press('Escape');
    assert((await focused()) === 'search-q', `Escape focused ${await focused()}`);
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => location.search === '?q=signs');
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('Enter');
    await p.waitForURL((u) => u.pathname === hrefs[0].split('#')[0]);
  });

  await test('search: excerpts are text with <mark>, never markup from the page or the query', async () => {
    await p.goto(ORIGIN + '/search/');
    await typeQuery('#search-q', '<img src=x onerror=alert(1)> signs');
    const imgs = await p.$$eval('main img', (l) => l.length);
    assert(imgs === 0, 'an image appeared on the page');
    assert((await status()).includes('“<img src=x onerror=alert(1)> signs”'), `status says "${await status()}"`);
    await typeQuery('#search-q', 'signs');
    const tags = await p.$$eval('#search-results .search-result__excerpt *', (l) => [...new Set(l.map((e) => e.tagName))]);
    assert(tags.every((t) => t === 'MARK'), `excerpt elements: ${tags}`);
  });

  await test('search: axe finds no violation on the search page with results', async () => {
    await p.goto(ORIGIN + '/search/');
    await typeQuery('#search-q', 'exploitation');
    const res = await axe(p);
    return res.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });

  await test('search: no request left the origin, and no request but the submitted page carries the query', async () => {
    const problems = requests.filter((u) => !isLocal(u)).map((u) => `request to another host: ${u}`);
    // The index's files are asked for by their names, never by what was typed.
    for (const q of ['cuck', 'cukooing', 'bolton', 'zglos', 'signs', 'qqqzzz', 'exploitation', 'غلامی']) {
      for (const u of requests.filter((r) => r.includes('/search-index/'))) {
        if (decodeURIComponent(u).toLowerCase().includes(q)) problems.push(`the query "${q}" is in ${u}`);
      }
    }
    // Only a submitted search page has the query in its address.
    for (const u of requests) {
      const url = new URL(u);
      if (url.search && !url.search.startsWith('?v=') && !(url.pathname.endsWith('/search/') && url.searchParams.has('q'))) {
        problems.push(`a request with a query string: ${u}`);
      }
    }
    const index = requests.filter((u) => u.includes('/search-index/'));
    if (index.length === 0) problems.push('no index file was requested');
    return problems;
  });

  await test('search: nothing is stored (no cookie, no localStorage, no sessionStorage)', async () => {
    const stored = await p.evaluate(() => localStorage.length + sessionStorage.length);
    const cookies = await ctx.cookies();
    const problems = [];
    if (stored) problems.push(`${stored} items in web storage`);
    if (cookies.length) problems.push(`cookies: ${JSON.stringify(cookies)}`);
    return problems;
  });

  await test('search: no JavaScript error on the search pages', async () => errors);
  await ctx.close();

  await test('search: the quick exit works on the search page with results', async () => {
    const { ctx: ectx } = await h.exitContext();
    try {
      const ep = await ectx.newPage();
      await ep.goto(ORIGIN + '/search/?q=signs');
      await ep.waitForSelector('#search-results .search-result');
      await h.clickAndReachExit(ep, await h.topExitButton(ep));
    } finally {
      await ectx.close();
    }
  });

  await test('search: without JavaScript the header box leads to the A to Z list', async () => {
    const nctx = await browser.newContext({ javaScriptEnabled: false });
    await nctx.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
    try {
      const np = await nctx.newPage();
      await np.goto(ORIGIN + '/');
      await np.fill('#site-search-q', 'bolton');
      await np.press('#site-search-q', 'Enter');
      await np.waitForURL(/\/search\/\?q=bolton$/);
      const links = await np.$$eval('.search-az a', (l) => l.map((a) => a.getAttribute('href')));
      assert(links.includes('/report/bolton/'), `the list has ${links.length} links, not /report/bolton/`);
      assert(await np.isVisible('.search-nojs'), 'the note that search needs JavaScript is hidden');
    } finally {
      await nctx.close();
    }
  });
}
