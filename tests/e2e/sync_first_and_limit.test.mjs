// A connect starts the account's first sync at once (no manual sync, and the scheduler is off in
// this stack), and manual syncs are limited per plan: within the plan's interval a further one is
// TOO_MANY_REQUESTS with Retry-After and the time of the next allowed sync, which
// subscription.current shows too; a request a pending sync absorbs costs nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Simulator } from '../support/simulator.mjs';
import { connectedUser, until } from '../support/e2e.mjs';
import { rejectsWith } from '../support/trpc.mjs';
import { assertMatchesSimulator, lastRun, syncStack } from '../support/sync.mjs';

let sim;
let stack;

before(async () => {
  sim = await Simulator.start({ settings: { 'google-ads.accounts': 1, 'google-ads.campaigns': 5, 'google-ads.days': 30 } });
  stack = syncStack('sync_first_and_limit', sim);
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

const jobsOf = (integration) =>
  stack.sql(`SELECT trigger FROM sync_jobs WHERE integration_id = ${integration.id} ORDER BY id`).flat();

test('a newly connected account syncs at once, with nobody asking', async () => {
  const [api, [integration]] = await connectedUser(stack, 'google-ads', 'starter', { firstSync: 'keep' });
  // Queued by the connect itself (this stack's scheduler is off): the user sees data at once.
  assert.deepEqual(jobsOf(integration), ['manual']);
  const run = await until('the first sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  await assertMatchesSimulator(stack, sim, integration);
  // The connect's sync is not the user's: no manual sync was counted.
  assert.equal((await api.subscription.current.query()).usage.nextManualSyncAt, null);
});

test('manual syncs are limited per plan, with Retry-After and the next allowed time', async () => {
  const [api, [integration]] = await connectedUser(stack, 'google-ads', 'starter', { firstSync: 'keep' });
  await until('the first sync', () => lastRun(api, integration.id));
  const [[userId]] = stack.sql(`SELECT user_id FROM integrations WHERE id = ${integration.id}`);
  const before = await api.subscription.current.query();
  assert.equal(before.limits.manualSyncIntervalMinutes, 15);
  assert.equal(before.usage.nextManualSyncAt, null);

  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const pending = stack.sql(`SELECT status FROM sync_jobs WHERE id = ${jobId}`)[0][0];
  if (pending === 'queued' || pending === 'running') {
    // Still pending: asking again is answered with the same job and is not refused.
    const again = await api.integrations.sync.mutate({ integrationId: integration.id }).catch((e) => e);
    assert.ok(again.jobId === jobId || again.data?.code === 'TOO_MANY_REQUESTS', String(again));
  }
  await until('the manual sync', async () => (await lastRun(api, integration.id)) &&
    stack.sql(`SELECT status FROM sync_jobs WHERE id = ${jobId}`)[0][0] === 'succeeded');

  const shown = (await api.subscription.current.query()).usage.nextManualSyncAt;
  const [[expected]] = stack.sql(`SELECT to_char((last_at + interval '15 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    FROM manual_syncs WHERE user_id = ${userId}`);
  assert.equal(shown, expected, 'subscription.current shows when the next manual sync is allowed');

  const refused = await rejectsWith(api.integrations.sync.mutate({ integrationId: integration.id }), 'TOO_MANY_REQUESTS');
  assert.equal(refused.data.limit, 'manual_sync_interval');
  assert.equal(refused.data.plan, 'starter');
  assert.equal(refused.data.nextSyncAt, shown);
  assert.match(refused.message, /starter plan allows one manual sync every 15 minutes/);
  const retryAfter = Number(refused.meta?.response?.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 900, `Retry-After ${retryAfter}`);
  assert.equal(jobsOf(integration).length, 2, 'the refused request queued nothing');

  // Once the interval has passed (moved back in the database rather than waited for), it is allowed.
  stack.sql(`UPDATE manual_syncs SET last_at = last_at - interval '15 minutes' WHERE user_id = ${userId}`);
  assert.equal((await api.subscription.current.query()).usage.nextManualSyncAt, null);
  const allowed = await api.integrations.sync.mutate({ integrationId: integration.id });
  assert.ok(allowed.jobId > jobId);
});

test('each plan declares its manual sync interval', async () => {
  for (const [plan, minutes] of [['free', 60], ['starter', 15], ['pro', 5], ['agency', 1]]) {
    const [api] = await connectedUser(stack, 'google-ads', plan, { firstSync: 'keep' });
    assert.equal((await api.subscription.current.query()).limits.manualSyncIntervalMinutes, minutes, plan);
  }
});
