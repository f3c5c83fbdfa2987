// The dashboard page (web/) in a real browser: headless Chromium (Debian's package) through
// puppeteer-core, against nginx serving the page and the API on one origin, which is also the
// host's FRONTEND_URL. The demo user signs in with the prefilled details and sees the figures
// dashboard.overview answers, sorts and pages the campaigns, connects a connector the page knows
// nothing about through its form, connects Google Ads through the simulator's OAuth pages and
// watches it sync, then generates a report and downloads its PDF.
// Screenshots of each step: <test state>/dashboard_page_*/screenshots/ (scripts/test keeps the
// state folder on failure, or with ROI_KEEP_TEST_STATE=1).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import puppeteer from 'puppeteer-core';

import { connect, until } from '../support/e2e.mjs';
import { Simulator } from '../support/simulator.mjs';
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
  sim = await Simulator.start({ settings: { 'meta.days': 60, 'meta.campaigns': 7, 'google-ads.days': 60, 'google-ads.page_size': 25 } });
  const port = await freePort();
  stack = syncStack('dashboard_page', sim, { platforms: ['google-ads', 'meta'], port,
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

// What the page must show for an overview answer (web/src/format.ts, en-US).
function expectedKpis(overview, currency) {
  const t = overview.totals.find((x) => x.currency === currency);
  const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const money = (micros) => new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Number(micros) / 1e6);
  return {
    spend: money(t.spendMicros),
    platformRevenue: money(t.platformRevenueMicros),
    roas: t.roas === null ? '—' : `${decimal.format(t.roas)}×`,
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
  await page.waitForFunction(() => document.querySelector('#trends-chart').width > 0);
  await shot('02-overview');
});

test('the campaigns table sorts by a column and pages with the host\'s cursors', async () => {
  const { range } = await shownPeriod();
  const names = () => texts('#campaigns-table tbody td:first-child .name');
  const listing = (input) => api.dashboard.campaigns.query({ ...range, limit: 10, ...input });
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

test('a report is generated for the period on screen and its PDF downloads', async () => {
  await page.type('#report-form input[name=name]', 'Browser test report');
  await click('#generate');
  const row = '.report:first-child';
  await page.waitForFunction((r) => document.querySelector(`${r} .name`)?.textContent.startsWith('Browser test report'), { timeout: WAIT }, row);
  await page.waitForSelector(`${row} .download`, { visible: true, timeout: 120000 });
  const { range } = await shownPeriod();
  const [report] = (await api.reports.list.query({ limit: 1 })).items;
  assert.deepEqual([report.name, report.start, report.end, report.status], ['Browser test report', range.start, range.end, 'ready']);
  await shot('09-report-ready');
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
  await shot('10-checkout-cancelled');
  await click('#signout');
  await page.waitForSelector('#signin-form', { visible: true });
  assert.deepEqual(problems, []);
});
