// Billing end to end through nginx, with the platform simulator standing in for Stripe: upgrade
// through a Checkout Session and the events the simulator sends (out of order, duplicated),
// see subscription.current change, move between paid plans (a prorated subscription update),
// cancel at period end, choose a plan again, and Stripe ending the subscription.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connectorStack, newUser, until, FRONTEND } from '../support/e2e.mjs';
import { trpcClient, rejectsWith } from '../support/trpc.mjs';
import { Simulator, STRIPE } from '../support/simulator.mjs';

const PRICES = { starter: 'price_sim_starter', pro: 'price_sim_pro', agency: 'price_sim_agency' };
let sim;
let stack;

before(async () => {
  sim = await Simulator.start();
  stack = connectorStack('billing', sim, {
    connectors: ['stripe'],
    env: {
      STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret,
      ROI_CONNECTOR_STRIPE_SECRET_KEY: STRIPE.secretKey, ROI_CONNECTOR_STRIPE_API_BASE: sim.stripeBase,
      ROI_CONNECTOR_STRIPE_PRICE_STARTER: PRICES.starter, ROI_CONNECTOR_STRIPE_PRICE_PRO: PRICES.pro,
      ROI_CONNECTOR_STRIPE_PRICE_AGENCY: PRICES.agency,
    },
  });
  await stack.start();
  await sim.configure({ stripe: { webhook_url: `${stack.url}/api/webhooks/stripe` } });
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

const client = (token) => trpcClient(stack.url, token);

test('upgrade through checkout and out-of-order events, then cancel at period end', async () => {
  const { api: user } = await newUser(stack);
  const before = await user.subscription.current.query();
  assert.equal(before.plan, 'free');
  assert.equal(before.limits.integrations, 1);

  const { url, sessionId } = await user.subscription.upgrade.mutate({ plan: 'pro' });
  assert.match(sessionId, /^cs_test_/);
  assert.equal(url, `${sim.url}/checkout.stripe.com/c/pay/${sessionId}`);
  assert.equal((await fetch(url)).status, 200);
  const sent = (await sim.requests('stripe')).find((r) => r.path.endsWith('/v1/checkout/sessions'));
  assert.ok(sent, 'the connector created the session on the simulator');

  // The customer pays; Stripe's three events reach nginx newest first.
  const done = await sim.completeCheckout(sessionId, 'reverse');
  assert.deepEqual(done.deliveries.map((d) => d.type),
    ['invoice.paid', 'customer.subscription.created', 'checkout.session.completed']);
  for (const d of done.deliveries) assert.equal(d.status, 200, JSON.stringify(d));

  const after = await user.subscription.current.query();
  assert.equal(after.plan, 'pro');
  assert.equal(after.status, 'active');
  assert.equal(after.cancelAtPeriodEnd, false);
  assert.equal(after.limits.integrations, 10);
  const days = (Date.parse(after.currentPeriodEnd) - Date.now()) / 86400000;
  assert.ok(days > 29 && days <= 30, after.currentPeriodEnd);

  await rejectsWith(user.subscription.upgrade.mutate({ plan: 'pro' }), 'CONFLICT');

  const cancelled = await user.subscription.cancel.mutate();
  assert.equal(cancelled.plan, 'pro');
  assert.equal(cancelled.cancelAtPeriodEnd, true);
  // Stripe's customer.subscription.updated follows asynchronously and agrees.
  const updated = await until('the cancellation event', async () =>
    (await sim.stripeDeliveries()).find((d) => d.type === 'customer.subscription.updated'));
  assert.equal(updated.status, 200);
  const final = await user.subscription.current.query();
  assert.equal(final.plan, 'pro');
  assert.equal(final.cancelAtPeriodEnd, true);
});

// Once the host has processed `event` (its webhook delivery).
const applied = (event) => until(`event ${event.id} to be applied`, () =>
  stack.sql(`SELECT processed_at IS NOT NULL FROM webhook_events WHERE event_id = '${event.id}'`)[0]?.[0] === 't');

// The updated events Stripe sent for `subscription`, oldest first.
async function updatesOf(subscription) {
  const events = await sim.stripeEvents();
  return events.filter((e) => e.type === 'customer.subscription.updated' && JSON.parse(e.payload).data.object.id === subscription);
}

test('a paying user moves between paid plans at once, prorated; a cancelling one chooses a plan again', async () => {
  const { api: user } = await newUser(stack);
  const { sessionId } = await user.subscription.upgrade.mutate({ plan: 'starter' });
  const { session } = await sim.completeCheckout(sessionId);
  assert.equal((await user.subscription.current.query()).plan, 'starter');

  const changed = await user.subscription.upgrade.mutate({ plan: 'agency' });
  assert.equal(changed.method, 'changed');
  assert.equal(changed.url, null);
  assert.equal(changed.subscription.plan, 'agency');
  assert.equal(changed.subscription.status, 'active');
  assert.equal(changed.subscription.cancelAtPeriodEnd, false);
  assert.equal(changed.subscription.limits.integrations, null);
  // The connector read the subscription's item and replaced its price with proration, as Stripe's
  // subscription update takes it.
  const update = (await sim.requests('stripe')).filter((r) => r.method === 'POST' && r.path.endsWith(`/v1/subscriptions/${session.subscription}`)).at(-1);
  assert.equal(update.params['items[0][price]'], PRICES.agency);
  assert.match(update.params['items[0][id]'], /^si_/);
  assert.equal(update.params.proration_behavior, 'create_prorations');
  // The webhook that follows says the same, and applying it changes nothing.
  const [event] = await until('the plan change event', async () => {
    const list = await updatesOf(session.subscription);
    return list.length === 1 && list;
  });
  const object = JSON.parse(event.payload).data.object;
  assert.equal(object.items.data[0].price.id, PRICES.agency);
  assert.equal(object.metadata.plan, 'agency');
  await applied(event);
  assert.deepEqual(await user.subscription.current.query(), changed.subscription);

  // Cancelling at period end, then choosing a plan again: the same subscription moves to it and
  // runs on (the pending cancellation withdrawn), no new checkout.
  assert.equal((await user.subscription.cancel.mutate()).cancelAtPeriodEnd, true);
  const [, cancelEvent] = await until('the cancellation event', async () => {
    const list = await updatesOf(session.subscription);
    return list.length === 2 && list;
  });
  await applied(cancelEvent);
  const again = await user.subscription.upgrade.mutate({ plan: 'pro' });
  assert.equal(again.method, 'changed');
  assert.equal(again.subscription.plan, 'pro');
  assert.equal(again.subscription.cancelAtPeriodEnd, false);
  const [, , last] = await until('the change event', async () => {
    const list = await updatesOf(session.subscription);
    return list.length === 3 && list;
  });
  await applied(last);
  const now = await user.subscription.current.query();
  assert.equal(now.plan, 'pro');
  assert.equal(now.cancelAtPeriodEnd, false);
  assert.deepEqual(now, again.subscription);
  // Asking for the plan one is on is a conflict, not a charge.
  await rejectsWith(user.subscription.upgrade.mutate({ plan: 'pro' }), 'CONFLICT');
});

test('the hosted checkout is completed by a click and lands on the frontend page', async () => {
  const { api: user } = await newUser(stack);
  const { url, sessionId } = await user.subscription.upgrade.mutate({ plan: 'pro' });
  const page = await (await fetch(url)).text();
  const action = page.match(/<form method="post" action="([^"]+)"/)?.[1];
  assert.ok(action, page);
  // What the browser sends for the button: a form POST to the page's own URL.
  const paid = await fetch(new URL(action, url), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual',
  });
  assert.equal(paid.status, 303);
  const landing = new URL(paid.headers.get('location'));
  assert.equal(landing.origin + landing.pathname, `${FRONTEND}/`);
  assert.equal(landing.searchParams.get('checkout'), 'success');
  assert.equal(landing.searchParams.get('session_id'), sessionId);
  await until('the plan', async () => (await user.subscription.current.query()).plan === 'pro');
  // The page of a paid session cannot be paid again.
  assert.equal((await fetch(url)).status, 410);
});

test('duplicated deliveries and redeliveries apply once; Stripe ending the subscription returns the user to free', async () => {
  const { api: user } = await newUser(stack);
  const { sessionId } = await user.subscription.upgrade.mutate({ plan: 'starter' });
  const done = await sim.completeCheckout(sessionId, 'duplicate');
  assert.equal(done.deliveries.length, 6);
  for (const d of done.deliveries) assert.equal(d.status, 200);
  const rows = stack.sql(`SELECT deliveries FROM webhook_events WHERE event_id IN ('${done.events.join("','")}') ORDER BY event_id`);
  assert.deepEqual(rows, [['2'], ['2'], ['2']]);
  assert.equal((await user.subscription.current.query()).plan, 'starter');

  const redelivered = await sim.redeliverStripeEvent(done.events[0]);
  assert.equal(redelivered[0].status, 200);

  // The subscription ends (as at the end of a cancelled period): Stripe deletes it.
  const subId = done.session.subscription;
  const res = await fetch(`${sim.stripeBase}/v1/subscriptions/${subId}`, {
    method: 'DELETE', headers: { authorization: `Bearer ${STRIPE.secretKey}` },
  });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, 'canceled');
  await until('the subscription to end', async () => (await user.subscription.current.query()).status === 'canceled');
  const ended = await user.subscription.current.query();
  assert.equal(ended.plan, 'free');
  assert.equal(ended.limits.integrations, 1);

  // A user whose subscription ended chooses a plan again through a new checkout.
  const again = await user.subscription.upgrade.mutate({ plan: 'pro' });
  assert.equal(again.method, 'checkout');
  await sim.completeCheckout(again.sessionId);
  await until('the new plan', async () => (await user.subscription.current.query()).plan === 'pro');
  assert.equal((await user.subscription.current.query()).status, 'active');
});

test('usage counts active integrations and this month\'s reports against the plan', async () => {
  const { api: user } = await newUser(stack);
  const { user: me } = await user.auth.me.query();
  stack.sql(`INSERT INTO integrations (user_id, platform, account_id, is_active) VALUES
    (${me.id}, 'meta', 'act_1', true), (${me.id}, 'google-ads', '123', false)`);
  // Reports are counted by generation in the month, whether or not they still exist.
  stack.sql(`INSERT INTO report_generations (user_id, month, generated) VALUES
    (${me.id}, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 1),
    (${me.id}, '2020-01-01', 2)`);
  const sub = await user.subscription.current.query();
  assert.deepEqual(sub.usage, { integrations: 1, reportsThisMonth: 1, nextManualSyncAt: null });
  assert.deepEqual(sub.limits, { integrations: 1, syncIntervalMinutes: 1440, reportsPerMonth: 3, manualSyncIntervalMinutes: 60 });
});

test('cancel without a paid subscription and unknown plans are refused', async () => {
  const { api: user } = await newUser(stack);
  await rejectsWith(user.subscription.cancel.mutate(), 'PRECONDITION_FAILED');
  await rejectsWith(user.subscription.upgrade.mutate({ plan: 'free' }), 'BAD_REQUEST');
  await rejectsWith(user.subscription.upgrade.mutate({ plan: 'enterprise' }), 'BAD_REQUEST');
  await rejectsWith(client().subscription.current.query(), 'UNAUTHORIZED');
});
