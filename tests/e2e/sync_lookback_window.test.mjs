// Each platform's incremental sync re-reads its own lookback window (sync.lookback.<platform>,
// else sync.lookback_days): one host, a Google Ads and a Meta account, different windows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Simulator } from '../support/simulator.mjs';
import { allowManualSyncs, newUser, connect, settleFirstSyncs, until } from '../support/e2e.mjs';
import { syncStack } from '../support/sync.mjs';

const CAMPAIGNS = 3;
const DAYS = 50;
const LOOKBACK = { 'google-ads': 9, meta: 4 };
const DEFAULT_LOOKBACK = 20;
let sim;
let stack;
let api;

before(async () => {
  sim = await Simulator.start({ settings: {
    'google-ads.accounts': 1, 'google-ads.campaigns': CAMPAIGNS, 'google-ads.days': DAYS,
    'meta.accounts': 1, 'meta.campaigns': CAMPAIGNS, 'meta.days': DAYS,
  } });
  stack = syncStack('sync_lookback_window', sim, { platforms: ['google-ads', 'meta'], env: {
    ROI_SYNC_LOOKBACK_DAYS: String(DEFAULT_LOOKBACK),
    ROI_SYNC_LOOKBACK_GOOGLE_ADS: String(LOOKBACK['google-ads']),
    ROI_SYNC_LOOKBACK_META: String(LOOKBACK.meta),
  } });
  await stack.start();
  ({ api } = await newUser(stack, 'agency'));
  for (const platform of ['google-ads', 'meta']) {
    assert.equal((await connect(stack, api, platform)).get('status'), 'connected');
  }
  await settleFirstSyncs(stack, await api.integrations.list.query());
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const daysBefore = (day, n) => isoDay(Date.parse(day) - n * 86400000);

// Queues a sync and waits for it to succeed; returns its window and the rows it read.
async function syncOnce(integration) {
  allowManualSyncs(stack);  // several syncs within the plan's manual interval
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  return until(`sync job ${jobId}`, () => {
    const [[status, from, to, read]] = stack.sql(
      `SELECT status, window_from, window_to, rows_read FROM sync_jobs WHERE id = ${jobId}`);
    if (status === 'failed') assert.fail(`sync failed: ${stack.sql(`SELECT error FROM sync_runs WHERE job_id = ${jobId}`).join('; ')}`);
    return status === 'succeeded' ? { from, to, read: Number(read) } : null;
  });
}

test('an incremental sync re-reads its own platform\'s lookback days, not the default', async () => {
  const integrations = await api.integrations.list.query();
  assert.deepEqual(integrations.map((i) => i.platform).sort(), ['google-ads', 'meta']);
  for (const integration of integrations) {
    const first = await syncOnce(integration);
    assert.ok(first.from < daysBefore(first.to, DAYS), 'the first sync backfills beyond the data');
    const again = await syncOnce(integration);
    const lookback = LOOKBACK[integration.platform];
    assert.equal(again.from, daysBefore(again.to, lookback), `${integration.platform} window`);
    // The connector was asked for exactly those days: every campaign, and each campaign-day of
    // the window the platform has, re-read once.
    const account = (await sim.accounts(integration.platform)).accounts.find((a) => a.id.endsWith(integration.accountId));
    const expected = await sim.expected(integration.platform, account.id, again.from, again.to);
    assert.ok(expected.rows > 0 && expected.rows < CAMPAIGNS * (lookback + 1), JSON.stringify(expected));
    assert.equal(again.read, CAMPAIGNS + expected.rows, `${integration.platform} rows re-read`);
  }
});
