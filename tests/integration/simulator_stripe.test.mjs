// The simulator's Stripe as the stripe npm package and Stripe's docs expect it: form-encoded
// requests with a secret key, Stripe's objects and error envelope, and webhook deliveries whose
// Stripe-Signature the package's own constructEvent accepts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import Stripe from 'stripe';
import { Simulator, STRIPE } from '../support/simulator.mjs';

const stripe = new Stripe('sk_test_unused');
let sim;
let receiver;
const received = [];

before(async () => {
  sim = await Simulator.start();
  // A webhook endpoint that checks each delivery with the stripe package and answers 200.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const event = stripe.webhooks.constructEvent(body, req.headers['stripe-signature'], STRIPE.webhookSecret);
      received.push(event);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  await sim.configure({ stripe: { webhook_url: `http://127.0.0.1:${receiver.address().port}/hooks` } });
});
after(async () => {
  receiver?.close();
  await sim?.stop();
});

async function api(method, path, form, key = STRIPE.secretKey) {
  const headers = key ? { authorization: `Bearer ${key}` } : {};
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(`${sim.stripeBase}/v1/${path}`, { method, headers, body: form ? new URLSearchParams(form) : undefined });
  return { status: res.status, body: await res.json() };
}

const checkoutForm = {
  mode: 'subscription', 'line_items[0][price]': 'price_sim_pro', 'line_items[0][quantity]': '1',
  client_reference_id: '42', customer_email: 'a@example.com', success_url: 'https://app.example.com/ok',
  cancel_url: 'https://app.example.com/no', 'metadata[plan]': 'pro', 'subscription_data[metadata][user_id]': '42',
};

test('checkout completes into a customer and an active subscription, events signed as Stripe signs', async () => {
  const session = await api('POST', 'checkout/sessions', checkoutForm);
  assert.equal(session.status, 200);
  assert.equal(session.body.object, 'checkout.session');
  assert.equal(session.body.status, 'open');
  assert.equal(session.body.subscription, null);
  const done = await sim.completeCheckout(session.body.id);
  for (const d of done.deliveries) assert.equal(d.status, 200, JSON.stringify(d));
  assert.deepEqual(received.map((e) => e.type), ['checkout.session.completed', 'customer.subscription.created', 'invoice.paid']);
  const sub = received[1].data.object;
  assert.equal(sub.object, 'subscription');
  assert.equal(sub.status, 'active');
  assert.deepEqual(sub.metadata, { user_id: '42' });
  assert.ok(sub.items.data[0].current_period_end > received[1].created);
  assert.equal(received[0].data.object.client_reference_id, '42');

  const retrieved = await api('GET', `subscriptions/${sub.id}`);
  assert.equal(retrieved.body.id, sub.id);
  const updated = await api('POST', `subscriptions/${sub.id}`, { cancel_at_period_end: 'true' });
  assert.equal(updated.body.cancel_at_period_end, true);
  const cancelled = await api('DELETE', `subscriptions/${sub.id}`);
  assert.equal(cancelled.body.status, 'canceled');
  for (let i = 0; i < 250 && received.length < 5; i++) await new Promise((r) => setTimeout(r, 20));
  // Asynchronous deliveries, like Stripe's, promise no order between the two.
  assert.deepEqual(received.slice(3).map((e) => e.type).sort(), ['customer.subscription.deleted', 'customer.subscription.updated']);
  const update = received.find((e) => e.type === 'customer.subscription.updated');
  assert.deepEqual(update.data.previous_attributes, { cancel_at: null, cancel_at_period_end: false });
});

test('errors come in Stripe\'s envelope with its statuses', async () => {
  const noKey = await api('GET', 'subscriptions/sub_x', undefined, null);
  assert.equal(noKey.status, 401);
  assert.equal(noKey.body.error.type, 'invalid_request_error');
  assert.equal((await api('GET', 'subscriptions/sub_x', undefined, 'sk_test_wrong')).status, 401);
  const missing = await api('GET', 'subscriptions/sub_nope');
  assert.equal(missing.status, 404);
  assert.deepEqual([missing.body.error.code, missing.body.error.param], ['resource_missing', 'id']);
  const noPrice = await api('POST', 'checkout/sessions', { ...checkoutForm, 'line_items[0][price]': '' });
  assert.equal(noPrice.status, 400);
  assert.deepEqual([noPrice.body.error.code, noPrice.body.error.param], ['parameter_missing', 'line_items[0][price]']);
});
