// The simulator's Shopify as Shopify documents it: an install flow whose callback carries a query
// HMAC that Node's crypto reproduces, a single-use code exchange, Admin GraphQL orders with cursor
// paging and query cost, and webhook deliveries signed over the raw body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { Simulator, SHOPIFY } from '../support/simulator.mjs';

const SHOP = 'sim-demo.myshopify.com';
const ORDERS = `query Orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
let sim;
let receiver;
const received = [];

before(async () => {
  sim = await Simulator.start();
  receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  await sim.configure({ shopify: { webhook_url: `http://127.0.0.1:${receiver.address().port}/hooks` } });
});
after(async () => {
  receiver?.close();
  await sim?.stop();
});

function installUrl(shop = SHOP, state = 'nonce-1') {
  const q = new URLSearchParams({ client_id: SHOPIFY.apiKey, scope: SHOPIFY.scope, redirect_uri: 'http://127.0.0.1/cb', state });
  return `${sim.shopifyBase(shop)}/admin/oauth/authorize?${q}`;
}

// Shopify's documented check: drop hmac, sort, form-encode, hex HMAC-SHA256 with the app secret.
function queryHmac(url) {
  const pairs = [...url.searchParams].filter(([k]) => k !== 'hmac').sort(([a], [b]) => (a < b ? -1 : 1));
  return crypto.createHmac('sha256', SHOPIFY.apiSecret).update(new URLSearchParams(pairs).toString()).digest('hex');
}

async function exchange(code, shop = SHOP) {
  const res = await fetch(`${sim.shopifyBase(shop)}/admin/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: SHOPIFY.apiKey, client_secret: SHOPIFY.apiSecret, code }),
  });
  return { status: res.status, body: await res.json() };
}

async function connect(shop = SHOP) {
  const back = await sim.shopifyAuthorize(installUrl(shop));
  return (await exchange(back.searchParams.get('code'), shop)).body.access_token;
}

test('the install callback carries code, shop, state and timestamp signed with the query HMAC', async () => {
  const back = await sim.shopifyAuthorize(installUrl());
  for (const k of ['code', 'hmac', 'shop', 'state', 'timestamp']) assert.ok(back.searchParams.get(k), k);
  assert.equal(back.searchParams.get('shop'), SHOP);
  assert.equal(back.searchParams.get('state'), 'nonce-1');
  assert.equal(back.searchParams.get('hmac'), queryHmac(back));
});

test('a code is exchanged once, for the shop it was issued on', async () => {
  const back = await sim.shopifyAuthorize(installUrl());
  const code = back.searchParams.get('code');
  assert.equal((await exchange(code, 'other.myshopify.com')).status, 400);
  const first = await exchange(code);
  assert.equal(first.status, 200);
  assert.match(first.body.access_token, /^shpat_/);
  assert.equal(first.body.scope, SHOPIFY.scope);
  assert.equal((await exchange(code)).status, 400);
});

test('orders page by cursor and add up to the expected net revenue per currency', async () => {
  const token = await connect();
  const ids = new Set();
  let net = 0n;
  let after = null;
  let cost;
  for (;;) {
    const { status, body } = await sim.shopifyGraphql(SHOP, token, ORDERS, { first: 50, after });
    assert.equal(status, 200);
    cost = body.extensions.cost;
    for (const { node } of body.data.orders.edges) ids.add(node.id);
    if (!body.data.orders.pageInfo.hasNextPage) break;
    after = body.data.orders.pageInfo.endCursor;
  }
  const all = await sim.shopifyOrders(SHOP);
  for (const o of all.orders) {
    const refunded = o.refunds.flatMap((r) => r.transactions).reduce((s, t) => s + BigInt(t.amount.replace('.', '')), 0n);
    net += BigInt(o.total_price.replace('.', '')) - refunded;
  }
  assert.equal(ids.size, all.orders.length);
  const expected = await sim.shopifyExpected(SHOP);
  assert.equal(expected.currencies[all.currency].orders, ids.size);
  assert.equal(BigInt(expected.currencies[all.currency].net.replace('.', '')), net);
  assert.ok(cost.throttleStatus.maximumAvailable > 0 && cost.throttleStatus.restoreRate > 0);
  assert.ok(Number.isInteger(cost.actualQueryCost));
});

test('a date search keeps only the orders created on those days', async () => {
  const token = await connect();
  const expected = await sim.shopifyExpected(SHOP, expectedDay(-3), expectedDay(-2));
  const { body } = await sim.shopifyGraphql(SHOP, token, ORDERS,
    { first: 250, query: `created_at:>=${expectedDay(-3)} created_at:<=${expectedDay(-2)}` });
  const count = Object.values(expected.currencies).reduce((s, c) => s + c.orders, 0);
  assert.equal(body.data.orders.edges.length, count);
});

function expectedDay(offset) {
  return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

test('a wrong or foreign access token is refused with 401', async () => {
  const token = await connect('another.myshopify.com');
  assert.equal((await sim.shopifyGraphql(SHOP, token, ORDERS, { first: 1 })).status, 401);
  assert.equal((await sim.shopifyGraphql(SHOP, 'shpat_forged', ORDERS, { first: 1 })).status, 401);
});

test('an exhausted cost bucket answers THROTTLED with the throttle status', async () => {
  const token = await connect();
  await sim.configure({ shopify: { bucket_size: 60, restore_rate: 0 } });
  try {
    const first = await sim.shopifyGraphql(SHOP, token, ORDERS, { first: 50 });
    assert.equal(first.status, 200);
    const second = await sim.shopifyGraphql(SHOP, token, ORDERS, { first: 50 });
    assert.equal(second.body.errors[0].extensions.code, 'THROTTLED');
    assert.equal(second.body.extensions.cost.actualQueryCost, null);
    assert.equal(second.body.extensions.cost.throttleStatus.maximumAvailable, 60);
  } finally {
    await sim.configure({ shopify: { bucket_size: 2000, restore_rate: 100 } });
  }
});

test('webhook deliveries are signed over the raw body and a repeat keeps the webhook id', async () => {
  received.length = 0;
  const sent = await sim.shopifyWebhook('orders/create', SHOP, { repeat: 2 });
  assert.deepEqual(sent.statuses, [200, 200]);
  assert.equal(received.length, 2);
  for (const r of received) {
    const mac = crypto.createHmac('sha256', SHOPIFY.apiSecret).update(r.body).digest('base64');
    assert.equal(r.headers['x-shopify-hmac-sha256'], mac);
    assert.equal(r.headers['x-shopify-topic'], 'orders/create');
    assert.equal(r.headers['x-shopify-shop-domain'], SHOP);
    assert.equal(r.headers['x-shopify-webhook-id'], sent.webhook_id);
  }
  assert.equal(received[0].body.toString(), received[1].body.toString());
  const order = JSON.parse(received[0].body);
  assert.match(order.total_price, /^\d+\.\d{2}$/);
});

test('privacy topics name the shop and the customer with their orders', async () => {
  received.length = 0;
  await sim.shopifyWebhook('customers/redact', SHOP);
  await sim.shopifyWebhook('shop/redact', SHOP);
  const redact = JSON.parse(received[0].body);
  assert.equal(redact.shop_domain, SHOP);
  assert.ok(redact.customer.id && redact.orders_to_redact.length > 0);
  assert.deepEqual(Object.keys(JSON.parse(received[1].body)).sort(), ['shop_domain', 'shop_id']);
});
