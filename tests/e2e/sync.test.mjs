// Syncing a connected Google Ads account into Postgres through the job queue: the rows and the
// dashboard rollups equal the simulator's data, integrations.list reports progress and the last
// run, a host killed with SIGKILL mid-sync resumes from its last checkpoint on restart, one
// stopped with SIGTERM gives its job back at once, and a rate limit costs no attempt.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';

import { Simulator } from '../support/simulator.mjs';
import { connectedUser, until } from '../support/e2e.mjs';
import { assertMatchesSimulator, lastRun, runsOf, syncStack } from '../support/sync.mjs';

const CAMPAIGNS = 40;
const DAYS = 200;
let sim;
let stack;

before(async () => {
  // Small pages: many checkpoints, so a kill lands between two of them.
  sim = await Simulator.start({ settings: {
    'google-ads.accounts': 1, 'google-ads.campaigns': CAMPAIGNS, 'google-ads.days': DAYS,
    'google-ads.page_size': 400,
  } });
  // A chunk per page: the committed progress the kill tests wait for trails the fetching by at
  // most one page, so a kill "at 90 %" still has pages to cut short.
  stack = syncStack('sync', sim, { env: { ROI_SYNC_CHUNK_ROWS: '400' } });
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

test('a manual sync stores exactly the platform data and the list shows the run', async () => {
  const [api, [integration]] = await connectedUser(stack);
  const job = await api.integrations.sync.mutate({ integrationId: integration.id });
  assert.ok(job.jobId > 0);
  // Asking again while one is pending returns the same job rather than queueing a second.
  const again = await api.integrations.sync.mutate({ integrationId: integration.id });
  assert.equal(again.jobId, job.jobId, 'a pending sync is reused, not queued twice');
  const run = await until('the sync', () => lastRun(api, integration.id));
  // The connect's own first sync, then this one.
  assert.deepEqual(stack.sql(`SELECT count(*) FROM sync_jobs WHERE integration_id = ${integration.id}`), [['2']]);
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  const expected = await sim.expected('google-ads', integration.accountId);
  assert.equal(run.rowsRead, CAMPAIGNS + expected.rows);
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.sync, null);
  assert.ok(listed.lastSync);
  await assertMatchesSimulator(stack, sim, integration);
});

test('a sync of another user\'s or an unknown integration is not found', async () => {
  const [, [integration]] = await connectedUser(stack);
  const [other] = await connectedUser(stack);
  for (const id of [integration.id, 999999999]) {
    await assert.rejects(other.integrations.sync.mutate({ integrationId: id }),
      (e) => e instanceof TRPCClientError && e.data?.code === 'NOT_FOUND');
  }
});

// Waits until the job has committed a checkpoint and read at least `rows` rows.
const progressed = (jobId, rows) => until(`${rows} rows read`, () => {
  const [[read, checkpoint]] = stack.sql(`SELECT rows_read, coalesce(checkpoint, '') FROM sync_jobs WHERE id = ${jobId}`);
  return checkpoint !== '' && Number(read) >= rows;
});

for (const killAt of [0.1, 0.5, 0.9]) {
  test(`a host killed at ${killAt * 100}% of a sync resumes from its checkpoint on restart`, async () => {
    const [api, [integration]] = await connectedUser(stack);
    // Slow pages, so the kill lands in the middle rather than after the end: at 90 % the last
    // pages still take ~300 ms, well beyond the progress poll's 50 ms.
    await sim.fault({ platform: 'google-ads', kind: 'slow', count: -1, delay_ms: 150, match: 'googleAds:search' });
    const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
    const total = (await sim.expected('google-ads', integration.accountId)).rows;
    await progressed(jobId, total * killAt);
    await stack.stopHost('SIGKILL');
    await sim.clearFaults();
    const [[status, checkpoint]] = stack.sql(`SELECT status, checkpoint FROM sync_jobs WHERE id = ${jobId}`);
    assert.equal(status, 'running', 'the dead worker still holds the job');
    assert.ok(checkpoint);
    await stack.startHost();
    const run = await until('the resumed sync', () => lastRun(api, integration.id));
    assert.equal(run.outcome, 'succeeded', run.error ?? '');
    // The resumed run read only what came after the checkpoint.
    assert.ok(run.rowsRead < CAMPAIGNS + total, `resumed run read ${run.rowsRead} rows`);
    assert.deepEqual(runsOf(stack, jobId), ['retrying', 'succeeded']);
    await assertMatchesSimulator(stack, sim, integration);
  });
}

test('a host stopped with SIGTERM mid-sync exits at the next page and gives the job back unspent', async (t) => {
  const [api, [integration]] = await connectedUser(stack);
  // 400 ms a page: what is left after a third of the sync would take seconds more.
  await sim.fault({ platform: 'google-ads', kind: 'slow', count: -1, delay_ms: 400, match: 'googleAds:search' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const total = (await sim.expected('google-ads', integration.accountId)).rows;
  await progressed(jobId, total / 3);
  const stopping = Date.now();
  const code = await stack.stopHost('SIGTERM');
  const took = Date.now() - stopping;
  await sim.clearFaults();
  assert.equal(code, 0);
  assert.ok(took < 2500, `the host took ${took} ms to stop`);
  t.diagnostic(`stopped in ${took} ms`);
  const [[status, attempts, worker, checkpoint, read]] = stack.sql(
    `SELECT status, attempts, coalesce(worker, ''), coalesce(checkpoint, ''), rows_read FROM sync_jobs WHERE id = ${jobId}`);
  assert.deepEqual([status, attempts, worker], ['queued', '0', ''], 'queued again, no attempt used, no worker holds it');
  assert.ok(checkpoint !== '' && Number(read) >= total / 3 && Number(read) < total, `kept checkpoint ${checkpoint} after ${read} rows`);
  assert.deepEqual(runsOf(stack, jobId), ['retrying']);
  assert.deepEqual(stack.sql(`SELECT status, coalesce(last_error, '') FROM integrations WHERE id = ${integration.id}`),
    [['active', '']], 'a stop is no error of the integration');

  await stack.startHost();
  const run = await until('the resumed sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(stack, jobId), ['retrying', 'succeeded']);
  // The resumed run started at the kept checkpoint: it read the campaigns, the day the last page
  // left incomplete and the rest, not what the first run committed.
  assert.ok(run.rowsRead <= total - (Number(read) - CAMPAIGNS) + 2 * CAMPAIGNS,
    `resumed run read ${run.rowsRead} rows of ${total} after ${read} were stored`);
  t.diagnostic(`${read} rows read before the stop, ${run.rowsRead} after the restart, ${total} in all`);
  await assertMatchesSimulator(stack, sim, integration);
});

test('a rate limit pauses the sync for the platform\'s retry-after without using up an attempt', async () => {
  const [api, [integration]] = await connectedUser(stack);
  await sim.fault({ platform: 'google-ads', kind: 'retry_after', count: 1, retry_after: 1, match: 'googleAds:search' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(stack, jobId), ['retrying', 'succeeded']);
  const [[attempts, waited]] = stack.sql(
    `SELECT j.attempts, extract(epoch FROM max(r.started_at) - min(r.started_at)) >= 1
       FROM sync_jobs j JOIN sync_runs r ON r.job_id = j.id WHERE j.id = ${jobId} GROUP BY j.attempts`);
  assert.equal(Number(attempts), 1);
  assert.equal(waited, 't', 'the retry waited for retry-after');
  await assertMatchesSimulator(stack, sim, integration);
});

test('a sync that finishes after the user disconnected leaves the integration disconnected', async () => {
  const [api, [integration]] = await connectedUser(stack);
  await sim.fault({ platform: 'google-ads', kind: 'slow', count: -1, delay_ms: 150, match: 'googleAds:search' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  await progressed(jobId, 1);
  await api.integrations.disconnect.mutate({ integrationId: integration.id, keepData: true });
  await sim.clearFaults();
  const status = await until('the sync\'s end', () => {
    const [[s]] = stack.sql(`SELECT status FROM sync_jobs WHERE id = ${jobId}`);
    return s !== 'running' && s !== 'queued' && s;
  });
  assert.equal(status, 'succeeded', 'the sync ran to its end with the tokens it had read');
  assert.deepEqual(stack.sql(`SELECT status, is_active, last_sync IS NULL FROM integrations WHERE id = ${integration.id}`),
    [['disconnected', 'f', 't']], 'the finished sync did not bring the integration back');
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.status, 'disconnected');
});
