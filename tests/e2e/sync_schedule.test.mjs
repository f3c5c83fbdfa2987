// The sync scheduler: each integration is synced at its owner's plan's interval, start times
// spread over a tenth of it, and one never synced is queued to start at once. Time is driven by the
// integrations' last_sync and a tick (an hour) that only fires when the host starts, so one
// restart is exactly one scheduling pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Simulator } from '../support/simulator.mjs';
import { connectedUser, until } from '../support/e2e.mjs';
import { syncStack } from '../support/sync.mjs';

let sim;
let stack;

before(async () => {
  sim = await Simulator.start({ settings: { 'google-ads.accounts': 1 } });
  // No workers: the jobs the scheduler queues stay visible.
  stack = syncStack('sync_schedule', sim, { env: {
    ROI_SYNC_WORKERS: '0', ROI_SYNC_SCHEDULE_TICK_S: '3600',
  } });
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

async function connectedIntegration(plan) {
  // No workers: the syncs the connects queued stay queued (the test deletes them).
  const [, [integration]] = await connectedUser(stack, 'google-ads', plan, { firstSync: 'keep' });
  return integration.id;
}

test('each integration is scheduled at its plan\'s interval; a never synced one at once', async () => {
  const agency = await connectedIntegration('agency'); // every 15 minutes
  const pro = await connectedIntegration('pro'); // every hour
  const free = await connectedIntegration('free'); // every 24 hours
  const fresh = await connectedIntegration('starter'); // never synced
  stack.sql(`UPDATE integrations SET last_sync = now() - interval '20 minutes' WHERE id = ${agency};
             UPDATE integrations SET last_sync = now() - interval '50 minutes' WHERE id = ${pro};
             UPDATE integrations SET last_sync = now() - interval '23 hours' WHERE id = ${free};
             DELETE FROM sync_jobs`);
  await stack.stopHost();
  const offset = stack.hostLog().length;
  await stack.startHost();
  await until('a scheduling pass', () => stack.hostLog().slice(offset).includes('"syncs_scheduled"'));
  // The agency job starts within a tenth of 15 minutes, the never synced one at once.
  const jobs = stack.sql(`SELECT integration_id, trigger, status,
                                 CASE WHEN integration_id = ${fresh} THEN run_after <= now()
                                 ELSE run_after BETWEEN now() - interval '1 minute'
                                                    AND now() + interval '90 seconds' END
                            FROM sync_jobs ORDER BY integration_id`);
  assert.deepEqual(jobs, [
    [String(agency), 'scheduled', 'queued', 't'],
    [String(fresh), 'scheduled', 'queued', 't'],
  ]);
  // The pro integration is due once its hour has passed.
  stack.sql(`UPDATE integrations SET last_sync = now() - interval '61 minutes' WHERE id = ${pro}`);
  await stack.stopHost();
  const again = stack.hostLog().length;
  await stack.startHost();
  await until('a second pass', () => stack.hostLog().slice(again).includes('"syncs_scheduled"'));
  assert.equal(stack.sql(`SELECT count(*) FROM sync_jobs WHERE integration_id = ${pro}`)[0][0], '1');
  assert.equal(stack.sql(`SELECT count(*) FROM sync_jobs WHERE integration_id = ${free}`)[0][0], '0');
});
