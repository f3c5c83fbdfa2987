// Connecting a Shopify store through nginx as a signed-in user: connectShopify checks the shop and
// returns the install URL on it, the simulated shop approves, our callback checks the query HMAC,
// the timestamp and the state, and the shop is listed; every tampered callback is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { TRPCClientError } from '@trpc/client';

import { callback, connectorStack, newUser, until } from '../support/e2e.mjs';
import { Simulator, SHOPIFY, decimalToMicros } from '../support/simulator.mjs';
import { lastRun } from '../support/sync.mjs';

let sim;
let stack;

before(async () => {
  sim = await Simulator.start();
  stack = connectorStack('shopify_connect', sim, { connectors: ['shopify'] });
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

// Signs a callback URL's query the way Shopify does (Node's crypto, independent of ours).
function resign(url) {
  url.searchParams.delete('hmac');
  const pairs = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : 1));
  url.searchParams.set('hmac', crypto.createHmac('sha256', SHOPIFY.apiSecret).update(new URLSearchParams(pairs).toString()).digest('hex'));
  return url;
}

async function installCallback(api, shop) {
  const { authorizeUrl } = await api.integrations.connectShopify.mutate({ shop });
  return sim.shopifyAuthorize(authorizeUrl);
}

test('a user connects a Shopify store and sees it listed with its currency', async () => {
  const { api } = await newUser(stack, 'agency');
  const shop = 'e2e-store.myshopify.com';
  const { authorizeUrl } = await api.integrations.connectShopify.mutate({ shop });
  assert.ok(authorizeUrl.startsWith(`${sim.url}/${shop}/admin/oauth/authorize?`), authorizeUrl);
  const result = await callback(stack, await sim.shopifyAuthorize(authorizeUrl));
  assert.equal(result.get('status'), 'connected', result.get('message'));
  assert.equal(result.get('platform'), 'shopify');
  const listed = await api.integrations.list.query();
  assert.equal(listed.length, 1);
  assert.equal(listed[0].platform, 'shopify');
  assert.equal(listed[0].accountId, shop);
  assert.equal(listed[0].currency, (await sim.shopifyOrders(shop)).currency);
});

test('connectShopify refuses anything but a myshopify.com domain', async () => {
  const { api } = await newUser(stack, 'agency');
  for (const shop of ['evil.com', 'x.myshopify.com.evil.com', 'a b.myshopify.com', 'X.myshopify.com', '']) {
    await assert.rejects(api.integrations.connectShopify.mutate({ shop }),
      (e) => e instanceof TRPCClientError && e.data?.code === 'BAD_REQUEST', shop);
  }
});

test('a callback with a changed hmac, a stale timestamp or an unknown state connects nothing', async () => {
  const { api } = await newUser(stack, 'agency');
  const shop = 'tamper-store.myshopify.com';
  const forged = await installCallback(api, shop);
  forged.searchParams.set('hmac', forged.searchParams.get('hmac').replace(/^./, (c) => (c === 'a' ? 'b' : 'a')));
  assert.equal((await callback(stack, forged)).get('status'), 'error');

  const wrongState = await installCallback(api, shop);
  wrongState.searchParams.set('state', 'not-a-state-we-issued');
  resign(wrongState);  // correctly signed, so only the state check can refuse it
  assert.equal((await callback(stack, wrongState)).get('status'), 'error');

  await sim.advanceClock(600);  // the shop signs with a clock ten minutes ahead
  try {
    const stale = await callback(stack, await installCallback(api, shop));
    assert.equal(stale.get('status'), 'error');
  } finally {
    await sim.reset();
  }
  assert.deepEqual(await api.integrations.list.query(), []);
});

test('a connect started for one store connects nothing when another store is approved', async () => {
  const { api } = await newUser(stack, 'agency');
  const { authorizeUrl } = await api.integrations.connectShopify.mutate({ shop: 'asked-store.myshopify.com' });
  // The same install request, approved on another shop: Shopify signs the callback for that shop.
  const elsewhere = authorizeUrl.replace('/asked-store.myshopify.com/', '/other-store.myshopify.com/');
  const back = await sim.shopifyAuthorize(elsewhere);
  assert.equal(back.searchParams.get('shop'), 'other-store.myshopify.com');
  const landing = await callback(stack, back);
  assert.equal(landing.get('status'), 'error');
  assert.match(landing.get('message'), /asked-store\.myshopify\.com/);
  assert.deepEqual(await api.integrations.list.query(), []);
});

test('a connected store\'s orders sync through the host: net of refunds, exactly the simulator\'s', async () => {
  const { api } = await newUser(stack, 'agency');
  const shop = 'synced-store.myshopify.com';
  const connected = await callback(stack, await installCallback(api, shop));
  assert.equal(connected.get('status'), 'connected', connected.get('message'));
  const [integration] = await api.integrations.list.query();
  await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');

  const expected = await sim.shopifyExpected(shop);
  const rows = stack.sql(`SELECT currency, count(*), sum(net_micros), count(DISTINCT external_id)
                          FROM orders WHERE integration_id = ${integration.id} GROUP BY currency ORDER BY 1`);
  assert.deepEqual(rows.map(([currency]) => currency), Object.keys(expected.currencies).sort());
  for (const [currency, count, net, distinct] of rows) {
    assert.equal(Number(count), expected.currencies[currency].orders);
    assert.equal(count, distinct, 'no order stored twice');
    assert.equal(BigInt(net), decimalToMicros(expected.currencies[currency].net));
  }
  // Attribution survives the sync: source, medium and campaign together, direct orders without.
  const [[sourced, withMedium, withCampaign, total]] = stack.sql(
    `SELECT count(utm_source), count(utm_medium), count(utm_campaign), count(*) FROM orders WHERE integration_id = ${integration.id}`);
  assert.ok(Number(sourced) > 0 && Number(sourced) < Number(total), `${sourced} of ${total} attributed`);
  assert.equal(withMedium, sourced);
  assert.equal(withCampaign, sourced);
  // The dashboard's store revenue comes from the same orders, through the rollup the sync keeps.
  const [[rollup]] = stack.sql(`SELECT coalesce(sum(store_revenue_micros), 0) FROM dashboard_daily WHERE integration_id = ${integration.id}`);
  assert.equal(BigInt(rollup), rows.reduce((sum, [, , net]) => sum + BigInt(net), 0n));
});
