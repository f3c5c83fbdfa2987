// Migrations run once each, in their own transaction, and the host refuses a schema it does not
// know or a migration that changed after it was applied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startStack } from '../support/stack.mjs';

let stack;
before(async () => { stack = await startStack('migrations'); });
after(async () => { await stack?.stop(); });

test('the first migration creates the core tables with money as integer micros', () => {
  const tables = stack.sql("SELECT table_name FROM information_schema.tables WHERE table_schema='public' ORDER BY 1").map((r) => r[0]);
  for (const t of ['users', 'integrations', 'campaigns', 'daily_metrics', 'reports', 'subscriptions', 'schema_migrations']) {
    assert.ok(tables.includes(t), `missing table ${t}`);
  }
  const money = stack.sql("SELECT column_name, data_type FROM information_schema.columns WHERE column_name LIKE '%micros'");
  assert.ok(money.length >= 3);
  for (const [, type] of money) assert.equal(type, 'bigint');
});

test('a restart applies nothing twice', async () => {
  const before = stack.sql('SELECT version, applied_at FROM schema_migrations ORDER BY version');
  await stack.stopHost();
  await stack.startHost();
  const afterRows = stack.sql('SELECT version, applied_at FROM schema_migrations ORDER BY version');
  assert.deepEqual(afterRows, before);
});

test('a schema newer than the build is refused', async () => {
  stack.sql("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future', 'x')");
  try {
    const { code, output } = await stack.runHostToExit({ ROI_FCGI_SOCKET: `${stack.state}/n.sock` });
    assert.equal(code, 1);
    assert.match(output, /newer than this build knows/);
  } finally {
    stack.sql('DELETE FROM schema_migrations WHERE version = 9999');
  }
});

test('a migration edited after it was applied is refused', async () => {
  const [[original]] = stack.sql('SELECT checksum FROM schema_migrations WHERE version = 1');
  stack.sql("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1");
  try {
    const { code, output } = await stack.runHostToExit({ ROI_FCGI_SOCKET: `${stack.state}/e.sock` });
    assert.equal(code, 1);
    assert.match(output, /was changed after it was applied/);
  } finally {
    stack.sql(`UPDATE schema_migrations SET checksum = '${original}' WHERE version = 1`);
  }
});

// The project's migrations plus one more, in a folder of their own; returns [folder, its number].
function withExtraMigration(folder, name, sql) {
  const dir = path.join(stack.state, folder);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(path.join(process.env.ROI_REPO, 'sql'))) {
    fs.copyFileSync(path.join(process.env.ROI_REPO, 'sql', f), path.join(dir, f));
  }
  const next = String(fs.readdirSync(dir).length + 1).padStart(4, '0');
  fs.writeFileSync(path.join(dir, `${next}_${name}.sql`), sql);
  return [dir, next];
}

test('a migration may run longer than the statement timeout requests get', async () => {
  const [dir, next] = withExtraMigration('sql-slow', 'slow', 'SELECT pg_sleep(0.5);\nCREATE TABLE slow_done (id int);\n');
  const fresh = await startStack('migrations_slow');
  await fresh.stopHost();
  // Requests get 200 ms; the migration takes 500 ms and must still apply.
  await fresh.startHost({ ROI_MIGRATIONS_DIR: dir, ROI_DB_STATEMENT_TIMEOUT_MS: '200' });
  assert.deepEqual(fresh.sql("SELECT to_regclass('slow_done') IS NOT NULL"), [['t']]);
  assert.deepEqual(fresh.sql(`SELECT count(*) FROM schema_migrations WHERE version = ${Number(next)}`), [['1']]);
  await fresh.stop();
});

test('a failing migration leaves nothing behind and stops the host', async () => {
  const [dir, next] = withExtraMigration('sql-broken', 'broken', 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
  const fresh = await startStack('migrations_fresh');
  await fresh.stopHost();
  const { code, output } = await fresh.runHostToExit({ ROI_MIGRATIONS_DIR: dir, ROI_FCGI_SOCKET: `${fresh.state}/b.sock` });
  assert.equal(code, 1);
  assert.match(output, new RegExp(`${next}_broken failed`));
  assert.deepEqual(fresh.sql("SELECT to_regclass('half_done') IS NULL"), [['t']]);
  assert.deepEqual(fresh.sql(`SELECT count(*) FROM schema_migrations WHERE version = ${Number(next)}`), [['0']]);
  await fresh.stop();
});

// 0023 moved the overview's attributed figures into dashboard_daily. A database written before
// it (orders matched to campaigns of two platforms, two currencies, orders no campaign explains)
// must read the same after it, and the same again once its rollups are rebuilt from the raw rows.
// The rebuild runs the newest dashboard_refresh (0024 reads the orders once), so it must write
// exactly the rows 0023 derived, and the per-campaign rows the refresh before 0023 wrote.
test('0023 keeps every attributed figure a database written before it had', async () => {
  const dir = path.join(stack.state, 'sql-0022');
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(path.join(process.env.ROI_REPO, 'sql'))) {
    if (Number(f.slice(0, 4)) <= 22) fs.copyFileSync(path.join(process.env.ROI_REPO, 'sql', f), path.join(dir, f));
  }
  const old = await startStack('migrations_0023', { env: { ROI_MIGRATIONS_DIR: dir } });
  try {
    assert.deepEqual(old.sql('SELECT max(version) FROM schema_migrations'), [['22']]);
    const [[user]] = old.sql("INSERT INTO users (email, time_zone) VALUES ('m23@example.com', 'America/New_York') RETURNING id");
    const integration = (platform) => old.sql(`INSERT INTO integrations (user_id, platform, account_id) VALUES (${user}, '${platform}', 'a-${platform}') RETURNING id`)[0][0];
    const [store, meta, google] = [integration('shopify'), integration('meta'), integration('google-ads')];
    const campaign = (id, ext, name, platform, currency) => old.sql(
      `INSERT INTO campaigns (integration_id, external_id, name, platform, status, currency)
       VALUES (${id}, '${ext}', '${name}', '${platform}', 'ENABLED', '${currency}') RETURNING id`)[0][0];
    const campaigns = [campaign(meta, 'm1', 'Spring Sale', 'meta', 'USD'), campaign(meta, 'm2', 'Retarget', 'meta', 'EUR'),
      campaign(google, 'g1', 'Brand', 'google-ads', 'USD')];
    old.sql(`INSERT INTO daily_metrics (campaign_id, date, spend_micros, impressions, clicks, conversions_milli, revenue_micros)
             SELECT c, DATE '2026-03-01' + d, 1000000 * (d + 1), 100 * d, 10 * d, 500 * d, 3000000 * d
               FROM unnest(ARRAY[${campaigns.join(',')}]::bigint[]) AS c, generate_series(0, 9) AS d`);
    for (const id of [meta, google]) old.sql(`SELECT dashboard_refresh(${id}, '2026-03-01', '2026-03-10')`);
    // [source, campaign, click, currency]: by id, by name, a platform only, a click id, nothing.
    const visits = [['facebook', 'm1', '', 'USD'], ['fb', ' retarget ', '', 'EUR'], ['google', 'g1', '', 'USD'],
      ['instagram', 'Unknown', '', 'USD'], ['', '', 'gclid', 'USD'], ['', '', '', 'USD'], ['newsletter', 'x', '', 'EUR']];
    const orders = Array.from({ length: 40 }, (_, i) => ({ ...visits[i % visits.length], i }));
    const list = (f) => `ARRAY[${orders.map((o) => `'${f(o)}'`).join(',')}]`;
    old.sql(`SELECT orders_upsert(${store}, ${list((o) => `o${o.i}`)}::text[],
      ${list((o) => 1772366400 + o.i * 20000)}::bigint[], ${list((o) => o[3])}::text[],
      ${list((o) => 1000000 + o.i * 12345)}::bigint[], ${list((o) => (o.i % 5 === 0 ? 250000 : 0))}::bigint[],
      ${list((o) => o[0])}::text[], ${list(() => '')}::text[], ${list((o) => o[1])}::text[],
      ${list((o) => o[2])}::text[], ${list(() => '')}::text[], ${list(() => '')}::text[])`);
    const reads = () => [
      old.sql(`SELECT previous, platform, currency, sum(spend), sum(revenue), sum(store_revenue), sum(impressions),
                      sum(clicks), sum(conversions), sum(attributed_revenue), sum(attributed_orders), sum(unexplained_revenue)
                 FROM dashboard_totals(${user}, '2026-02-20', '2026-03-02', '2026-03-12') GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
      old.sql(`SELECT day, platform, currency, sum(spend), sum(revenue), sum(store_revenue), sum(attributed_revenue),
                      sum(attributed_orders), sum(unexplained_revenue)
                 FROM dashboard_days(${user}, '2026-02-25', '2026-03-15') GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    ];
    const before = reads();
    const perCampaign = () => old.sql(`SELECT a.* FROM dashboard_attributed_daily a WHERE user_id = ${user}
                                        ORDER BY date, platform, campaign_id NULLS FIRST, currency`);
    const campaignRows = perCampaign();
    assert.ok(campaignRows.some((r) => r[5] === null || r[5] === ''), 'an order attributed to a platform only');
    // Every kind of row is there: attributed revenue under both ad platforms, and revenue no
    // campaign explains under the store.
    const attributed = new Set(before[0].filter((r) => r[9] !== '0').map((r) => r[1]));
    assert.deepEqual([...attributed].sort(), ['google-ads', 'meta']);
    assert.ok(before[0].some((r) => r[1] === 'shopify' && r[11] !== '0' && r[11] !== r[5]));

    await old.stopHost();
    await old.startHost({ ROI_MIGRATIONS_DIR: path.join(process.env.ROI_REPO, 'sql') });
    assert.deepEqual(old.sql('SELECT count(*) FROM schema_migrations WHERE version = 23'), [['1']]);
    assert.deepEqual(reads(), before);
    // One row per platform per day and currency: a read no longer adds rows up.
    assert.deepEqual(old.sql(`SELECT count(*) FROM dashboard_totals(${user}, '2026-02-20', '2026-03-02', '2026-03-12')`),
      [[String(before[0].length)]]);
    const rows = () => old.sql(`SELECT d.* FROM dashboard_daily d WHERE user_id = ${user} ORDER BY date, integration_id, currency, platform`);
    const migrated = rows();
    old.sql(`SELECT dashboard_rebuild_user(${user})`);
    assert.deepEqual(rows(), migrated);
    assert.deepEqual(perCampaign(), campaignRows);
    assert.deepEqual(reads(), before);
  } finally {
    await old.stop();
  }
});
