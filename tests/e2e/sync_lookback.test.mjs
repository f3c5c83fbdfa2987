// Incremental syncs re-read the lookback window: a day the platform restated inside it is stored
// and shown on the dashboard with the new figures, a restated day older than the window keeps the
// figures of the first sync, nothing is stored twice, and the re-read is a small part of the backfill.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Simulator } from '../support/simulator.mjs';
import { allowManualSyncs, connectedUser, until } from '../support/e2e.mjs';
import { assertMatchesSimulator, figures, lastRun, storedTotals, syncStack } from '../support/sync.mjs';

const CAMPAIGNS = 20;
const DAYS = 90;
const LOOKBACK = 7;
let sim;
let stack;

before(async () => {
  const shape = (platform) => ({ [`${platform}.accounts`]: 1, [`${platform}.campaigns`]: CAMPAIGNS, [`${platform}.days`]: DAYS });
  sim = await Simulator.start({ settings: { ...shape('google-ads'), ...shape('meta') } });
  stack = syncStack('sync_lookback', sim, { platforms: ['google-ads', 'meta'], env: {
    // The shipped config gives Meta its own window: this test sets every platform's.
    ROI_SYNC_BACKFILL_DAYS: '120', ROI_SYNC_LOOKBACK_GOOGLE_ADS: String(LOOKBACK), ROI_SYNC_LOOKBACK_META: String(LOOKBACK),
  } });
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

async function synced(api, integration) {
  allowManualSyncs(stack);  // a second sync within the plan's manual interval
  await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  return run;
}

// One day's figures as dashboard.overview shows them (through nginx, the cache and the rollup),
// in the simulator's terms.
async function shown(api, day) {
  const { totals } = await api.dashboard.overview.query({ start: day, end: day });
  assert.equal(totals.length, 1, 'one currency');
  const [t] = totals;
  return { spend_micros: t.spendMicros, impressions: t.impressions, clicks: t.clicks,
    conversions: t.conversions, conversion_value_micros: t.platformRevenueMicros };
}
const showable = (e) => ({ spend_micros: e.spend_micros, impressions: e.impressions, clicks: e.clicks,
  conversions: e.conversions, conversion_value_micros: e.conversion_value_micros });

for (const platform of ['google-ads', 'meta']) {
  test(`${platform}: a second sync re-reads the lookback window only and takes a restated day's new figures`, async () => {
    const [api, [integration]] = await connectedUser(stack, platform);
    const account = integration.accountId;
    const backfill = await synced(api, integration);
    const all = await assertMatchesSimulator(stack, sim, integration);
    assert.equal(backfill.rowsRead, CAMPAIGNS + all.rows);

    // The data ends yesterday; the window of a later sync starts LOOKBACK days before today.
    const yesterday = (await sim.accounts(platform)).last_date;
    const inside = addDays(yesterday, -4);
    const outside = addDays(yesterday, -(LOOKBACK + 12));
    const first = { inside: await sim.expected(platform, account, inside, inside), outside: await sim.expected(platform, account, outside, outside) };
    assert.deepEqual(await shown(api, inside), showable(first.inside));
    await sim.restate(platform, account, inside);
    await sim.restate(platform, account, outside);
    const restated = { inside: await sim.expected(platform, account, inside, inside), outside: await sim.expected(platform, account, outside, outside) };
    for (const day of ['inside', 'outside']) {
      assert.equal(restated[day].rows, first[day].rows, 'a restatement changes figures, not which campaigns delivered');
      assert.notEqual(restated[day].spend_micros, first[day].spend_micros);
      assert.notEqual(restated[day].conversion_value_micros, first[day].conversion_value_micros);
    }

    const incremental = await synced(api, integration);
    // Inside the window: exactly the restated figures, in the rows, the rollup and the dashboard.
    await assertMatchesSimulator(stack, sim, integration, inside, inside);
    assert.deepEqual(await shown(api, inside), showable(restated.inside));
    // Outside it: the figures of the first sync, so the window is a lookback and no full re-read.
    const old = storedTotals(stack, integration, outside, outside);
    assert.deepEqual(figures(old), figures(first.outside));
    assert.equal(old.rolled_spend_micros, first.outside.spend_micros);
    assert.deepEqual(await shown(api, outside), showable(first.outside));
    // Every day once: as many rows as the platform has campaign-days.
    assert.equal(storedTotals(stack, integration).rows, all.rows);
    // The second run read the campaigns and the window's rows, a small part of the backfill.
    const window = await sim.expected(platform, account, addDays(yesterday, 1 - LOOKBACK), yesterday);
    assert.equal(incremental.rowsRead, CAMPAIGNS + window.rows);
    assert.ok(incremental.rowsRead * 5 < backfill.rowsRead, `${incremental.rowsRead} rows re-read, ${backfill.rowsRead} backfilled`);
  });
}
