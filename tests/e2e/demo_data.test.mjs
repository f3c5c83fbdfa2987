// `make run`'s demo user (scripts/demo-data.mjs) against a stack like make run's: the newcomer who
// signs in sees a Pro plan, the three platforms connected and a dashboard with synced numbers;
// running it again (every make run does) signs in instead and adds no integrations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { Simulator, STRIPE } from '../support/simulator.mjs';
import { syncStack } from '../support/sync.mjs';
import { trpcClient } from '../support/trpc.mjs';

const run = promisify(execFile);
const EMAIL = 'demo@example.com';
const PASSWORD = 'demo password';
const SHOP = 'demo-store.myshopify.com';
let sim;
let stack;

before(async () => {
  sim = await Simulator.start({ settings: { 'google-ads.days': 90, 'meta.days': 90, 'shopify.days': 90 } });
  stack = syncStack('demo_data', sim, { platforms: ['google-ads', 'meta', 'shopify', 'stripe'], env: {
    STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret, ROI_CONNECTOR_STRIPE_SECRET_KEY: STRIPE.secretKey,
    ROI_CONNECTOR_STRIPE_API_BASE: sim.stripeBase, ROI_CONNECTOR_STRIPE_PRICE_PRO: 'price_sim_pro',
  } });
  await stack.start();
  await sim.configure({ stripe: { webhook_url: `${stack.url}/api/webhooks/stripe` } });
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

// scripts/demo-data.mjs as `make run` calls it; rejects with its exit code and stderr.
const runDemoData = (password) => run('node', [path.join(process.env.ROI_REPO, 'scripts/demo-data.mjs'),
  stack.url, sim.url, EMAIL, password, SHOP], { timeout: 150000 });

async function demoData() {
  return JSON.parse((await runDemoData(PASSWORD)).stdout);
}

// What the newcomer sees after signing in with the printed credentials.
async function dashboard() {
  const { token } = await trpcClient(stack.url).auth.login.mutate({ email: EMAIL, password: PASSWORD });
  const api = trpcClient(stack.url, token);
  const today = new Date().toISOString().slice(0, 10);
  const start = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
  return {
    plan: (await api.subscription.current.query()).plan,
    integrations: await api.integrations.list.query(),
    overview: await api.dashboard.overview.query({ start, end: today }),
  };
}

test('the demo user signs in to a Pro plan with three synced platforms, again after a rerun', async () => {
  const googleAccounts = (await sim.accounts('google-ads')).accounts.length;
  const metaAccounts = (await sim.accounts('meta')).accounts.length;
  for (let round = 0; round < 2; round++) {
    const printed = await demoData();
    assert.equal(printed.plan, 'pro');
    const { plan, integrations, overview } = await dashboard();
    assert.equal(plan, 'pro');
    const platforms = integrations.map((i) => i.platform).sort();
    assert.deepEqual(platforms, [...Array(googleAccounts).fill('google-ads'), ...Array(metaAccounts).fill('meta'), 'shopify'],
      `round ${round}: one integration per account, none added by the rerun`);
    for (const i of integrations) assert.equal(i.lastRun?.outcome, 'succeeded', `${i.platform}: ${i.lastRun?.error}`);
    const spend = overview.platforms.filter((p) => p.platform !== 'shopify').map((p) => BigInt(p.spendMicros));
    assert.ok(spend.length > 0 && spend.every((s) => s > 0n), JSON.stringify(overview.platforms));
    assert.ok(overview.totals.some((t) => BigInt(t.storeRevenueMicros) > 0n), 'the store\'s revenue is in');
  }
});

test('a demo user that exists with another password is one readable line, not a stack trace', async () => {
  const failed = await runDemoData('not the demo password').then(() => null, (e) => e);
  assert.ok(failed, 'it fails');
  assert.equal(failed.code, 1);
  const lines = failed.stderr.trim().split('\n');
  assert.equal(lines.length, 1, failed.stderr);
  assert.match(lines[0], /^demo-data: demo@example\.com exists with another password: set ROI_DEMO_PASSWORD/);
});
