// Any connector that loads can be connected and shown, the host knowing none by name:
// integrations.platforms describes them, integrations.connect runs OAuth (through the real
// callback) or a form, the older connect<Platform> names still answer, settings come from the
// connector's own declaration (a missing required one refuses the load, a changed one is picked
// up by a reload), and the dashboard filters on any connector id, loaded or not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { CONNECTORS_DIR } from '../support/connectors.mjs';
import { callback, connectorStack, consent, newUser } from '../support/e2e.mjs';
import { GOOGLE, META, STRIPE, Simulator } from '../support/simulator.mjs';
import { rejectsWith, trpcClient } from '../support/trpc.mjs';

const FAKE_CONNECTORS = process.env.ROI_FAKE_CONNECTOR_DIR;
const EXAMPLE_SECRET = 'example-client-secret-never-shown';

let sim;
let stack;    // every in-tree connector, the form test connector and the example
let refused;  // Google Ads without its developer token, and Meta
let config;   // stack's configuration file

function writeConfig(clientId) {
  fs.writeFileSync(config, `${fs.readFileSync(path.join(process.env.ROI_REPO, 'conf/roi.yaml'), 'utf8')}
connectors:
  example:
    client_id: ${clientId}
    client_secret: ${EXAMPLE_SECRET}
`);
}

async function admin(s) {
  const r = await s.admin('/admin/plugins');
  assert.equal(r.status, 200);
  return r.text();
}

before(async () => {
  sim = await Simulator.start();
  stack = connectorStack('connect', sim, {
    connectors: ['google-ads', 'meta', 'shopify', 'stripe'],
    env: { STRIPE_SECRET_KEY: STRIPE.secretKey },  // the spec's name, an alias the connector declares
  });
  config = path.join(stack.state, 'roi.yaml');
  writeConfig('first-client');
  stack.env.ROI_CONFIG = config;
  fs.copyFileSync(path.join(FAKE_CONNECTORS, 'form_connector.so'), path.join(stack.pluginsDir, 'form.so'));
  fs.copyFileSync(path.join(CONNECTORS_DIR, 'example_connector.so'), path.join(stack.pluginsDir, 'example.so'));
  refused = connectorStack('connect_refused', sim, {
    connectors: ['google-ads', 'meta'], env: { GOOGLE_ADS_DEVELOPER_TOKEN: '' },
  });
  await Promise.all([stack.start(), refused.start()]);
});
after(async () => {
  await stack?.stop();
  await refused?.stop();
  await sim?.stop();
});

test('integrations.platforms lists every connector a user can connect, and how, to anyone', async () => {
  const platforms = await trpcClient(stack.url).integrations.platforms.query();
  assert.deepEqual(platforms.map((p) => p.id), ['example', 'form-test', 'google-ads', 'meta', 'shopify']);
  const byId = Object.fromEntries(platforms.map((p) => [p.id, p]));
  assert.deepEqual(byId['google-ads'], {
    id: 'google-ads', name: 'Google Ads', version: byId['google-ads'].version, capabilities: ['ads'],
    connect: { method: 'oauth2', schema: null },
  });
  assert.equal(byId.shopify.connect.method, 'oauth2');
  assert.deepEqual(byId.shopify.connect.schema.required, ['shop']);
  assert.equal(byId.shopify.connect.schema.properties.shop.type, 'string');
  assert.equal(byId['form-test'].connect.method, 'form');
  assert.equal(byId['form-test'].connect.schema.properties.api_key.writeOnly, true);
});

test('integrations.connect runs an OAuth connect that the real callback finishes', async () => {
  const { api } = await newUser(stack, 'agency');
  const started = await api.integrations.connect.mutate({ platform: 'google-ads' });
  assert.deepEqual(Object.keys(started).sort(), ['authorizeUrl', 'method', 'platform']);
  assert.equal(started.method, 'oauth2');
  assert.equal(new URL(started.authorizeUrl).searchParams.get('redirect_uri'), `${stack.url}/api/oauth/google-ads/callback`);
  const landing = await callback(stack, await consent(started.authorizeUrl));
  assert.equal(landing.get('status'), 'connected', landing.get('message'));
  const listed = await api.integrations.list.query();
  assert.deepEqual(listed.map((i) => i.accountId).sort(),
    (await sim.accounts('google-ads')).accounts.map((a) => a.id).sort());
});

test('integrations.connect names the platform or the field it refuses', async () => {
  const { api } = await newUser(stack, 'agency');
  const connect = (input) => api.integrations.connect.mutate(input);
  const gone = await rejectsWith(connect({ platform: 'myspace' }), 'NOT_FOUND', 'platform');
  assert.match(gone.message, /unavailable/);
  await rejectsWith(connect({ platform: 'Not An Id' }), 'BAD_REQUEST', 'platform');
  await rejectsWith(connect({ platform: 'stripe' }), 'BAD_REQUEST', 'platform');
  await rejectsWith(connect({ platform: 'shopify' }), 'BAD_REQUEST', 'params.shop');
  await rejectsWith(connect({ platform: 'shopify', params: { shop: 'evil.com' } }), 'BAD_REQUEST', 'params.shop');
  await rejectsWith(connect({ platform: 'form-test', params: { api_key: 'x' } }), 'BAD_REQUEST', 'params.api_key');
  await rejectsWith(connect({ platform: 'form-test', params: { api_key: 'good-key', region: 'mars' } }), 'BAD_REQUEST', 'params.region');
  await rejectsWith(connect({ platform: 'form-test', params: { api_key: 'good-key', extra: 'x' } }), 'BAD_REQUEST', 'params.extra');
  await rejectsWith(connect({ platform: 'google-ads', params: { shop: 'x' } }), 'BAD_REQUEST', 'params');
  await rejectsWith(connect({ platform: 'google-ads', params: { n: 1 } }), 'BAD_REQUEST', 'params.n');
  assert.deepEqual(await api.integrations.list.query(), []);
});

test('a form connect checks the credentials and stores every account sealed, as the list shows them', async () => {
  const { api } = await newUser(stack, 'agency');
  const result = await api.integrations.connect.mutate({ platform: 'form-test', params: { api_key: 'good-key', region: 'us' } });
  assert.equal(result.method, 'form');
  assert.equal(result.platform, 'form-test');
  assert.deepEqual(result.integrations.map((i) => i.accountId).sort(), ['f-1', 'f-2']);
  // As the list shows them; their first syncs (queued by the connect) move on meanwhile.
  const stable = (list) => list.map(({ id, platform, accountId, accountName, currency }) => ({ id, platform, accountId, accountName, currency }));
  assert.deepEqual(stable(result.integrations), stable((await api.integrations.list.query()).filter((i) => i.platform === 'form-test')));
  for (const i of result.integrations) assert.ok(i.sync !== null || i.lastRun !== null, 'the connect started a sync');
  const ids = result.integrations.map((i) => i.id).join(',');
  assert.deepEqual(stack.sql(`SELECT count(*) FROM integrations WHERE id IN (${ids}) AND token_key_id IS NOT NULL
    AND position(convert_to('tok-us', 'UTF8') in access_token) = 0`), [['2']]);
});

test('a form connect keeps to the plan, like an OAuth one', async () => {
  const { api } = await newUser(stack, 'free');
  const first = await api.integrations.connect.mutate({ platform: 'form-test', params: { api_key: 'good-key' } });
  assert.deepEqual(first.integrations.map((i) => i.accountId), ['f-1']);
  const refusedMore = await rejectsWith(api.integrations.connect.mutate({ platform: 'google-ads' }), 'FORBIDDEN');
  assert.equal(refusedMore.data.limit, 'integrations');
});

test('a refused form names the problem and never echoes the secret', async () => {
  const { api } = await newUser(stack, 'agency');
  const secret = 'wrong-key-1234567';
  const e = await rejectsWith(api.integrations.connect.mutate({ platform: 'form-test', params: { api_key: secret } }),
    'BAD_REQUEST', 'params');
  assert.match(e.message, /Form Test did not accept these details: the key .* is not valid/);
  assert.ok(!e.message.includes(secret));
  assert.ok(!stack.hostLog().includes(secret), 'the secret is in the host log');
  assert.deepEqual(await api.integrations.list.query(), []);
});

test('a secret that also stands in the redaction mark is hidden without hanging the request', async () => {
  const { api } = await newUser(stack, 'agency');
  for (const secret of ['hidden', 'hidd', 'dden']) {
    const e = await rejectsWith(api.integrations.connect.mutate({ platform: 'form-test', params: { api_key: secret } }),
      'BAD_REQUEST', 'params', secret);
    assert.match(e.message, /Form Test did not accept these details/, secret);
  }
});

test('connectGoogleAds, connectMeta and connectShopify answer as before', async () => {
  const { api } = await newUser(stack, 'agency');
  const google = await api.integrations.connectGoogleAds.mutate();
  assert.deepEqual(Object.keys(google).sort(), ['authorizeUrl', 'platform']);
  assert.equal(google.platform, 'google-ads');
  assert.equal((await api.integrations.connectMeta.mutate()).platform, 'meta');
  const shop = 'alias-store.myshopify.com';
  const shopify = await api.integrations.connectShopify.mutate({ shop });
  assert.deepEqual(Object.keys(shopify).sort(), ['authorizeUrl', 'platform', 'shop']);
  assert.equal(shopify.shop, shop);
  assert.equal(shopify.platform, 'shopify');
  await rejectsWith(api.integrations.connectShopify.mutate({ shop: 'evil.com' }), 'BAD_REQUEST', 'params.shop');
  await rejectsWith(api.integrations.connectMyspace.mutate(), 'NOT_FOUND');
});

test('a setting changed in the configuration file is taken by a reload, without a restart', async () => {
  const { api } = await newUser(stack, 'agency');
  const clientOf = async () => new URL((await api.integrations.connect.mutate({ platform: 'example' })).authorizeUrl)
    .searchParams.get('client_id');
  assert.equal(await clientOf(), 'first-client');
  const pid = stack.host.pid;
  writeConfig('second-client');
  const r = await stack.admin('/admin/plugins/reload', { method: 'POST' });
  const reload = (await r.json()).reload;
  assert.equal(reload.swapped, 1, JSON.stringify(reload));
  assert.equal(await clientOf(), 'second-client');
  assert.equal(stack.host.pid, pid);
  const shown = await admin(stack);
  for (const secret of [EXAMPLE_SECRET, STRIPE.secretKey, GOOGLE.clientSecret, META.appSecret]) {
    assert.ok(!shown.includes(secret), 'a secret is on /admin/plugins');
  }
});

test('a connector missing a required setting is refused at load, by name, while the others serve', async () => {
  const files = JSON.parse(await admin(refused)).files;
  const google = files.find((f) => f.file === 'google_ads.so');
  assert.equal(google.serving, null);
  assert.equal(google.lastRefusal.reason, 'settings_missing');
  assert.match(google.lastRefusal.message, /developer_token \(ROI_CONNECTOR_GOOGLE_ADS_DEVELOPER_TOKEN\)/);
  assert.ok(!(await admin(refused)).includes(GOOGLE.clientSecret));
  const listed = await trpcClient(refused.url).system.connectors.query();
  assert.deepEqual(listed.map((c) => c.id), ['meta']);
  const { api } = await newUser(refused, 'agency');
  await rejectsWith(api.integrations.connect.mutate({ platform: 'google-ads' }), 'NOT_FOUND', 'platform');
  const meta = await api.integrations.connect.mutate({ platform: 'meta' });
  assert.equal((await callback(refused, await consent(meta.authorizeUrl))).get('status'), 'connected');
});

test('dashboard filters take any connector id, and a removed connector\'s rows still show', async () => {
  const user = await newUser(stack, 'agency');
  const day = '2026-03-10';
  const [acme, google, shop] = ['acme-ads', 'google-ads', 'shopify'].map((platform, i) => Number(stack.sql(
    `INSERT INTO integrations (user_id, platform, account_id) VALUES (${user.id}, '${platform}', 'a${i}') RETURNING id`)[0][0]));
  for (const [integration, platform, spend] of [[acme, 'acme-ads', 7_000_000], [google, 'google-ads', 5_000_000]]) {
    const campaign = Number(stack.sql(`INSERT INTO campaigns (integration_id, external_id, name, platform, status, currency)
      VALUES (${integration}, 'c1', '${platform} campaign', '${platform}', 'active', 'USD') RETURNING id`)[0][0]);
    stack.sql(`INSERT INTO daily_metrics (campaign_id, date, spend_micros, impressions, clicks, conversions_milli, revenue_micros)
      VALUES (${campaign}, '${day}', ${spend}, 100, 10, 1000, 20000000)`);
  }
  stack.sql(`INSERT INTO orders (integration_id, external_id, ordered_at, currency, gross_micros)
    VALUES (${shop}, 'o1', '${day}T12:00:00Z', 'USD', 3000000)`);
  stack.sql(`SELECT dashboard_refresh(id, '-infinity', 'infinity') FROM integrations WHERE user_id = ${user.id}`);
  const range = { start: '2026-03-01', end: '2026-03-31' };

  const overview = await user.api.dashboard.overview.query({ ...range, platforms: ['acme-ads'] });
  assert.deepEqual(overview.platforms.map((p) => p.platform), ['acme-ads', 'shopify']);
  assert.equal(overview.totals[0].spendMicros, '7000000');
  assert.equal(overview.totals[0].storeRevenueMicros, '3000000');
  const campaigns = await user.api.dashboard.campaigns.query({ ...range, platform: 'acme-ads' });
  assert.deepEqual(campaigns.items.map((c) => c.name), ['acme-ads campaign']);
  const trends = await user.api.dashboard.trends.query({ ...range, granularity: 'month', metrics: ['spend', 'storeRevenue'], platform: 'acme-ads' });
  assert.deepEqual(trends.series[0].points.map((p) => [p.spendMicros, p.storeRevenueMicros]), [['7000000', '3000000']]);
  await rejectsWith(user.api.dashboard.overview.query({ ...range, platforms: ['Acme Ads'] }), 'BAD_REQUEST');
});
