// The Shopify connector loaded by the host's plugin loader and driven against the simulator: the
// install callback's HMAC, timestamp and shop checked before the code is used, the shop as the
// one account, and orders whose net revenue per currency equals the simulator's expected totals.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';

import { probe } from '../support/connectors.mjs';
import { Simulator, decimalToMicros } from '../support/simulator.mjs';

const SHOP = 'probe-store.myshopify.com';
const REDIRECT = 'http://127.0.0.1/api/oauth/shopify/callback';
let sim;
before(async () => { sim = await Simulator.start({ settings: { 'shopify.days': 30 } }); });
after(async () => { await sim?.stop(); });
beforeEach(async () => { await sim.reset(); });

// The install URL, approved on the simulated shop; returns the callback's parameters.
async function install(shop = SHOP) {
  const start = await probe(sim, 'shopify', 'authorize', { redirect_uri: REDIRECT, state: 'st-1', shop });
  assert.equal(start.ok, true, JSON.stringify(start));
  assert.ok(start.url.startsWith(`${sim.url}/${shop}/admin/oauth/authorize?`), start.url);
  return Object.fromEntries((await sim.shopifyAuthorize(start.url)).searchParams);
}

function finish(query) {
  return probe(sim, 'shopify', 'finish', { redirect_uri: REDIRECT, code: query.code, query });
}

function day(offset) {
  return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

test('an install ends with a token for the shop, listed as the one account in its currency', async () => {
  const done = await finish(await install());
  assert.equal(done.ok, true, JSON.stringify(done));
  assert.equal(done.credentials.account_id, SHOP);
  const listed = await probe(sim, 'shopify', 'accounts', done.credentials);
  assert.equal(listed.accounts.length, 1);
  assert.equal(listed.accounts[0].id, SHOP);
  assert.equal(listed.accounts[0].currency, (await sim.shopifyOrders(SHOP)).currency);
});

test('synced orders add up to the expected net revenue after refunds, per currency', async () => {
  const { credentials } = await finish(await install());
  const from = day(-30);
  const to = day(-1);
  const result = await probe(sim, 'shopify', 'orders', { credentials, account: SHOP, from, to },
    { ROI_CONNECTOR_SHOPIFY_PAGE_SIZE: '7' });
  assert.equal(result.ok, true, JSON.stringify(result));
  const expected = await sim.shopifyExpected(SHOP, from, to);
  const sink = result.sink.orders;
  assert.equal(sink.duplicates, 0);
  assert.deepEqual(Object.keys(sink.byCurrency), Object.keys(expected.currencies));
  for (const [currency, totals] of Object.entries(expected.currencies)) {
    assert.equal(sink.byCurrency[currency].orders, totals.orders);
    assert.equal(BigInt(sink.byCurrency[currency].netMicros), decimalToMicros(totals.net));
  }
  assert.ok(sink.attributed > 0 && sink.attributed < sink.count, 'some orders carry UTMs, direct ones do not');
  assert.ok(result.sink.checkpoints.length > 1, 'a checkpoint per page');
});

test('a callback with a changed hmac, another shop or a missing hmac is refused before the code is used', async () => {
  const query = await install();
  const flipped = query.hmac.slice(0, -1) + (query.hmac.endsWith('0') ? '1' : '0');
  for (const bad of [{ ...query, hmac: flipped }, { ...query, shop: 'evil.myshopify.com' }, { ...query, hmac: '' }]) {
    const refused = await finish(bad);
    assert.equal(refused.ok, false);
    assert.equal(refused.kind, 'permanent');
  }
  assert.equal((await finish(query)).ok, true, 'the code was still unused');
});

test('a callback signed more than 90 seconds from now is refused as stale', async () => {
  await sim.advanceClock(600);
  const refused = await finish(await install());
  assert.equal(refused.ok, false);
  assert.match(refused.detail, /stale/);
});

test('a shop that is not a myshopify.com domain never becomes a URL', async () => {
  for (const shop of ['evil.com', 'a.myshopify.com.evil.com', 'UPPER.myshopify.com', '-x.myshopify.com']) {
    const start = await probe(sim, 'shopify', 'authorize', { redirect_uri: REDIRECT, state: 's', shop });
    assert.equal(start.ok, false, shop);
    assert.equal(start.kind, 'permanent');
  }
});

test('an exhausted query cost bucket is a rate limit with the time the bucket needs to refill', async () => {
  const { credentials } = await finish(await install());
  // A page each costs its size + 2; the bucket holds one and a half: the second page is refused.
  // The page is smaller than the orders in the window (how many the simulated shop has there
  // depends on the day), so there always is a second page.
  const [from, to] = [day(-30), day(-1)];
  const orders = (await sim.shopifyOrders(SHOP)).orders
    .filter((o) => o.created_at.slice(0, 10) >= from && o.created_at.slice(0, 10) <= to).length;
  const page = Math.min(60, orders - 1);
  assert.ok(page >= 10, `only ${orders} orders in the window`);
  await sim.configure({ shopify: { bucket_size: page + 2 + Math.floor(page / 2), restore_rate: 10 } });
  const result = await probe(sim, 'shopify', 'orders', { credentials, account: SHOP, from, to },
    { ROI_CONNECTOR_SHOPIFY_PAGE_SIZE: String(page) });
  assert.equal(result.ok, false);
  assert.equal(result.kind, 'rate_limited');
  assert.ok(result.retryAfter >= 1 && result.retryAfter <= 7, String(result.retryAfter));
});
