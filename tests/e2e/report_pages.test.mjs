// Report PDFs checked by looking: a demo-like report (Google Ads and Meta in USD and EUR, a
// Shopify store, campaigns of the same name on two platforms), an empty one and one whose
// second currency has only store revenue. Every page is rendered to PNG and kept under
// <test state>/report-pages/ for a person to look at; the text of the pages is checked figure by
// figure against dashboard.overview and dashboard.campaigns, formatted the way the report
// formats numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { newUser } from '../support/e2e.mjs';
import { startStack } from '../support/stack.mjs';
import { waitForReport } from '../support/reports.mjs';

let stack;
let pages;

// 90 days; its previous period of equal length is 2024-01-02..2024-03-31 (seeded too).
const PERIOD = { start: '2024-04-01', end: '2024-06-29' };
const SEEDED = { from: '2024-01-01', to: '2024-06-30' };

// As the report writes numbers (modules/reports/report_format.cpp).
const grouped = (v, digits) => {
  const [whole, frac] = Math.abs(v).toFixed(digits).split('.');
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
};
const money = (micros, currency) => {
  const cents = Number((BigInt(micros) * 100n + (BigInt(micros) >= 0n ? 500000n : -500000n)) / 1000000n);
  return `${cents < 0 ? '-' : ''}${grouped(Math.abs(cents) / 100, 2)} ${currency}`;
};
const ratio = (v) => (v === null ? 'n/a' : grouped(v, 2));
const change = (v) => {
  if (v === null) return 'n/a';
  const r = Math.round(Math.abs(v * 100) * 10) / 10;
  return `${r === 0 ? '' : v > 0 ? '+' : '\u2212'}${grouped(r, 1)}%`;
};
const conversions = (v) => (Number.isInteger(v) ? grouped(v, 0) : grouped(v, 2));

// Ad accounts with campaigns whose daily figures vary by day (i: days since SEEDED.from) and
// grow by `growth` in the report's period; a store's daily orders.
const DEMO = {
  ads: [
    { platform: 'google-ads', account: 'Google Ads Account 1', currency: 'USD', campaigns: [
      ['Brand 1', 420, 5.2, 1.0], ['Generic Search 2', 610, 2.1, 1.0], ['Shopping 3', 380, 3.4, 1.25],
      ['Soldes d\'été "VIP" – 4', 140, 1.6, 0.8]] },
    { platform: 'meta', account: 'Meta Ad Account 1', currency: 'USD', campaigns: [
      ['Brand 1', 300, 2.8, 1.7], ['Prospecting 2', 520, 1.3, 1.9], ['Retargeting 3', 160, 4.1, 1.0]] },
    { platform: 'google-ads', account: 'Google Ads Account 2', currency: 'EUR', campaigns: [
      ['Brand 1', 260, 4.4, 1.0], ['Generic Search 2', 390, 1.9, 1.3]] },
    { platform: 'meta', account: 'Meta Ad Account 2', currency: 'EUR', campaigns: [
      ['Prospecting 1', 240, 1.2, 1.5], ['Catalogue 2', 170, 2.6, 0.9]] },
  ],
  stores: [{ platform: 'shopify', account: 'demo-store.myshopify.com', orders: [['USD', 310], ['EUR', 95]] }],
};
// A second currency with store revenue only (GBP orders, no GBP ad account).
const MULTI = {
  ads: [{ platform: 'meta', account: 'Meta Ad Account 1', currency: 'USD', campaigns: [
    ['Prospecting 1', 200, 2.5, 1.0], ['Retargeting 2', 80, 3.5, 1.2]] }],
  stores: [{ platform: 'shopify', account: 'uk-store.myshopify.com', orders: [['USD', 420], ['GBP', 150]] }],
};

function seed(user, { ads, stores }) {
  const sql = [];
  const integrations = [];
  const integration = (platform, account) => {
    const [[id]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, account_name)
      VALUES (${user.id}, '${platform}', 'acct-${integrations.length}', '${account}') RETURNING id`);
    integrations.push(id);
    return id;
  };
  const quote = (s) => `'${s.replaceAll("'", "''")}'`;
  let n = 0;
  for (const a of ads) {
    const iid = integration(a.platform, a.account);
    for (const [name, dailySpend, roas, growth] of a.campaigns) {
      n += 1;
      const [[cid]] = stack.sql(`INSERT INTO campaigns (integration_id, external_id, name, platform, status, currency)
        VALUES (${iid}, 'c${n}', ${quote(name)}, '${a.platform}', 'active', '${a.currency}') RETURNING id`);
      // Weekly rhythm plus noise from the campaign number; a weekday dip every 9th day with no
      // conversions; Meta reports fractional conversions.
      const scale = `(CASE WHEN d >= '${PERIOD.start}' THEN ${growth} ELSE 1 END)`;
      const wave = `(1 + 0.25 * sin(i / 3.5 + ${n}) + 0.1 * cos(i * ${n} / 5.0))`;
      const spend = `round(${dailySpend} * ${scale} * ${wave} * 1000000)::bigint`;
      const conv = a.platform === 'meta' ? `round(${dailySpend} * ${wave} * 37 / (${n} + 4))::bigint`
        : `round(${dailySpend} * ${wave} / (${n} + 9))::bigint * 1000`;
      sql.push(`INSERT INTO daily_metrics (campaign_id, date, spend_micros, impressions, clicks, conversions_milli, revenue_micros)
        SELECT ${cid}, d, ${spend}, round(${dailySpend} * ${wave} * 90)::bigint, round(${dailySpend} * ${wave} * 1.9)::bigint,
               CASE WHEN (i + ${n}) % 9 = 0 OR i % 23 = 7 THEN 0 ELSE ${conv} END,
               round(${spend} * ${roas} * (1 + 0.2 * sin(i / 2.0 + ${n})))::bigint
        FROM (SELECT d::date AS d, (d::date - '${SEEDED.from}'::date) AS i
                FROM generate_series('${SEEDED.from}'::date, '${SEEDED.to}'::date, interval '1 day') d) days;`);
    }
  }
  for (const s of stores) {
    const iid = integration(s.platform, s.account);
    for (const [currency, daily] of s.orders) {
      n += 1;
      // The first order of a day came from a Google ad (its campaign named by id on even days,
      // by name on odd ones), the second from Meta (campaign c6 when there is one), the third
      // from nowhere known.
      sql.push(`INSERT INTO orders (integration_id, external_id, ordered_at, currency, gross_micros, utm_source, utm_campaign)
        SELECT ${iid}, '${currency}-' || k || '-' || d::date, d + interval '10 hours' + k * interval '1 hour', '${currency}',
               round(${daily} / 3.0 * (1 + 0.3 * sin(k + (d::date - '${SEEDED.from}'::date) / 4.0)) * 1000000)::bigint,
               (ARRAY['google', 'facebook', NULL])[k],
               CASE k WHEN 1 THEN CASE WHEN extract(day FROM d)::int % 2 = 0 THEN 'c1' ELSE ' shopping 3' END
                      WHEN 2 THEN 'c6' END
        FROM generate_series('${SEEDED.from}'::date, '${SEEDED.to}'::date, interval '1 day') d, generate_series(1, 3) k;`);
    }
  }
  sql.push(`SELECT attribution_rematch(${user.id});`);
  sql.push(...integrations.map((id) => `SELECT dashboard_refresh(${id}, '-infinity', 'infinity');`));
  stack.sql(`BEGIN; ${sql.join('\n')} COMMIT;`);
}

// Generates the report, downloads its PDF and renders every page to PNG; returns its text by page.
async function render(user, name, period) {
  const { id } = await user.api.reports.generate.mutate({ name, ...period });
  const report = await waitForReport(stack, user.api, id);
  assert.equal(report.status, 'ready');
  const { url } = await user.api.reports.getPdf.query({ id });
  const file = path.join(pages, `${name}.pdf`);
  fs.writeFileSync(file, Buffer.from(await (await fetch(`${stack.url}${url}`)).arrayBuffer()));
  execFileSync('pdftoppm', ['-png', '-r', '80', file, path.join(pages, name)]);
  const count = Number(execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)[1]);
  const text = [];
  for (let p = 1; p <= count; p++) {
    text.push(execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' }));
  }
  return { report, text, pngs: fs.readdirSync(pages).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')) };
}

const has = (page, figure, where) => assert.ok(page.includes(figure), `${where} lacks ${figure}:\n${page}`);

// Every figure of the key-figures table, the platform table and the top campaigns of each
// currency's section, against the dashboard's own answers.
async function assertFigures(user, text) {
  const overview = await user.api.dashboard.overview.query({ ...PERIOD, compare: true });
  const { items } = await user.api.dashboard.campaigns.query({ ...PERIOD, sortBy: 'spend', limit: 200 });
  const currencies = overview.totals.filter((t) => t.spendMicros !== '0' || t.storeRevenueMicros !== '0');
  for (const now of currencies) {
    const c = now.currency;
    const start = text.findIndex((p) => p.includes(`Figures in ${c}`));
    assert.ok(start >= 0, `no section for ${c}`);
    const section = text.slice(start).join('\n').split(/Figures in [A-Z]{3}/)[1];
    const before = overview.previous.totals.find((t) => t.currency === c) ?? {};
    const delta = overview.change.find((t) => t.currency === c);
    const rows = [
      ['Spend', (t) => money(t.spendMicros ?? 0, c), 'spend'],
      ['Platform revenue', (t) => money(t.platformRevenueMicros ?? 0, c), 'platformRevenue'],
      ['Store revenue', (t) => money(t.storeRevenueMicros ?? 0, c), 'storeRevenue'],
      ['Platform ROAS', (t) => ratio(t.roas ?? null), 'roas'],
      ['Blended ROAS', (t) => ratio(t.blendedRoas ?? null), 'blendedRoas'],
      ['Conversions', (t) => conversions(t.conversions ?? 0), 'conversions'],
      ['CPA', (t) => (t.cpa == null ? 'n/a' : `${grouped(t.cpa, 2)} ${c}`), 'cpa'],
      ['Clicks', (t) => grouped(t.clicks ?? 0, 0), 'clicks'],
      ['Impressions', (t) => grouped(t.impressions ?? 0, 0), 'impressions'],
      ['CTR', (t) => (t.ctr == null ? 'n/a' : `${grouped(t.ctr * 100, 2)}%`), 'ctr'],
      ['CPC', (t) => (t.cpc == null ? 'n/a' : `${grouped(t.cpc, 2)} ${c}`), 'cpc'],
    ];
    for (const [label, show, key] of rows) {
      const line = section.split('\n').find((l) => l.trim().startsWith(`${label}  `));
      assert.ok(line, `${c}: no ${label} row`);
      assert.deepEqual(line.trim().split(/\s{2,}/), [label, show(now), show(before), change(delta[key])], `${c} ${label}`);
    }
    for (const p of overview.platforms.filter((x) => x.currency === c && x.spendMicros !== '0')) {
      const label = p.platform.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
      const line = section.split('\n').find((l) => l.trim().startsWith(`${label}  `) && l.includes(money(p.spendMicros, c)));
      assert.ok(line, `${c}: no ${label} row`);
      const cells = line.trim().split(/\s{2,}/);
      assert.equal(cells[1], money(p.spendMicros, c));
      assert.equal(cells[2], `${grouped(Number(p.spendMicros) / Number(now.spendMicros) * 100, 1)}%`);
      assert.equal(cells[4], money(p.platformRevenueMicros, c));
      assert.equal(cells[5], ratio(p.roas));
    }
    // Platform claims against attributed orders: per platform, then the store's unexplained part.
    for (const p of overview.platforms.filter((x) => x.currency === c && x.spendMicros !== '0')) {
      const label = p.platform.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
      const line = section.split('\n').find((l) => l.trim().startsWith(`${label}  `)
        && l.trim().split(/\s{2,}/)[1] === money(p.platformRevenueMicros, c));
      assert.ok(line, `${c}: no attribution row for ${label}`);
      assert.deepEqual(line.trim().split(/\s{2,}/), [label, money(p.platformRevenueMicros, c), money(p.attributedRevenueMicros, c),
        grouped(p.attributedOrders, 0), money(BigInt(p.platformRevenueMicros) - BigInt(p.attributedRevenueMicros), c),
        ratio(p.attributedRoas)], `${c} ${label} attribution`);
    }
    const store = now.storeRevenueMicros;
    // A currency without ad spend has no platform claims to set beside its orders.
    if (now.spendMicros !== '0') has(section.replace(/\s+/g, ' '), `Store revenue no campaign explains: ${money(now.unexplainedRevenueMicros, c)} of ${money(store, c)}.`, `${c} section`);
    for (const k of items.filter((x) => x.currency === c && x.spendMicros !== '0').slice(0, 12)) {
      const line = section.split('\n').find((l) => l.includes(money(k.spendMicros, c)) && l.trim().startsWith(k.name));
      assert.ok(line, `${c}: no campaign row for ${k.name} ${money(k.spendMicros, c)}`);
      const cells = line.trim().split(/\s{2,}/);
      assert.equal(cells.at(-3), conversions(k.conversions));
      assert.equal(cells.at(-2), k.cpa == null ? 'n/a' : `${grouped(k.cpa, 2)} ${c}`);
      assert.equal(cells.at(-1), ratio(k.roas));
    }
  }
  return currencies.map((t) => t.currency);
}

before(async () => {
  stack = await startStack('report_pages', { env: { ROI_BCRYPT_COST: '4', ROI_REPORTS_POLL_MS: '100' } });
  pages = path.join(stack.state, 'report-pages');
  fs.mkdirSync(pages, { recursive: true });
});
after(async () => { await stack?.stop(); });

test('a demo report has a section per currency whose figures are the dashboard\'s', async () => {
  const user = await newUser(stack);
  seed(user, DEMO);
  const { report, text, pngs } = await render(user, 'demo', PERIOD);
  assert.equal(pngs.length, text.length);
  assert.deepEqual(await assertFigures(user, text), ['EUR', 'USD']);
  // The cover: every currency at a glance, the findings, and why no AI reading is there.
  has(text[0], 'At a glance', 'cover');
  has(text[0], 'No AI service is configured', 'cover');
  // The cover's foot is not left empty: the first currency's header and key figures fit there.
  has(text[0], 'Figures in USD', 'cover');
  has(text[0], 'Key figures', 'cover');
  assert.ok(!text.join('').includes('not included'));
  const kinds = report.insights.map((i) => i.kind);
  for (const k of ['attribution_gap', 'spend_shift', 'cpa_rising', 'zero_conversion_days', 'spend_concentration']) {
    assert.ok(kinds.includes(k), `${k} missing from ${kinds}`);
  }
  // Each finding is printed in its currency's section; campaigns name platform and account.
  for (const i of report.insights) assert.ok(['USD', 'EUR'].includes(i.currency), i.text);
  const all = text.join('\n').replace(/\s+/g, ' ');
  for (const i of report.insights) has(all, i.text.slice(0, 40), 'report');
  has(all, 'Google Ads · Google Ads Account 1', 'campaign table');
  has(all, 'Meta · Meta Ad Account 1', 'campaign table');
  // Orders were attributed to USD campaigns only; the largest gaps name campaigns.
  const usd = sectionText(text, 'USD');
  has(usd, 'Platform claims against attributed orders', 'USD section');
  has(usd, 'Campaigns with the largest gap', 'USD section');
  const { items } = await user.api.dashboard.campaigns.query({ ...PERIOD, sortBy: 'attributedRevenue', limit: 3 });
  assert.ok(BigInt(items[0].attributedRevenueMicros) > 0n, JSON.stringify(items[0]));
});

// The text of a currency's section.
function sectionText(text, currency) {
  return text.slice(text.findIndex((p) => p.includes(`Figures in ${currency}`))).join('\n').split(/Figures in [A-Z]{3}/)[1];
}

test('an empty period says so in words and draws no chart', async () => {
  const user = await newUser(stack);
  const { report, text } = await render(user, 'empty', { start: '2024-03-01', end: '2024-03-07' });
  assert.equal(text.length, 1);
  has(text[0], 'Nothing to report for this period', 'empty report');
  has(text[0], 'No ad spend or store revenue was recorded from 1 Mar 2024 to 7 Mar 2024', 'empty report');
  assert.ok(!text[0].includes('0.00'), text[0]);
  assert.ok(!text[0].includes('()'), text[0]);
  assert.deepEqual(report.insights.map((i) => i.kind), ['no_data']);
});

test('a currency with only store revenue gets its own section, never dropped', async () => {
  const user = await newUser(stack);
  seed(user, MULTI);
  const { report, text } = await render(user, 'multi', PERIOD);
  assert.deepEqual(await assertFigures(user, text), ['GBP', 'USD']);
  const gbp = text.slice(text.findIndex((p) => p.includes('Figures in GBP'))).join('\n');
  has(gbp, 'No ad spend in GBP this period', 'GBP section');
  assert.ok(report.insights.some((i) => i.kind === 'no_spend' && i.currency === 'GBP'));
});
