#!/usr/bin/env node
// `make run`'s demo account, through the running stack as a user would make it: registers the
// demo user (or signs in when it exists), upgrades it to Pro through Stripe Checkout on the
// platform simulator unless it is on a paid plan, connects the simulator's Google Ads, Meta and
// Shopify accounts through the host's OAuth flows unless they are connected (a connect queues the
// account's first sync at once) and waits until the syncs end. Prints a JSON summary with a session token.
// Usage: demo-data.mjs API_URL SIMULATOR_URL EMAIL PASSWORD SHOP
import { setTimeout as sleep } from 'node:timers/promises';

import { trpcClient } from '../tests/support/trpc.mjs';

const [apiUrl, simUrl, email, password, shop] = process.argv.slice(2);
if (!shop) {
  console.error('usage: demo-data.mjs API_URL SIMULATOR_URL EMAIL PASSWORD SHOP');
  process.exit(2);
}

async function signIn() {
  try {
    return await trpcClient(apiUrl).auth.register.mutate({ email, password, name: 'Demo User' });
  } catch (e) {
    if (e.data?.code !== 'CONFLICT') throw e;
  }
  try {
    return await trpcClient(apiUrl).auth.login.mutate({ email, password });
  } catch (e) {
    if (e.data?.code !== 'UNAUTHORIZED') throw e;
    throw new Error(`${email} exists with another password: set ROI_DEMO_PASSWORD to it, ` +
      'or ROI_DEMO_EMAIL to a new address');
  }
}

// Follows a redirect the way a browser would, without following further; returns the Location.
async function redirectOf(url) {
  const res = await fetch(url, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`${new URL(url).pathname} answered ${res.status}: ${await res.text()}`);
  return res.headers.get('location');
}

// The consent page approves (the simulator's automation switch), then our callback runs.
async function connect(start) {
  const { authorizeUrl } = await start();
  const approved = new URL(authorizeUrl);
  approved.searchParams.set('sim_decision', 'approve');
  const result = new URL(await redirectOf(await redirectOf(approved))).searchParams;
  if (result.get('status') !== 'connected') throw new Error(`connect failed: ${result.get('message')}`);
}

// One line on failure: `make run` prints it beside its warning and keeps the stack running.
process.on('uncaughtException', (e) => {
  console.error(`demo-data: ${e?.message ?? e}`);
  process.exit(1);
});

const { token } = await signIn();
const api = trpcClient(apiUrl, token);

if ((await api.subscription.current.query()).plan === 'free') {
  const { sessionId } = await api.subscription.upgrade.mutate({ plan: 'pro' });
  // The customer pays on Stripe's hosted page; Stripe's events reach our webhook before this answers.
  const paid = await fetch(`${simUrl}/_sim/stripe/checkout/${sessionId}/complete`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"delivery":"normal"}',
  });
  if (!paid.ok) throw new Error(`checkout completion answered ${paid.status}`);
}

// A restarted `make run` keeps its keys and the simulator its tokens: what is connected stays so.
const connected = new Set((await api.integrations.list.query()).filter((i) => i.status === 'active').map((i) => i.platform));
if (!connected.has('google-ads')) await connect(() => api.integrations.connectGoogleAds.mutate());
if (!connected.has('meta')) await connect(() => api.integrations.connectMeta.mutate());
if (!connected.has('shopify')) await connect(() => api.integrations.connectShopify.mutate({ shop }));

const integrations = await api.integrations.list.query();
for (const end = Date.now() + 120000; ; await sleep(250)) {
  const listed = await api.integrations.list.query();
  if (listed.every((i) => i.sync === null)) {
    const failed = listed.filter((i) => i.lastRun?.outcome !== 'succeeded');
    if (failed.length) throw new Error(`sync failed: ${failed.map((i) => `${i.platform} ${i.lastRun?.error}`).join('; ')}`);
    break;
  }
  if (Date.now() > end) throw new Error('the syncs did not finish within two minutes');
}

const plan = (await api.subscription.current.query()).plan;
console.log(JSON.stringify({ token, plan, integrations: integrations.map((i) => `${i.platform} ${i.accountName ?? i.accountId}`) }));
