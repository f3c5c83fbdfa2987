// Sessions and data versions are answered from memory, kept true by Postgres change
// notifications: two host processes on one database, each behind its own nginx. A logout or a
// sync commit in one process (or in any session on the database) reaches the other; a lost
// notification connection stops caching until it is back, so nothing stale is ever served.
import { test, before, after } from 'node:test';
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startStack, psql } from '../support/stack.mjs';
import { trpcClient, rejectsWith } from '../support/trpc.mjs';

let a;
let b;
const RANGE = { start: '2025-03-01', end: '2025-03-31' };

const SHOPIFY_SECRET = 'shpss_change_feed_test_secret';

before(async () => {
  a = await startStack('feed_a', { connectors: ['shopify'],
    env: { SHOPIFY_API_SECRET: SHOPIFY_SECRET, SHOPIFY_API_KEY: 'unused', ROI_SESSION_PURGE_INTERVAL_S: '1' } });
  b = await startStack('feed_b', { peer: a });
});

after(async () => {
  await b?.stop();
  await a?.stop();
});

// Polls until `check` passes; returns how many tries it took. Notifications travel in well under a
// millisecond; the limit only keeps a broken build from hanging the run.
async function within(ms, check) {
  const started = Date.now();
  for (let tries = 1; ; tries++) {
    try {
      await check();
      return tries;
    } catch (e) {
      if (Date.now() - started > ms) throw e;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

// A psql session kept open: statements sent later run on the connection made now.
async function openPsql(url) {
  const proc = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-t', '-A']);
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const until = async (marker) => {
    for (const deadline = Date.now() + 10000; !out.includes(marker);) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`psql: ${out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  proc.stdin.write('\\echo connected\n');
  await until('connected');
  return {
    async run(sql) {
      proc.stdin.end(`${sql}\n\\echo done\n`);
      await until('done');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      assert.equal(proc.exitCode, 0, out);
    },
  };
}

async function userWithSpend(email) {
  const r = await trpcClient(a.url).auth.register.mutate({ email, password: 'correct horse battery' });
  const integration = a.sql(`INSERT INTO integrations (user_id, platform, account_id)
    VALUES (${r.user.id}, 'google-ads', 'acct') RETURNING id`)[0][0];
  const campaign = a.sql(`INSERT INTO campaigns (integration_id, external_id, name, platform, status, currency)
    VALUES (${integration}, 'c1', 'Brand', 'google-ads', 'active', 'USD') RETURNING id`)[0][0];
  return { id: r.user.id, token: r.token, integration, campaign };
}

// A sync's commit as any process makes it: raw rows and the rollup in one transaction.
function commitSpend(user, micros) {
  a.sql(`BEGIN;
    INSERT INTO daily_metrics (campaign_id, date, spend_micros) VALUES (${user.campaign}, '2025-03-10', ${micros})
      ON CONFLICT (campaign_id, date) DO UPDATE SET spend_micros = EXCLUDED.spend_micros;
    SELECT dashboard_refresh(${user.integration}, '2025-03-10', '2025-03-10');
    COMMIT;`);
}

const spendOf = async (stack, user) =>
  (await trpcClient(stack.url, user.token).dashboard.overview.query(RANGE)).totals[0]?.spendMicros;

test('both processes listen for changes', async () => {
  assert.equal(await a.metric('roi_change_feed_live'), 1);
  assert.equal(await b.metric('roi_change_feed_live'), 1);
});

test('a logout in one process is refused by the other, which had the session in memory', async () => {
  const r = await trpcClient(a.url).auth.register.mutate({ email: 'logout@example.com', password: 'correct horse battery' });
  const onA = trpcClient(a.url, r.token);
  const onB = trpcClient(b.url, r.token);
  assert.equal((await onB.auth.me.query()).user.email, 'logout@example.com');
  assert.equal((await onB.auth.me.query()).user.email, 'logout@example.com');
  await onA.auth.logout.mutate();
  await rejectsWith(onA.auth.me.query(), 'UNAUTHORIZED');  // the process that logged out: at once
  const tries = await within(2000, () => rejectsWith(onB.auth.me.query(), 'UNAUTHORIZED'));
  console.log(`logout refused by the other process at try ${tries}`);
  await rejectsWith(onB.auth.me.query(), 'UNAUTHORIZED');
});

test('a session revoked or deleted behind the hosts\' backs is refused', async () => {
  const r1 = await trpcClient(a.url).auth.register.mutate({ email: 'revoked@example.com', password: 'correct horse battery' });
  const client = trpcClient(b.url, r1.token);
  await client.auth.me.query();
  a.sql(`UPDATE sessions SET revoked_at = now() WHERE user_id = ${r1.user.id}`);
  await within(2000, () => rejectsWith(client.auth.me.query(), 'UNAUTHORIZED'));

  const r2 = await trpcClient(a.url).auth.login.mutate({ email: 'logout@example.com', password: 'correct horse battery' });
  const again = trpcClient(b.url, r2.token);
  await again.auth.me.query();
  a.sql(`DELETE FROM users WHERE email = 'logout@example.com'`);
  await within(2000, () => rejectsWith(again.auth.me.query(), 'UNAUTHORIZED'));
});

test('a commit in another session changes both processes\' cached answers', async () => {
  const user = await userWithSpend('sync@example.com');
  commitSpend(user, 1_000_000);
  for (const stack of [a, b]) {
    await within(2000, async () => assert.equal(await spendOf(stack, user), '1000000'));
  }
  const hits = await b.metric('roi_dashboard_cache_hits_total');
  assert.equal(await spendOf(b, user), '1000000');
  assert.equal(await b.metric('roi_dashboard_cache_hits_total'), hits + 1, 'a repeat is served from memory');
  for (let round = 2; round <= 5; round++) {
    commitSpend(user, round * 1_000_000);
    const tries = await within(2000, async () => assert.equal(await spendOf(b, user), String(round * 1_000_000)));
    console.log(`commit ${round} seen by the other process at try ${tries}`);
  }
});

test('an order webhook committed by a process is in that process\'s very next answer', async () => {
  const user = await userWithSpend('store@example.com');
  const shop = 'feed-store.myshopify.com';
  const [[integration]] = a.sql(`INSERT INTO integrations (user_id, platform, account_id)
    VALUES (${user.id}, 'shopify', '${shop}') RETURNING id`);
  // The orders as the shop's own sync stored them, at nothing yet: a delivery changes only an
  // order its shop holds (its shop is not signed).
  a.sql(`SELECT orders_upsert(${integration}, ARRAY(SELECT (5000 + n)::text FROM generate_series(1, 10) n),
    array_fill(1741773600::bigint, ARRAY[10]), array_fill('USD'::text, ARRAY[10]), array_fill(0::bigint, ARRAY[10]),
    array_fill(0::bigint, ARRAY[10]), array_fill(NULL::text, ARRAY[10]), array_fill(NULL::text, ARRAY[10]),
    array_fill(NULL::text, ARRAY[10]), array_fill(NULL::text, ARRAY[10]), array_fill(NULL::text, ARRAY[10]),
    array_fill(NULL::text, ARRAY[10]))`);
  commitSpend(user, 1_000_000);
  await within(2000, async () => assert.equal(await spendOf(a, user), '1000000'));
  const storeRevenue = async () =>
    (await trpcClient(a.url, user.token).dashboard.overview.query(RANGE)).totals[0]?.storeRevenueMicros;
  assert.equal(await storeRevenue(), '0');
  assert.equal(await storeRevenue(), '0');  // now in memory
  for (let round = 1; round <= 10; round++) {
    const body = JSON.stringify({ id: 5000 + round, created_at: '2025-03-12T10:00:00Z', currency: 'USD',
      total_price: `${round}.00` });
    const res = await fetch(`${a.url}/api/webhooks/shopify`, {
      method: 'POST', body, headers: {
        'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-shop-domain': shop,
        'x-shopify-webhook-id': crypto.randomUUID(), 'x-shopify-api-version': '2025-01',
        'x-shopify-hmac-sha256': crypto.createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64'),
      },
    });
    assert.equal(res.status, 200);
    // Not a poll: the delivery was answered only once this process had heard of its commit.
    assert.equal(await storeRevenue(), String(round * (round + 1) / 2 * 1_000_000), `after order ${round}`);
  }
  // An update that moves an order to another month takes it off its old day and onto the new one.
  const body = JSON.stringify({ id: 5001, created_at: '2025-02-14T23:30:00-05:00', currency: 'USD', total_price: '1.00' });
  const res = await fetch(`${a.url}/api/webhooks/shopify`, {
    method: 'POST', body, headers: {
      'content-type': 'application/json', 'x-shopify-topic': 'orders/updated', 'x-shopify-shop-domain': shop,
      'x-shopify-webhook-id': crypto.randomUUID(), 'x-shopify-api-version': '2025-01',
      'x-shopify-hmac-sha256': crypto.createHmac('sha256', SHOPIFY_SECRET).update(body).digest('base64'),
    },
  });
  assert.equal(res.status, 200);
  assert.equal(await storeRevenue(), String(54_000_000));
  const february = await trpcClient(a.url, user.token).dashboard.overview.query({ start: '2025-02-15', end: '2025-02-15' });
  assert.equal(february.totals[0]?.storeRevenueMicros, '1000000', 'on its UTC day (the user is on UTC)');
});

test('a change made while the change feed is lost is never hidden by what was in memory', async () => {
  const user = await userWithSpend('outage@example.com');
  commitSpend(user, 5_000_000);
  await within(2000, async () => assert.equal(await spendOf(b, user), '5000000'));
  const cached = await spendOf(b, user);
  assert.equal(cached, '5000000');
  const second = await trpcClient(a.url).auth.login.mutate({ email: 'outage@example.com', password: 'correct horse battery' });
  await trpcClient(b.url, user.token).auth.me.query();
  const losses = await b.metric('roi_change_feed_losses');
  // In one database session: keep new connections out, cut B's notification connection, then
  // commit a sync and a logout that nobody can hear of.
  const pid = b.sql(`SELECT pid FROM pg_stat_activity WHERE application_name = 'roi-host-changes'
    AND datname = current_database() ORDER BY backend_start DESC LIMIT 1`)[0][0];  // B started last
  const db = `"${a.database}"`;
  const session = await openPsql(a.dbUrl);  // connected before connections are refused
  psql(process.env.ROI_TEST_PG_URL, `ALTER DATABASE ${db} ALLOW_CONNECTIONS false`);
  await session.run(`SELECT pg_terminate_backend(${pid});
    BEGIN;
    UPDATE daily_metrics SET spend_micros = 6000000 WHERE campaign_id = ${user.campaign};
    SELECT dashboard_refresh(${user.integration}, '2025-03-10', '2025-03-10');
    UPDATE sessions SET revoked_at = now()
     WHERE id = (SELECT id FROM sessions WHERE user_id = ${user.id} ORDER BY created_at LIMIT 1);
    COMMIT;`);
  try {
    await within(5000, async () => assert.equal(await b.metric('roi_change_feed_losses'), losses + 1));
    assert.equal(await b.metric('roi_change_feed_live'), 0);
    // Not a poll: the very next reads are already right, because nothing is served from memory.
    assert.equal(await spendOf(b, { token: second.token }), '6000000');
    await rejectsWith(trpcClient(b.url, user.token).auth.me.query(), 'UNAUTHORIZED');
  } finally {
    psql(process.env.ROI_TEST_PG_URL, `ALTER DATABASE ${db} ALLOW_CONNECTIONS true`);
  }
  await within(5000, async () => assert.equal(await b.metric('roi_change_feed_live'), 1));
  // Listening again: answers are cached again, and still the new ones.
  assert.equal(await spendOf(b, { token: second.token }), '6000000');
  const hits = await b.metric('roi_dashboard_cache_hits_total');
  assert.equal(await spendOf(b, { token: second.token }), '6000000');
  assert.equal(await b.metric('roi_dashboard_cache_hits_total'), hits + 1);
  assert.match(b.hostLog(), /"event":"change_feed_lost"/);
});

test('expired sessions are deleted by housekeeping, quietly; live and revoked-but-unexpired ones stay', async () => {
  const r = await trpcClient(a.url).auth.register.mutate({ email: 'purge@example.com', password: 'correct horse battery' });
  const other = await trpcClient(a.url).auth.login.mutate({ email: 'purge@example.com', password: 'correct horse battery' });
  await trpcClient(a.url, other.token).auth.logout.mutate();
  const heardBefore = await b.metric('roi_change_feed_notifications');
  a.sql(`INSERT INTO sessions (id, user_id, created_at, expires_at)
    SELECT md5('expired' || g), ${r.user.id}, now() - interval '8 days', now() - interval '1 day'
      FROM generate_series(1, 300) AS g`);
  const expired = () => Number(a.sql(`SELECT count(*) FROM sessions WHERE user_id = ${r.user.id} AND expires_at <= now()`)[0][0]);
  // No count before the purge: housekeeping may run between the insert and a first look (it did
  // under load); the log line below says it deleted them.
  await within(10000, async () => assert.equal(expired(), 0));
  const kept = a.sql(`SELECT count(*) FILTER (WHERE revoked_at IS NULL), count(*) FILTER (WHERE revoked_at IS NOT NULL)
    FROM sessions WHERE user_id = ${r.user.id}`)[0].map(Number);
  assert.deepEqual(kept, [1, 1], 'the live session and the revoked one (not yet expired) stay');
  assert.equal((await trpcClient(b.url, r.token).auth.me.query()).user.email, 'purge@example.com');
  assert.ok((await b.metric('roi_change_feed_notifications')) - heardBefore < 10, 'expired rows go unannounced');
  assert.match(a.hostLog(), /"event":"sessions_purged","deleted":30\d/);
});

