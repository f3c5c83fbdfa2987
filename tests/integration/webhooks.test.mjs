// /api/webhooks/stripe and /api/webhooks/meta through nginx, signed by independent
// implementations (the stripe npm package, Node's crypto): forged, stale, altered, unsigned,
// replayed, duplicated, out-of-order, failing-then-retried and unknown deliveries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import Stripe from 'stripe';
import { startStack } from '../support/stack.mjs';

const STRIPE_SECRET = 'whsec_integration_test_secret';
const META_SECRET = 'meta-app-secret-for-tests';
const VERIFY_TOKEN = 'meta-verify-token-for-tests';
const EXAMPLE_SECRET = 'example-webhook-secret-for-tests';
const stripe = new Stripe('sk_test_unused');

let stack;
before(async () => {
  // The connectors check and read their own deliveries; the app ids and keys are never used here.
  stack = await startStack('webhooks', {
    connectors: ['stripe', 'meta', 'example', 'google-ads'],
    env: { ROI_BCRYPT_COST: '4', STRIPE_WEBHOOK_SECRET: STRIPE_SECRET, META_APP_SECRET: META_SECRET,
      META_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN, META_APP_ID: 'unused', ROI_CONNECTOR_STRIPE_SECRET_KEY: 'sk_test_unused',
      ROI_CONNECTOR_EXAMPLE_WEBHOOK_SECRET: EXAMPLE_SECRET },
  });
});
after(async () => { await stack?.stop(); });

const now = () => Math.floor(Date.now() / 1000);
let n = 0;

async function trpc(path, { token, input, mutation = false } = {}) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const res = mutation
    ? await fetch(`${stack.url}/api/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) })
    : await fetch(`${stack.url}/api/trpc/${path}`, { headers });
  return res.json();
}

async function newUser() {
  const body = await trpc('auth.register', { mutation: true, input: { email: `hook${process.pid}_${n++}@example.com`, password: 'correct horse battery' } });
  return { id: body.result.data.user.id, token: body.result.data.token };
}

const current = async (user) => (await trpc('subscription.current', { token: user.token })).result.data;

function subscriptionEvent(type, userId, { created = now(), cancelAtPeriodEnd = false, status = 'active', plan = 'pro', id } = {}) {
  return JSON.stringify({
    id: id ?? `evt_${crypto.randomBytes(8).toString('hex')}`, object: 'event', api_version: '2026-08-26.dahlia', created, type,
    data: { object: { id: `sub_for_${userId}`, object: 'subscription', customer: `cus_for_${userId}`, status,
      cancel_at_period_end: cancelAtPeriodEnd, metadata: { user_id: String(userId), plan },
      items: { object: 'list', data: [{ id: 'si_1', object: 'subscription_item', current_period_end: 1893456000 }] } } },
    livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null },
  });
}

async function postStripe(payload, header = stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET })) {
  const headers = { 'content-type': 'application/json' };
  if (header !== null) headers['stripe-signature'] = header;
  const res = await fetch(`${stack.url}/api/webhooks/stripe`, { method: 'POST', headers, body: payload });
  return { status: res.status, body: await res.json() };
}

const eventRow = (id) => stack.sql(`SELECT deliveries, outcome FROM webhook_events WHERE provider = 'stripe' AND event_id = '${id}'`)[0];

test('a genuine Stripe event upgrades the user it names', async () => {
  const user = await newUser();
  assert.equal((await current(user)).plan, 'free');
  const { status, body } = await postStripe(subscriptionEvent('customer.subscription.created', user.id));
  assert.equal(status, 200);
  assert.deepEqual(body, { received: true });
  const sub = await current(user);
  assert.equal(sub.plan, 'pro');
  assert.equal(sub.status, 'active');
  assert.equal(sub.currentPeriodEnd, '2030-01-01T00:00:00Z');
  assert.equal(sub.limits.integrations, 10);
});

test('forged, stale, altered and unsigned deliveries are 401 and change nothing', async () => {
  const user = await newUser();
  const payload = subscriptionEvent('customer.subscription.created', user.id);
  const id = JSON.parse(payload).id;
  const altered = payload.replace('"pro"', '"prp"');
  assert.equal(altered.length, payload.length);
  const cases = {
    forged: [payload, stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' })],
    stale: [payload, stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET, timestamp: now() - 301 })],
    oneByteChanged: [altered, stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET })],
    missingHeader: [payload, null],
    v0Only: [payload, stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET, scheme: 'v0' })],
  };
  for (const [name, [body, header]] of Object.entries(cases)) {
    const res = await postStripe(body, header);
    assert.equal(res.status, 401, name);
  }
  assert.equal(eventRow(id), undefined, 'refused deliveries are not recorded');
  assert.equal((await current(user)).plan, 'free');
});

test('any matching v1 signature is accepted, as while Stripe rolls a secret', async () => {
  const user = await newUser();
  const payload = subscriptionEvent('customer.subscription.created', user.id, { plan: 'starter' });
  const good = stripe.webhooks.generateTestHeaderString({ payload, secret: STRIPE_SECRET });
  const bad = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_old_secret' });
  const header = `${good.split(',')[0]},${bad.split(',')[1]},${good.split(',')[1]}`;
  assert.equal((await postStripe(payload, header)).status, 200);
  assert.equal((await current(user)).plan, 'starter');
});

test('a replayed delivery is acknowledged as a duplicate and never applied twice', async () => {
  const user = await newUser();
  const t = now();
  const cancel = subscriptionEvent('customer.subscription.updated', user.id, { created: t, cancelAtPeriodEnd: true });
  const header = stripe.webhooks.generateTestHeaderString({ payload: cancel, secret: STRIPE_SECRET });
  assert.equal((await postStripe(cancel, header)).status, 200);
  // A later event resumes the subscription; replaying the old cancel must not undo it.
  assert.equal((await postStripe(subscriptionEvent('customer.subscription.updated', user.id, { created: t + 5 }))).status, 200);
  const replay = await postStripe(cancel, header);
  assert.equal(replay.status, 200);
  assert.deepEqual(replay.body, { received: true, duplicate: true });
  assert.equal((await current(user)).cancelAtPeriodEnd, false);
  assert.deepEqual(eventRow(JSON.parse(cancel).id), ['2', 'applied']);
});

test('concurrent duplicates of one event are all acknowledged and applied once', async () => {
  const user = await newUser();
  const payload = subscriptionEvent('customer.subscription.created', user.id);
  const results = await Promise.all(Array.from({ length: 6 }, () => postStripe(payload)));
  for (const r of results) assert.equal(r.status, 200);
  assert.equal(results.filter((r) => !r.body.duplicate).length >= 1, true);
  assert.deepEqual(eventRow(JSON.parse(payload).id), ['6', 'applied']);
  assert.equal((await current(user)).plan, 'pro');
});

test('events delivered out of order never move a subscription backwards', async () => {
  const user = await newUser();
  const t = now();
  const created = subscriptionEvent('customer.subscription.created', user.id, { created: t });
  const updated = subscriptionEvent('customer.subscription.updated', user.id, { created: t, cancelAtPeriodEnd: true });
  const deleted = subscriptionEvent('customer.subscription.deleted', user.id, { created: t + 60, status: 'canceled', cancelAtPeriodEnd: true });
  for (const e of [deleted, updated, created]) assert.equal((await postStripe(e)).status, 200);
  const sub = await current(user);
  assert.equal(sub.status, 'canceled');
  assert.equal(sub.plan, 'free');
  assert.deepEqual(eventRow(JSON.parse(created).id), ['1', 'stale']);
  assert.deepEqual(eventRow(JSON.parse(updated).id), ['1', 'stale']);

  // Same second, reverse order: the later lifecycle step (updated) still wins over created.
  const other = await newUser();
  const u2 = subscriptionEvent('customer.subscription.updated', other.id, { created: t, cancelAtPeriodEnd: true });
  const c2 = subscriptionEvent('customer.subscription.created', other.id, { created: t });
  for (const e of [u2, c2]) assert.equal((await postStripe(e)).status, 200);
  assert.equal((await current(other)).cancelAtPeriodEnd, true);
});

test('unknown event types are accepted, recorded and ignored', async () => {
  const payload = JSON.stringify({ id: 'evt_unknown_type_1', object: 'event', created: now(), type: 'radar.early_fraud_warning.created', data: { object: {} } });
  const res = await postStripe(payload);
  assert.equal(res.status, 200);
  assert.deepEqual(eventRow('evt_unknown_type_1'), ['1', 'ignored']);
});

test('a signed body that is not an event is 400', async () => {
  for (const payload of ['not json', '[]', '{"type":"invoice.paid"}', '{"id":"","type":"x"}']) {
    assert.equal((await postStripe(payload)).status, 400, payload);
  }
});

test('a failing delivery answers 500, stays unprocessed, and its retry applies once', async () => {
  const missingUser = 900000 + (process.pid % 1000);
  const payload = subscriptionEvent('customer.subscription.created', missingUser);
  const first = await postStripe(payload);
  assert.equal(first.status, 500);
  assert.deepEqual(eventRow(JSON.parse(payload).id), ['1', '']);
  stack.sql(`INSERT INTO users (id, email) OVERRIDING SYSTEM VALUE VALUES (${missingUser}, 'late${missingUser}@example.com')`);
  assert.equal((await postStripe(payload)).status, 200);
  assert.equal((await postStripe(payload)).body.duplicate, true);
  assert.deepEqual(eventRow(JSON.parse(payload).id), ['3', 'applied']);
  assert.deepEqual(stack.sql(`SELECT plan FROM subscriptions WHERE user_id = ${missingUser}`), [['pro']]);
});

test('GET and unknown providers are refused', async () => {
  assert.equal((await fetch(`${stack.url}/api/webhooks/stripe`)).status, 405);
  assert.equal((await fetch(`${stack.url}/api/webhooks/nope`, { method: 'POST', body: '{}' })).status, 404);
});

const metaSign = (body, secret = META_SECRET) => `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
async function postMeta(body, signature) {
  const headers = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const res = await fetch(`${stack.url}/api/webhooks/meta`, { method: 'POST', headers, body });
  return { status: res.status, body: await res.json() };
}

test('Meta subscription handshake echoes the challenge only for the right token', async () => {
  const q = (token) => new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': token });
  const ok = await fetch(`${stack.url}/api/webhooks/meta?${q(VERIFY_TOKEN)}`);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), '1158201444');
  assert.equal((await fetch(`${stack.url}/api/webhooks/meta?${q('wrong-token')}`)).status, 403);
  assert.equal((await fetch(`${stack.url}/api/webhooks/meta`)).status, 403);
});

test('Meta notifications are verified over the raw body and deduplicated', async () => {
  const body = JSON.stringify({ object: 'ad_account', entry: [{ id: '123', time: now(), changes: [{ field: 'in_process_ad_objects', value: { id: '1' } }] }] });
  assert.equal((await postMeta(body, metaSign(body))).status, 200);
  assert.equal((await postMeta(body, metaSign(body))).body.duplicate, true);
  assert.equal((await postMeta(body, metaSign(body, 'other-secret'))).status, 401);
  assert.equal((await postMeta(body.replace('123', '124'), metaSign(body))).status, 401);
  assert.equal((await postMeta(body, null)).status, 401);
  assert.equal((await postMeta('{"entry":[]}', metaSign('{"entry":[]}'))).status, 400);
});

test('any loaded connector that takes webhooks has its endpoint, the others none', async () => {
  // The SDK's example connector, built like a third party's: "<id> <type> <account>", signed.
  const body = 'ex_evt_1 report.ready account-1';
  const sign = (secret) => crypto.createHmac('sha256', secret).update(body).digest('base64');
  const post = (id, signature) => fetch(`${stack.url}/api/webhooks/${id}`, {
    method: 'POST', headers: { 'content-type': 'text/plain', 'x-example-signature': signature }, body });
  assert.equal((await post('example', sign(EXAMPLE_SECRET))).status, 200);
  assert.equal((await post('example', sign(EXAMPLE_SECRET))).status, 200);
  assert.deepEqual(stack.sql(`SELECT deliveries, outcome FROM webhook_events WHERE provider = 'example' AND event_id = 'ex_evt_1'`),
    [['2', 'ignored']]);
  assert.equal((await post('example', sign('someone-else'))).status, 401);
  assert.equal((await post('google-ads', sign(EXAMPLE_SECRET))).status, 404, 'loaded, takes no webhooks');
});
