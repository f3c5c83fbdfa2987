// /api/webhooks/shopify through nginx, signed with Node's crypto (independent of the host's
// check) and by the simulator: forged, one byte changed, unsigned, duplicated and unknown-topic
// deliveries, the privacy topics' 401 on a bad signature, and the record of every delivery. The
// host runs and schedules no syncs here: an order enters a shop only by that shop's sync, so
// the tests put orders in as a sync would (held()) and see the syncs deliveries queue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startStack } from '../support/stack.mjs';
import { Simulator, SHOPIFY } from '../support/simulator.mjs';

const SHOP = 'hooks-store.myshopify.com';
let stack;
let sim;
before(async () => {
  stack = await startStack('webhooks_shopify', { connectors: ['shopify'],
    env: { ROI_BCRYPT_COST: '4', ROI_SYNC_WORKERS: '0', ROI_SYNC_SCHEDULE_TICK_S: '0', SHOPIFY_API_SECRET: SHOPIFY.apiSecret, SHOPIFY_API_KEY: SHOPIFY.apiKey } });
  sim = await Simulator.start();
  await sim.configure({ shopify: { webhook_url: `${stack.url}/api/webhooks/shopify` } });
});
after(async () => {
  await sim?.stop();
  await stack?.stop();
});

const sign = (body, secret = SHOPIFY.apiSecret) => crypto.createHmac('sha256', secret).update(body).digest('base64');

async function post(topic, body, { signature = sign(body), id = crypto.randomUUID(), shop = SHOP } = {}) {
  const headers = { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-shop-domain': shop,
    'x-shopify-webhook-id': id, 'x-shopify-api-version': SHOPIFY.version };
  if (signature !== null) headers['x-shopify-hmac-sha256'] = signature;
  const res = await fetch(`${stack.url}/api/webhooks/shopify`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json(), id };
}

// A registered user's id; `prefix` keeps the e-mail addresses of the tests apart.
async function newUserId(prefix) {
  const res = await fetch(`${stack.url}/api/trpc/auth.register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${prefix}${process.pid}@example.com`, password: 'correct horse battery' }),
  });
  return (await res.json()).result.data.user.id;
}

const row = (id) => stack.sql(`SELECT deliveries, outcome FROM webhook_events WHERE provider = 'shopify' AND event_id = '${id}'`)[0];
const digest = (body) => crypto.createHash('sha256').update(body).digest('hex');
// The id of a delivered order, as text: past 2^53, a JS number rounds.
const orderId = (payload) => payload.match(/^\{"id":(\d+)/)[1];
// Puts an order into an integration as the shop's own sync stores it (the only way in).
const held = (integration, id) => stack.sql(`SELECT orders_upsert(${integration}, ARRAY['${id}'],
  ARRAY[1741773600::bigint], ARRAY['USD'], ARRAY[1000000::bigint], ARRAY[0::bigint], ARRAY[NULL::text],
  ARRAY[NULL::text], ARRAY[NULL::text], ARRAY[NULL::text], ARRAY[NULL::text], ARRAY[NULL::text])`);
const queuedSyncs = (integration) =>
  stack.sql(`SELECT count(*) FROM sync_jobs WHERE integration_id = ${integration} AND status = 'queued'`)[0][0];
const order = JSON.stringify({ id: 820982911946154500, name: '#1001', total_price: '12.34', currency: 'USD' });

test('a delivery signed with the app secret is accepted and recorded', async () => {
  const sent = await post('orders/create', order);
  assert.equal(sent.status, 200);
  assert.ok(row(sent.id), 'recorded');
});

test('a forged, altered or unsigned delivery is refused with 401 and not recorded', async () => {
  const forged = await post('orders/create', order, { signature: sign(order, 'not-the-secret') });
  const altered = await post('orders/create', order.replace('12.34', '12.35'), { signature: sign(order) });
  const unsigned = await post('orders/create', order, { signature: null });
  for (const r of [forged, altered, unsigned]) {
    assert.equal(r.status, 401);
    assert.equal(row(r.id), undefined);
  }
});

test('privacy topics answer 401 on a bad signature', async () => {
  const body = JSON.stringify({ shop_id: 1, shop_domain: SHOP });
  for (const topic of ['customers/data_request', 'customers/redact', 'shop/redact']) {
    assert.equal((await post(topic, body, { signature: sign(body, 'wrong') })).status, 401, topic);
    assert.equal((await post(topic, body)).status, 200, topic);
  }
});

test('a repeated webhook id is answered as a duplicate and counted once', async () => {
  const id = crypto.randomUUID();
  assert.equal((await post('orders/updated', order, { id })).status, 200);
  const again = await post('orders/updated', order, { id });
  assert.equal(again.status, 200);
  assert.equal(again.body.duplicate, true);
  assert.equal(Number(row(id)[0]), 2);
});

test('an unknown topic is accepted and ignored, not an error', async () => {
  const sent = await post('products/create', JSON.stringify({ id: 1 }));
  assert.equal(sent.status, 200);
  assert.equal(row(sent.id)[1], 'ignored');
});

test('the simulator\'s signed deliveries pass, repeated ones as duplicates', async () => {
  const sent = await sim.shopifyWebhook('orders/create', SHOP, { repeat: 2 });
  assert.deepEqual(sent.statuses, [200, 200]);
  assert.equal(Number(row(sent.webhook_id)[0]), 2);
  for (const topic of ['app/uninstalled', 'customers/data_request', 'customers/redact', 'shop/redact']) {
    assert.deepEqual((await sim.shopifyWebhook(topic, SHOP)).statuses, [200], topic);
  }
});

test('app/uninstalled deactivates the shop\'s integration and wipes its tokens, once', async () => {
  const userId = await newUserId('shopify');
  const shop = 'uninstalling.myshopify.com';
  stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, refresh_token, token_key_id)
    VALUES (${userId}, 'shopify', '${shop}', '\\x0102', '\\x0304', 'k1'), (${userId}, 'shopify', 'other-shop.myshopify.com', '\\x05', NULL, 'k1')`);
  const sent = await sim.shopifyWebhook('app/uninstalled', shop, { repeat: 2 });
  assert.deepEqual(sent.statuses, [200, 200]);
  const rows = stack.sql(`SELECT account_id, is_active, status, access_token IS NULL, refresh_token IS NULL
    FROM integrations WHERE user_id = ${userId} ORDER BY account_id`);
  assert.deepEqual(rows, [['other-shop.myshopify.com', 't', 'active', 'f', 't'], [shop, 'f', 'disconnected', 't', 't']]);
  assert.deepEqual(row(`app/uninstalled:${digest(sent.payload)}`), ['2', 'applied']);
});

test('a signed app/uninstalled re-sent with a new webhook id is a duplicate and changes nothing', async () => {
  const userId = await newUserId('reinstalled');
  const shop = 'reinstalled-store.myshopify.com';
  const body = JSON.stringify({ id: 9, myshopify_domain: shop });
  const [[integration]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${userId}, 'shopify', '${shop}', '\\x01', 'k1') RETURNING id`);
  const first = await post('app/uninstalled', body, { shop });
  assert.equal(first.status, 200);
  assert.equal(first.body.duplicate, undefined);
  // The shop installs the app again; the captured body comes back under a new id.
  stack.sql(`UPDATE integrations SET is_active = true, status = 'active', access_token = '\\x02', token_key_id = 'k1'
    WHERE id = ${integration}`);
  const replayed = await post('app/uninstalled', body, { shop });
  assert.equal(replayed.status, 200);
  assert.equal(replayed.body.duplicate, true);
  assert.deepEqual(row(`app/uninstalled:${digest(body)}`), ['2', 'applied']);
  assert.deepEqual(stack.sql(`SELECT is_active, status, access_token IS NULL FROM integrations WHERE id = ${integration}`),
    [['t', 'active', 'f']]);
});

test('orders/create of an order the shop holds, then orders/updated, upsert it net of refunds and refresh its day', async () => {
  const userId = await newUserId('orders');
  const shop = 'orders-store.myshopify.com';
  const [[integration]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${userId}, 'shopify', '${shop}', '\\x01', 'k1') RETURNING id`);
  const refunded = (await sim.shopifyOrders(shop)).orders.find((o) => o.refunds.length > 0
    && o.landing_site.startsWith('/products/shirt?utm_source=') && o.landing_site.length < 1000 && !o.landing_site.includes('%FF'));
  const cents = (s) => BigInt(s.replace('.', '')) * 10000n;
  const version = () => Number(stack.sql(`SELECT data_version FROM users WHERE id = ${userId}`)[0][0]);
  // Not held yet: the delivery's shop is not signed, so the shop's own sync is to fetch it.
  const first = await sim.shopifyWebhook('orders/create', shop, { order: refunded.id });
  assert.deepEqual(first.statuses, [200]);
  assert.deepEqual(row(first.webhook_id), ['1', 'sync_queued']);
  assert.equal(queuedSyncs(integration), '1');
  assert.equal(stack.sql(`SELECT count(*) FROM orders WHERE integration_id = ${integration}`)[0][0], '0');
  held(integration, orderId(first.payload));
  const before = version();

  assert.deepEqual((await sim.shopifyWebhook('orders/create', shop, { order: refunded.id })).statuses, [200]);
  let [stored] = stack.sql(`SELECT gross_micros, refunds_micros, utm_source FROM orders WHERE integration_id = ${integration}`);
  assert.deepEqual(stored.slice(0, 2), [String(cents(refunded.total_price)), '0']);
  assert.ok(stored[2], 'UTM source from the landing site');
  assert.ok(version() > before, 'data version bumped');

  assert.deepEqual((await sim.shopifyWebhook('orders/updated', shop, { order: refunded.id })).statuses, [200]);
  [stored] = stack.sql(`SELECT net_micros FROM orders WHERE integration_id = ${integration}`);
  assert.equal(BigInt(stored[0]), cents(refunded.current_total_price));
  const [[revenue, orders]] = stack.sql(`SELECT sum(store_revenue_micros), sum(orders) FROM dashboard_daily WHERE integration_id = ${integration}`);
  assert.equal(BigInt(revenue), cents(refunded.current_total_price));
  assert.equal(orders, '1');
});

test('shop/redact deletes the shop\'s orders, empties its dashboard days and wipes its tokens', async () => {
  const userId = await newUserId('redact');
  const shop = 'redacted-store.myshopify.com';
  const [[integration]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${userId}, 'shopify', '${shop}', '\\x01', 'k1') RETURNING id`);
  held(integration, orderId((await sim.shopifyWebhook('orders/create', shop)).payload));
  assert.equal(stack.sql(`SELECT count(*) FROM orders WHERE integration_id = ${integration}`)[0][0], '1');
  assert.deepEqual((await sim.shopifyWebhook('customers/data_request', shop)).statuses, [200]);
  assert.deepEqual((await sim.shopifyWebhook('customers/redact', shop)).statuses, [200]);
  assert.deepEqual((await sim.shopifyWebhook('shop/redact', shop)).statuses, [200]);
  assert.equal(stack.sql(`SELECT count(*) FROM orders WHERE integration_id = ${integration}`)[0][0], '0');
  assert.equal(stack.sql(`SELECT count(*) FROM dashboard_daily WHERE integration_id = ${integration}`)[0][0], '0');
  assert.deepEqual(stack.sql(`SELECT is_active, access_token IS NULL FROM integrations WHERE id = ${integration}`), [['f', 't']]);
});

test('a body signed for one shop is refused under another shop\'s name and changes nothing there', async () => {
  const userId = await newUserId('victim');
  const victim = 'victim-store.myshopify.com';
  const [[integration]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${userId}, 'shopify', '${victim}', '\\x01', 'k1') RETURNING id`);
  held(integration, orderId((await sim.shopifyWebhook('orders/create', victim)).payload));
  // Genuine bodies Shopify signed for the attacker's own shop, replayed with the victim's domain.
  const attacker = 'attacker-store.myshopify.com';
  const privacy = JSON.stringify({ shop_id: 2, shop_domain: attacker, orders_to_redact: [] });
  for (const [topic, body] of [['shop/redact', privacy], ['customers/redact', privacy],
    ['app/uninstalled', JSON.stringify({ id: 2, myshopify_domain: attacker })]]) {
    const sent = await post(topic, body, { shop: victim });
    assert.equal(sent.status, 400, topic);
    assert.equal(row(sent.id), undefined, `${topic} is not recorded`);
  }
  assert.equal(stack.sql(`SELECT count(*) FROM orders WHERE integration_id = ${integration}`)[0][0], '1');
  assert.deepEqual(stack.sql(`SELECT is_active, access_token IS NULL FROM integrations WHERE id = ${integration}`), [['t', 'f']]);
});

test('orders/delete removes the order and its revenue from the dashboard', async () => {
  const userId = await newUserId('deleted');
  const shop = 'deleting-store.myshopify.com';
  const [[integration]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${userId}, 'shopify', '${shop}', '\\x01', 'k1') RETURNING id`);
  const created = await sim.shopifyWebhook('orders/create', shop);
  assert.deepEqual(created.statuses, [200]);
  const id = orderId(created.payload);
  held(integration, id);
  const sent = await post('orders/delete', `{"id":${id}}`, { shop });
  assert.equal(sent.status, 200);
  assert.deepEqual(row(sent.id), ['1', 'applied']);
  assert.equal(stack.sql(`SELECT count(*) FROM orders WHERE integration_id = ${integration}`)[0][0], '0');
  assert.equal(stack.sql(`SELECT coalesce(sum(orders), 0) FROM dashboard_daily WHERE integration_id = ${integration}`)[0][0], '0');
});

test('an order already stored for one shop is not copied into another shop named in the header', async () => {
  const userId = await newUserId('copied');
  const [owner, other] = ['owner-store.myshopify.com', 'other-store.myshopify.com'];
  const [[ownerId], [otherId]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${userId}, 'shopify', '${owner}', '\\x01', 'k1'), (${userId}, 'shopify', '${other}', '\\x01', 'k1') RETURNING id`);
  const created = await sim.shopifyWebhook('orders/create', owner);
  assert.deepEqual(created.statuses, [200]);
  held(ownerId, orderId(created.payload));
  const stored = () => stack.sql(`SELECT i.account_id, o.external_id, o.gross_micros FROM integrations i
    LEFT JOIN orders o ON o.integration_id = i.id WHERE i.user_id = ${userId} ORDER BY i.account_id`);
  const before = stored();
  const replayed = await post('orders/updated', created.payload, { shop: other });
  assert.equal(replayed.status, 200);
  // The other shop does not hold it: only its own sync (its own token) may bring it in.
  assert.deepEqual(row(replayed.id), ['1', 'sync_queued']);
  assert.equal(queuedSyncs(otherId), '1');
  assert.deepEqual(stored(), before);
  assert.deepEqual(stack.sql(`SELECT i.account_id, count(o.id) FROM integrations i LEFT JOIN orders o ON o.integration_id = i.id
    WHERE i.user_id = ${userId} GROUP BY i.account_id ORDER BY i.account_id`), [[other, '0'], [owner, '1']]);
});

test('an order body replayed under another user\'s shop before its own shop stored it creates nothing', async () => {
  const [ownerUser, victimUser] = [await newUserId('early-owner'), await newUserId('early-victim')];
  const [owner, victim] = ['early-owner.myshopify.com', 'early-victim.myshopify.com'];
  const [[ownerId]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${ownerUser}, 'shopify', '${owner}', '\\x01', 'k1') RETURNING id`);
  const [[victimId]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${victimUser}, 'shopify', '${victim}', '\\x01', 'k1') RETURNING id`);
  held(victimId, '4242');  // the victim's own order, which must stay as it is
  const orders = () => stack.sql(`SELECT integration_id, external_id, gross_micros, net_micros FROM orders
    WHERE integration_id IN (${ownerId}, ${victimId}) ORDER BY integration_id, external_id`);
  const before = orders();
  // The owner's order as Shopify signs it, caught before the owner's delivery arrived, sent first
  // under the victim's domain as a creation, an update and a refund.
  const body = (await sim.shopifyOrders(owner)).orders.find((o) => o.refunds.length > 0);
  const payload = JSON.stringify(body);
  for (const topic of ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled']) {
    const sent = await post(topic, payload, { shop: victim });
    assert.equal(sent.status, 200, topic);
    assert.equal(row(sent.id)[1], 'sync_queued', topic);
  }
  assert.deepEqual(orders(), before, 'nothing created or changed in either shop');
  assert.equal(stack.sql(`SELECT count(*) FROM dashboard_daily WHERE integration_id = ${victimId} AND orders > 0`)[0][0], '1');
  // The victim's shop is synced with its own token (which finds no such order); the owner's
  // genuine delivery then queues the owner's sync, which brings the order in.
  assert.equal(queuedSyncs(victimId), '1');
  const genuine = await post('orders/create', payload, { shop: owner });
  assert.equal(row(genuine.id)[1], 'sync_queued');
  assert.equal(queuedSyncs(ownerId), '1');
});

test('hostile landing sites never fail an order delivery: the order is stored, unattributed', async () => {
  const userId = await newUserId('hostile');
  const shop = 'hostile-store.myshopify.com';
  const [[integration]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${userId}, 'shopify', '${shop}', '\\x01', 'k1') RETURNING id`);
  stack.sql(`INSERT INTO integrations (user_id, platform, account_id) VALUES (${userId}, 'google-ads', 'g-${userId}')`);
  const pages = [
    `/products/shirt?utm_source=google&utm_campaign=${'x'.repeat(20000)}`,  // over-long
    '/products/shirt?utm_source=%FF%FEgoogle&utm_campaign=%C0%AF',           // not UTF-8
    '/pages/go?next=/p?utm_source=google%26utm_campaign=x&r=%3Futm_source%3Dfacebook',  // nested
    '/wallets/checkouts.json',                                               // a wallet checkout
    '/?utm_source=\u0000google&gclid=%00',                                  // NUL bytes
    '?' + '&'.repeat(5000) + '=&utm_source',                                 // empty pairs
  ];
  const referrers = ['https://user:pw@evil/', 'javascript:alert(1)', 'https://' + 'a.'.repeat(300) + 'com', 'https://xn--\u00e9.com/'];
  for (const [i, landing] of pages.entries()) {
    held(integration, 910000000000 + i);  // stored by the shop's own sync; the delivery updates it
    const body = JSON.stringify({ id: 910000000000 + i, created_at: '2026-01-02T03:04:05Z', currency: 'USD', total_price: '10.00',
      financial_status: 'paid', landing_site: landing, referring_site: referrers[i % referrers.length] });
    const sent = await post('orders/create', body, { shop });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
  }
  const rows = stack.sql(`SELECT attribution_rule, attributed_platform IS NULL, referrer_host IS NULL FROM orders WHERE integration_id = ${integration}`);
  assert.equal(rows.length, pages.length);
  for (const r of rows) assert.deepEqual(r, ['none', 't', 't']);
  const [[store]] = stack.sql(`SELECT sum(store_revenue_micros) FROM dashboard_daily WHERE integration_id = ${integration}`);
  assert.equal(store, String(pages.length * 10000000));
  assert.deepEqual(stack.sql(`SELECT count(*) FROM dashboard_attributed_daily WHERE integration_id = ${integration}`), [['0']]);
});

test('a signed shop/redact re-sent with a new webhook id is a duplicate and changes nothing', async () => {
  const userId = await newUserId('replayed');
  const shop = 'replayed-store.myshopify.com';
  const body = JSON.stringify({ shop_id: 7, shop_domain: shop });
  const [[integration]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id)
    VALUES (${userId}, 'shopify', '${shop}', '\\x01', 'k1') RETURNING id`);
  const first = await post('shop/redact', body, { shop });
  assert.equal(first.status, 200);
  assert.equal(first.body.duplicate, undefined);
  // The shop connects again and takes an order; the captured body comes back under a new id.
  stack.sql(`UPDATE integrations SET is_active = true, status = 'active', access_token = '\\x02', token_key_id = 'k1'
    WHERE account_id = '${shop}'`);
  held(integration, orderId((await sim.shopifyWebhook('orders/create', shop)).payload));
  const replayed = await post('shop/redact', body, { shop });
  assert.equal(replayed.status, 200);
  assert.equal(replayed.body.duplicate, true);
  assert.deepEqual(stack.sql(`SELECT i.is_active, i.access_token IS NULL, count(o.id) FROM integrations i
    LEFT JOIN orders o ON o.integration_id = i.id WHERE i.account_id = '${shop}' GROUP BY i.id`), [['t', 'f', '1']]);
});

test('a signed order deletion changes only orders of the header shop\'s active integration', async () => {
  const userId = await newUserId('scoped');
  const [owner, other, gone] = ['scoped-owner.myshopify.com', 'scoped-other.myshopify.com', 'scoped-gone.myshopify.com'];
  const [[ownerId], , [goneId]] = stack.sql(`INSERT INTO integrations (user_id, platform, account_id, access_token, token_key_id, is_active)
    VALUES (${userId}, 'shopify', '${owner}', '\\x01', 'k1', true), (${userId}, 'shopify', '${other}', '\\x01', 'k1', true),
           (${userId}, 'shopify', '${gone}', '\\x01', 'k1', true) RETURNING id`);
  const id = orderId((await sim.shopifyWebhook('orders/create', owner)).payload);
  const inGone = orderId((await sim.shopifyWebhook('orders/create', gone)).payload);
  held(ownerId, id);
  held(goneId, inGone);
  stack.sql(`UPDATE integrations SET is_active = false, status = 'disconnected' WHERE account_id = '${gone}'`);
  // The owner's signed deletion sent under another shop's domain: nothing of the owner's goes.
  const replayed = await post('orders/delete', `{"id":${id}}`, { shop: other });
  assert.equal(replayed.status, 200);
  // A deletion for a shop whose integration is not active is recorded and not applied.
  const inactive = await post('orders/delete', `{"id":${inGone}}`, { shop: gone });
  assert.deepEqual(row(inactive.id), ['1', 'ignored']);
  assert.deepEqual(stack.sql(`SELECT i.account_id, count(o.id) FROM integrations i LEFT JOIN orders o ON o.integration_id = i.id
    WHERE i.user_id = ${userId} GROUP BY i.account_id ORDER BY i.account_id`), [[gone, '1'], [other, '0'], [owner, '1']]);
});
