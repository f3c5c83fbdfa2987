// The dashboard page (web/) in a real browser: headless Chromium (Debian's package) through
// puppeteer-core, against nginx serving the page and the API on one origin, which is also the
// host's FRONTEND_URL. The demo user signs in with the prefilled details and sees the figures
// dashboard.overview answers, sorts and pages the campaigns, connects a connector the page knows
// nothing about through its form, connects Google Ads through the simulator's OAuth pages and
// watches it sync, connects a Shopify store through the API (its card shows it in the refresh that
// brings its figures) and reads, beside the platforms' claims, what the store's orders attribute
// to each platform and campaign (exactly the simulator's expected figures), switches currency
// tabs, then generates a report and downloads its PDF.
// Screenshots of each step: <test state>/dashboard_page_*/screenshots/ (scripts/test keeps the
// state folder on failure, or with ROI_KEEP_TEST_STATE=1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import puppeteer from 'puppeteer-core';

import { callback, connect, until } from '../support/e2e.mjs';
import { Simulator, decimalToMicros } from '../support/simulator.mjs';
import { freePort } from '../support/stack.mjs';
import { lastRun, syncStack } from '../support/sync.mjs';
import { trpcClient } from '../support/trpc.mjs';

const CHROMIUM = process.env.ROI_CHROMIUM ?? '/usr/bin/chromium';
const DEMO = { email: 'demo@example.com', password: 'demo password' };  // what the page prefills
const WAIT = 60000;

let sim;
let stack;
let api;
let browser;
let page;
let shots;
let downloads;
const problems = [];  // uncaught page errors and refused resources (CSP) seen anywhere

before(async () => {
  // One account per ad platform (in USD): the store's visitors name campaigns of the first one,
  // and with a single account every campaign name is the platform's only one.
  sim = await Simulator.start({ settings: {
    'meta.days': 60, 'meta.accounts': 1, 'meta.campaigns': 14, 'google-ads.days': 60, 'google-ads.accounts': 1,
    'google-ads.page_size': 25, 'shopify.days': 30,
  } });
  const port = await freePort();
  stack = syncStack('dashboard_page', sim, { platforms: ['google-ads', 'meta', 'shopify'], port,
    env: { FRONTEND_URL: `http://127.0.0.1:${port}` } });
  fs.copyFileSync(path.join(process.env.ROI_FAKE_CONNECTOR_DIR, 'form_connector.so'), path.join(stack.pluginsDir, 'form.so'));
  await stack.start();
  shots = path.join(stack.state, 'screenshots');
  downloads = path.join(stack.state, 'downloads');
  fs.mkdirSync(shots, { recursive: true });
  fs.mkdirSync(downloads, { recursive: true });

  // The demo user, as `make run` makes it: on Pro, with Meta connected and synced.
  const reg = await trpcClient(stack.url).auth.register.mutate(DEMO);
  stack.sql(`INSERT INTO subscriptions (user_id, plan, status) VALUES (${reg.user.id}, 'pro', 'active')`);
  api = trpcClient(stack.url, reg.token);
  assert.equal((await connect(stack, api, 'meta')).get('status'), 'connected');
  for (const i of await api.integrations.list.query()) {
    if (!i.sync) await api.integrations.sync.mutate({ integrationId: i.id });
    await until(`sync of ${i.accountId}`, () => lastRun(api, i.id), 120000);
  }

  browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true,
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--lang=en-US'],
  });
  const cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
  });
  page.on('dialog', (d) => d.accept());  // "Disconnect ...?"
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  await sim?.stop();
  if (shots) console.log(`screenshots: ${shots}`);
});

// The whole page from the top (the sticky top bar would otherwise sit where the last click was).
async function shot(name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}
const text = (selector) => page.$eval(selector, (el) => el.textContent.trim());
const texts = (selector) => page.$$eval(selector, (els) => els.map((el) => el.textContent.trim()));
// Clicks in the page in one step: the account list re-renders while it polls, so a node found
// first and clicked later may be gone by then.
async function click(selector) {
  await page.waitForSelector(selector, { visible: true, timeout: WAIT });
  await page.$eval(selector, (el) => el.click());
}

// Figures as the page writes them (web/src/format.ts, en-US).
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const moneyIn = (currency) => (micros) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Number(micros) / 1e6);
const ratio = (n) => (n === null ? '—' : `${decimal.format(n)}×`);

// What the page must show for an overview answer.
function expectedKpis(overview, currency) {
  const t = overview.totals.find((x) => x.currency === currency);
  const money = moneyIn(currency);
  return {
    spend: money(t.spendMicros),
    platformRevenue: money(t.platformRevenueMicros),
    roas: ratio(t.roas),
    conversions: decimal.format(t.conversions),
    clicks: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(t.clicks),
  };
}

async function shownKpis() {
  return page.$$eval('.kpi', (els) => Object.fromEntries(els.map((el) => [el.dataset.metric, el.querySelector('.value').textContent])));
}

// The period on screen, and the currency its figures are in (the one spent most in).
async function shownPeriod() {
  const range = await page.evaluate(() => ({ start: document.getElementById('start').value, end: document.getElementById('end').value }));
  const overview = await api.dashboard.overview.query({ ...range, compare: true });
  const currency = [...overview.totals].sort((a, b) => Number(BigInt(b.spendMicros) - BigInt(a.spendMicros)))[0].currency;
  return { range, overview, currency };
}

// Waits until the KPI cards show what dashboard.overview answers now for the period on screen.
async function kpisMatchOverview() {
  let last;
  await until('the figures of dashboard.overview on the page', async () => {
    const { overview, currency } = await shownPeriod();
    const expected = expectedKpis(overview, currency);
    const shown = await shownKpis();
    last = { expected, shown };
    return Object.entries(expected).every(([k, v]) => shown[k] === v);
  }, WAIT).catch((e) => {
    throw new Error(`${e.message}: ${JSON.stringify(last)}`);
  });
  return last.expected;
}

test('nginx serves the page at / with its own-origin-only policy, and nothing at other paths', async () => {
  const index = await fetch(`${stack.url}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /^text\/html/);
  assert.match(index.headers.get('content-security-policy'), /default-src 'self'/);
  assert.match((await fetch(`${stack.url}/app.js`)).headers.get('content-type'), /^text\/javascript/);
  assert.equal((await fetch(`${stack.url}/nothing-here`)).status, 404);
  assert.equal((await fetch(`${stack.url}/healthz`)).status, 200);
});

test('the demo user signs in with the prefilled details and sees the figures dashboard.overview answers', async () => {
  await page.goto(`${stack.url}/`);
  await page.waitForSelector('#signin-form', { visible: true });
  assert.equal(await page.$eval('input[name=email]', (el) => el.value), DEMO.email);
  await shot('01-sign-in');
  await click('#signin-submit');
  await page.waitForSelector('.kpi[data-metric=spend]', { visible: true, timeout: WAIT });
  const expected = await kpisMatchOverview();
  assert.match(expected.spend, /[1-9]/, 'the demo has spend in the last 30 days');
  // The previous period is compared: the spend card says by how much it changed.
  const { overview, currency } = await shownPeriod();
  const change = overview.change.find((c) => c.currency === currency).spend;
  const delta = await text('.kpi[data-metric=spend] .delta');
  if (change === null) assert.match(delta, /no comparison/);
  else assert.ok(delta.includes(`${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(Math.abs(change) * 100)}%`), delta);
  assert.match(await text('#comparison'), /^Compared with /);
  assert.equal(await text('.plan-name'), 'Pro');
  // No store connected yet: the store's figures are not there, rather than zero.
  const shown = await shownKpis();
  for (const k of ['storeRevenue', 'blendedRoas', 'attributedRevenue', 'attributedRoas', 'unexplainedRevenue']) {
    assert.equal(shown[k], 'No store', k);
  }
  await page.waitForSelector('#campaigns-table tr[data-campaign]');
  for (const field of ['attributedOrders', 'attributedRevenue', 'attributedRoas']) {
    assert.deepEqual([...new Set(await texts(`#campaigns-table td[data-field=${field}]`))], ['No store'], field);
  }
  await page.waitForFunction(() => document.querySelector('#trends-chart').width > 0);
  await shot('02-overview');
});

test('the campaigns table sorts by a column and pages with the host\'s cursors', async () => {
  const { range, currency } = await shownPeriod();
  const names = () => texts('#campaigns-table tbody td:first-child .name');
  const listing = (input) => api.dashboard.campaigns.query({ ...range, currency, limit: 10, ...input });
  const bySpend = await listing({ sortBy: 'spend', sortDir: 'desc' });
  assert.ok(bySpend.total > 10, `enough campaigns to page (${bySpend.total})`);
  assert.deepEqual(await names(), bySpend.items.map((c) => c.name));
  assert.equal(await text('#campaigns-range'), `1–10 of ${bySpend.total}`);

  await click('#campaigns-table th[data-sort=name] button');
  await page.waitForSelector('#campaigns-table th[data-sort=name][aria-sort=ascending]');
  const byName = await listing({ sortBy: 'name', sortDir: 'asc' });
  assert.deepEqual(await names(), byName.items.map((c) => c.name));

  await click('#campaigns-pager button:last-child');  // Next
  await page.waitForFunction((t) => document.getElementById('campaigns-range').textContent.startsWith('11–'), {}, bySpend.total);
  const second = await listing({ sortBy: 'name', sortDir: 'asc', cursor: byName.nextCursor });
  assert.deepEqual(await names(), second.items.map((c) => c.name));
  await shot('03-campaigns-page-2');
  await click('#campaigns-pager button:nth-of-type(1)');  // Previous
  await page.waitForFunction(() => document.getElementById('campaigns-range').textContent.startsWith('1–'));
  assert.deepEqual(await names(), byName.items.map((c) => c.name));
});

test('a connector the page has never heard of is connected through the form its JSON Schema describes', async () => {
  const card = '.platform[data-platform=form-test]';
  await click(`${card} .connect`);
  await page.waitForSelector(`${card} form input[name=api_key][type=password][required]`, { visible: true });
  assert.deepEqual(await page.$$eval(`${card} select[name=region] option`, (o) => o.map((x) => x.value)), ['', 'eu', 'us']);
  await page.type(`${card} input[name=api_key]`, 'good-key');
  await page.select(`${card} select[name=region]`, 'us');
  await shot('04-form-connector');
  await click(`${card} form button[type=submit]`);
  await page.waitForFunction((c) => document.querySelectorAll(`${c} .account`).length === 2, { timeout: WAIT }, card);
  assert.match(await text('.notice.success'), /Form Test is connected \(Form One, Form Two\)/);
  assert.deepEqual((await api.integrations.list.query()).filter((i) => i.platform === 'form-test').map((i) => i.accountId).sort(), ['f-1', 'f-2']);

  await click(`${card} .account .disconnect`);
  await page.waitForFunction((c) => document.querySelectorAll(`${c} .account`).length === 1, { timeout: WAIT }, card);
  assert.equal((await api.integrations.list.query()).filter((i) => i.platform === 'form-test' && i.status !== 'disconnected').length, 1);
  // The plan's usage follows.
  const { usage, limits } = await api.subscription.current.query();
  await page.waitForFunction((t) => document.querySelector('.usage .muted')?.textContent === t, { timeout: WAIT },
    `${usage.integrations} of ${limits.integrations}`);
  await shot('05-form-connector-connected');
});

test('Google Ads is connected through the simulator\'s OAuth pages and syncs while the page shows its progress', async () => {
  const card = '.platform[data-platform=google-ads]';
  await Promise.all([page.waitForNavigation(), click(`${card} .connect`)]);
  assert.ok(page.url().startsWith(`${sim.url}/`), `at the platform's consent page: ${page.url()}`);
  await shot('06-oauth-consent');
  // Every Google call takes two seconds until the page has been seen syncing (the sync reads
  // pages of 25 rows, so it runs for many polls of the page).
  await sim.fault({ platform: 'google-ads', kind: 'slow', delay_ms: 2000, count: -1 });
  await Promise.all([page.waitForNavigation({ timeout: WAIT }), click('#approve')]);
  assert.equal(new URL(page.url()).origin, stack.url, 'back on the dashboard');
  await page.waitForSelector('.notice.success', { visible: true, timeout: WAIT });
  assert.match(await text('.notice.success'), /Google Ads is connected/);
  assert.equal(new URL(page.url()).search, '', 'the outcome is shown once, not kept in the address');
  // The account's first sync: queued by the connect, or else started here.
  await page.waitForSelector(`${card} .account .sync-status`, { visible: true, timeout: WAIT });
  if (await text(`${card} .account .sync-status`) === 'Not synced yet') await click(`${card} .account .sync`);
  await page.waitForFunction((c) => /^Syncing/.test(document.querySelector(`${c} .sync-status.running span`)?.textContent ?? ''),
    { timeout: 120000 }, card);
  await shot('07-syncing');
  await sim.clearFaults('google-ads');
  await page.waitForSelector(`${card} .sync-status.done`, { visible: true, timeout: 120000 });
  assert.match(await text(`${card} .sync-status.done`), /^Synced .* rows in/);
  // The finished sync refreshed the figures: they include Google Ads now.
  await kpisMatchOverview();
  const { overview, currency } = await shownPeriod();
  assert.ok(overview.platforms.some((p) => p.platform === 'google-ads' && p.currency === currency && BigInt(p.spendMicros) > 0n));
  await page.waitForSelector('#by-platform tr[data-platform=google-ads]');
  await shot('08-synced');
});

// The period's dates typed into the page's date fields, as a marketer picks them.
async function pickRange(range) {
  for (const [id, value] of Object.entries({ start: range.start, end: range.end })) {
    await page.$eval(`#${id}`, (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('change'));
    }, value);
  }
}

// What the page shows of the store, each time it changes: the Shopify card's accounts and button,
// and the store revenue card (a MutationObserver's callback sees the page as one refresh left it).
async function watchStore() {
  await page.evaluate(() => {
    const now = () => {
      const card = document.querySelector('.platform[data-platform=shopify]');
      return {
        accounts: card?.querySelectorAll('.account').length ?? 0,
        button: card?.querySelector('.connect')?.textContent ?? null,
        figures: document.querySelector('.kpi[data-metric=storeRevenue] .value')?.textContent ?? null,
      };
    };
    const seen = [now()];
    window.storeSeen = seen;
    new MutationObserver(() => {
      const s = now();
      if (JSON.stringify(s) !== JSON.stringify(seen.at(-1))) seen.push(s);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

let shop;
let store;
let expected;

test('a store connected through the API shows on its card in the refresh that brings its figures, and the two never disagree', async () => {
  for (let i = 0; ; i++) {
    shop = `page-shop-${i}.myshopify.com`;
    if ((await sim.shopifyOrders(shop)).currency === 'USD') break;
  }
  await watchStore();
  const { authorizeUrl } = await api.integrations.connectShopify.mutate({ shop });
  assert.equal((await callback(stack, await sim.shopifyAuthorize(authorizeUrl))).get('status'), 'connected');
  store = (await api.integrations.list.query()).find((i) => i.platform === 'shopify');
  const run = await until('the store\'s first sync', () => lastRun(api, store.id), 120000);
  assert.equal(run.outcome, 'succeeded', run.error ?? '');

  // The period picked refreshes the figures: the store's are there, and its card says so already.
  expected = await sim.shopifyExpected(shop);
  await pickRange({ start: expected.since, end: expected.until });
  await kpisMatchOverview();
  const card = '.platform[data-platform=shopify]';
  assert.equal(await text(`${card} .connect`), 'Connect another');
  assert.deepEqual(await page.$$eval(`${card} .account`, (els) => els.map((el) => Number(el.dataset.integration))), [store.id]);
  await shot('09-store-connected');

  // Every state the page went through: no store anywhere, then the store on the card and in the
  // figures at once (never one without the other, whichever refresh brought it).
  const seen = (await page.evaluate(() => window.storeSeen)).filter((s) => s.figures !== null);
  const log = JSON.stringify(seen);
  assert.deepEqual(seen[0], { accounts: 0, button: 'Connect', figures: 'No store' }, log);
  const first = seen.findIndex((s) => s.figures !== 'No store');
  assert.ok(first > 0, `the store's figures appeared: ${log}`);
  assert.equal(seen[first].accounts, 1, `the card shows the store in the refresh its figures appear in: ${log}`);
  for (const s of seen) assert.equal(s.accounts > 0, s.figures !== 'No store', `the card and the figures agree: ${log}`);
});

test('a connected store\'s orders show beside the platforms\' claims, per platform and campaign, exactly as the simulator attributes them', async () => {
  const { attribution } = expected;
  const { overview, currency } = await shownPeriod();
  assert.equal(currency, 'USD');
  const money = moneyIn(currency);
  const usd = overview.totals.find((t) => t.currency === currency);
  const kpis = await shownKpis();
  assert.equal(kpis.attributedRevenue, money(usd.attributedRevenueMicros));
  assert.equal(kpis.unexplainedRevenue, money(decimalToMicros(attribution.unexplained.USD.net)));
  assert.equal(kpis.storeRevenue, money(usd.storeRevenueMicros));
  assert.equal(kpis.blendedRoas, ratio(usd.blendedRoas));

  // Per platform: what the store's orders attribute to it, to the micro of the simulator's truth.
  const cell = (platform, field) => text(`#by-platform tr[data-platform=${platform}] td[data-field=${field}]`);
  for (const [platform, currencies] of Object.entries(attribution.platforms)) {
    if (!currencies.USD) continue;
    await page.waitForSelector(`#by-platform tr[data-platform=${platform}]`);
    assert.equal(await cell(platform, 'attributedRevenue'), money(decimalToMicros(currencies.USD.net)), platform);
  }
  assert.equal(await cell('shopify', 'unexplainedRevenue'), money(decimalToMicros(attribution.unexplained.USD.net)));
  // A column that does not apply to a platform shows a dash, not a zero that reads as a figure.
  assert.equal(await cell('google-ads', 'storeRevenue'), '—');
  assert.equal(await cell('google-ads', 'unexplainedRevenue'), '—');
  assert.equal(await cell('shopify', 'spend'), '—');
  assert.equal(await cell('shopify', 'attributedRevenue'), '—');

  // Per campaign, sorted by attributed revenue: each row's attributed orders, revenue and ROAS.
  await click('#campaigns-table th[data-sort=attributedRevenue] button');
  await page.waitForSelector('#campaigns-table th[data-sort=attributedRevenue][aria-sort=descending]');
  const external = new Map(stack.sql(`SELECT c.id, c.external_id FROM campaigns c JOIN integrations i ON i.id = c.integration_id
    WHERE i.user_id = (SELECT user_id FROM integrations WHERE id = ${store.id})`).map(([id, ext]) => [ext, Number(id)]));
  const truth = attribution.campaigns.filter((c) => external.has(c.id))
    .sort((a, b) => Number(decimalToMicros(b.net) - decimalToMicros(a.net)));
  assert.ok(truth.length > 0, 'the simulator names synced campaigns');
  const rows = await page.$$eval('#campaigns-table tbody tr', (trs) => trs.map((tr) => ({
    id: Number(tr.dataset.campaign),
    orders: tr.querySelector('[data-field=attributedOrders]').textContent,
    revenue: tr.querySelector('[data-field=attributedRevenue]').textContent,
    roas: tr.querySelector('[data-field=attributedRoas]').textContent,
  })));
  const listing = await api.dashboard.campaigns.query({ ...(await shownPeriod()).range, currency, limit: 10, sortBy: 'attributedRevenue', sortDir: 'desc' });
  assert.deepEqual(rows.map((r) => r.id), listing.items.map((c) => c.id));
  for (const c of truth.slice(0, rows.length)) {
    const row = rows.find((r) => r.id === external.get(c.id));
    assert.ok(row, `campaign ${c.name} among the first page's rows`);
    const spend = BigInt(listing.items.find((x) => x.id === row.id).spendMicros);
    assert.equal(row.revenue, money(decimalToMicros(c.net)), c.name);
    assert.equal(row.orders, new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(c.orders), c.name);
    assert.equal(row.roas, ratio(spend === 0n ? null : Number(decimalToMicros(c.net)) / Number(spend)), c.name);
  }
  await page.waitForFunction(() => document.querySelector('#trends-chart').width > 0);
  await shot('10-attributed');
});

test('each currency tab lists only that currency\'s campaigns', async () => {
  // A second ad account in euros, as a sync would have written it.
  const user = stack.sql(`SELECT user_id FROM integrations WHERE platform = 'shopify'`)[0][0];
  const { range } = await shownPeriod();
  stack.sql(`WITH i AS (INSERT INTO integrations (user_id, platform, account_id, account_name)
      VALUES (${user}, 'meta', 'eur-account', 'Euro account') RETURNING id),
    c AS (INSERT INTO campaigns (integration_id, external_id, name, platform, status, currency)
      SELECT id, 'eur-1', 'Lancement Europe', 'meta', 'active', 'EUR' FROM i RETURNING id)
    INSERT INTO daily_metrics (campaign_id, date, spend_micros, impressions, clicks, conversions_milli, revenue_micros)
      SELECT c.id, d::date, 1000000, 1000, 10, 1000, 1500000 FROM c, generate_series(DATE '${range.start}', DATE '${range.end}', '1 day') d`);
  stack.sql(`SELECT dashboard_refresh(id, '${range.start}', '${range.end}') FROM integrations WHERE account_id = 'eur-account'`);
  // Written past the host, so heard through the change feed, a moment later (a sync's chunk
  // settles instead); until then the host may answer from its cache, and the page asks once.
  await until('the host to answer with the euro account', async () =>
    (await api.dashboard.overview.query({ ...range, compare: true })).totals.some((t) => t.currency === 'EUR'), WAIT);
  await pickRange(range);
  await page.waitForSelector('#currency button:nth-of-type(2)', { visible: true, timeout: WAIT });
  assert.deepEqual(await texts('#currency button'), ['USD', 'EUR']);
  const ids = () => page.$$eval('#campaigns-table tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.campaign)));
  const [eur] = stack.sql(`SELECT id FROM campaigns WHERE external_id = 'eur-1'`)[0];
  await until("the USD tab's campaigns", async () => {
    const listing = await api.dashboard.campaigns.query({ ...range, currency: 'USD', limit: 10, sortBy: 'attributedRevenue', sortDir: 'desc' });
    return JSON.stringify(await ids()) === JSON.stringify(listing.items.map((c) => c.id));
  }, WAIT);
  assert.ok(!(await ids()).includes(Number(eur)));
  await click('#currency button:nth-of-type(2)');
  await page.waitForFunction((id) => {
    const rows = [...document.querySelectorAll('#campaigns-table tbody tr')];
    return rows.length === 1 && rows[0].dataset.campaign === id;
  }, { timeout: WAIT }, String(eur));
  assert.equal(await text('#campaigns-table tbody tr [data-field=attributedRevenue]'), '€0.00');
  await shot('11-eur-tab');
  await click('#currency button:nth-of-type(1)');
  await page.waitForFunction(() => document.querySelectorAll('#campaigns-table tbody tr').length > 1, { timeout: WAIT });
});

test('a report is generated for the period on screen and its PDF downloads', async () => {
  await page.type('#report-form input[name=name]', 'Browser test report');
  await click('#generate');
  const row = '.report:first-child';
  await page.waitForFunction((r) => document.querySelector(`${r} .name`)?.textContent.startsWith('Browser test report'), { timeout: WAIT }, row);
  await page.waitForSelector(`${row} .download`, { visible: true, timeout: 120000 });
  const { range } = await shownPeriod();
  const [report] = (await api.reports.list.query({ limit: 1 })).items;
  assert.deepEqual([report.name, report.start, report.end, report.status], ['Browser test report', range.start, range.end, 'ready']);
  await shot('12-report-ready');
  await click(`${row} .download`);
  const file = path.join(downloads, `report-${report.id}.pdf`);
  await until('the downloaded PDF', () => fs.existsSync(file) && fs.statSync(file).size > 0, WAIT);
  assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
});

test('a checkout that comes back cancelled is said so once, and signing out shows the sign-in form', async () => {
  await page.goto(`${stack.url}/?checkout=cancel`);
  await page.waitForSelector('.notice.info', { visible: true, timeout: WAIT });
  assert.match(await text('.notice.info'), /Checkout was cancelled/);
  assert.equal(new URL(page.url()).search, '');
  await page.waitForSelector('.kpi[data-metric=spend]', { visible: true, timeout: WAIT });
  await shot('13-checkout-cancelled');
  await click('#signout');
  await page.waitForSelector('#signin-form', { visible: true });
  assert.deepEqual(problems, []);
});
