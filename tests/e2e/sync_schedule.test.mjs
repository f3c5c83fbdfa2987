// The sync scheduler: an integration not synced for the configured interval gets a scheduled job
// with a spread start time, unless the user's plan asks for a longer interval.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import { Simulator } from '../support/simulator.mjs';
import { connectedUser } from '../support/e2e.mjs';
import { syncStack } from '../support/sync.mjs';

let sim;
let stack;

before(async () => {
  sim = await Simulator.start({ settings: { 'google-ads.accounts': 1 } });
  // No workers: the jobs the scheduler queues stay visible.
  stack = syncStack('sync_schedule', sim, { env: {
    ROI_SYNC_WORKERS: '0', ROI_SYNC_SCHEDULE_TICK_S: '1', ROI_SYNC_INTERVAL_HOURS: '1',
  } });
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

async function connectedIntegration(plan) {
  const [, [integration]] = await connectedUser(stack, 'google-ads', plan);
  return integration.id;
}

test('an integration synced longer ago than the interval is scheduled, within the plan\'s minimum', async () => {
  const agency = await connectedIntegration('agency');
  const free = await connectedIntegration('free');
  // Both last synced two hours ago: past the 1-hour setting, within the free plan's 24 hours.
  stack.sql(`UPDATE integrations SET last_sync = now() - interval '2 hours' WHERE id IN (${agency}, ${free});
             DELETE FROM sync_jobs`);
  await sleep(2500);
  const jobs = stack.sql(`SELECT integration_id, trigger, status,
                                 run_after BETWEEN now() - interval '5 seconds' AND now() + interval '6 minutes 5 seconds'
                            FROM sync_jobs ORDER BY id`);
  assert.deepEqual(jobs, [[String(agency), 'scheduled', 'queued', 't']]);
  // One pending job per integration, however many ticks pass.
  await sleep(1500);
  assert.equal(stack.sql(`SELECT count(*) FROM sync_jobs WHERE integration_id = ${agency}`)[0][0], '1');
});
