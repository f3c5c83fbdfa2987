// Syncing a connected Google Ads account into Postgres through the job queue: the rows and the
// dashboard rollups equal the simulator's data, integrations.list reports progress and the last
// run, and a host killed with SIGKILL mid-sync resumes from its last checkpoint on restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';

import { CONNECTORS_DIR, connectorEnv } from '../support/connectors.mjs';
import { Simulator } from '../support/simulator.mjs';
import { Stack } from '../support/stack.mjs';
import { trpcClient } from '../support/trpc.mjs';

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
  stack = new Stack('sync', { env: {
    ROI_BCRYPT_COST: '4', ...connectorEnv(sim), ROI_SYNC_POLL_MS: '50', ROI_SYNC_LEASE_S: '3',
    ROI_SYNC_CHUNK_ROWS: '1000', ROI_SYNC_BACKOFF_BASE_S: '0', ROI_SYNC_SCHEDULE_TICK_S: '0',
  } });
  fs.mkdirSync(stack.pluginsDir, { recursive: true });
  fs.copyFileSync(path.join(CONNECTORS_DIR, 'google_ads.so'), path.join(stack.pluginsDir, 'google_ads.so'));
  await stack.start();
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

const client = (token) => trpcClient(stack.url, token);

let n = 0;
// A signed-in user with the simulator's Google Ads account connected; returns [api, integration].
async function connectedUser() {
  const reg = await client().auth.register.mutate({ email: `sync${process.pid}_${n++}@example.com`, password: 'correct horse battery' });
  stack.sql(`INSERT INTO subscriptions (user_id, plan, status) VALUES (${reg.user.id}, 'agency', 'active')`);
  const api = client(reg.token);
  const { authorizeUrl } = await api.integrations.connectGoogleAds.mutate();
  const consent = await fetch(`${authorizeUrl}&sim_decision=approve`, { redirect: 'manual' });
  const back = await fetch(consent.headers.get('location'), { redirect: 'manual' });
  assert.equal(new URL(back.headers.get('location')).searchParams.get('status'), 'connected');
  const [integration] = await api.integrations.list.query();
  return [api, integration];
}

async function until(what, check, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// The last run once the job is over (a run cut short by a kill ends as 'retrying' meanwhile).
async function lastRun(api, id) {
  const listed = (await api.integrations.list.query()).find((i) => i.id === id);
  return listed.sync === null && listed.lastRun?.outcome !== 'retrying' ? listed.lastRun : null;
}

// The stored rows of one integration against the simulator's exact totals.
async function assertMatchesSimulator(integration) {
  const expected = await sim.expected('google-ads', integration.accountId);
  const [[rows, spend, impressions, clicks, revenue]] = stack.sql(
    `SELECT count(*), sum(m.spend_micros), sum(m.impressions), sum(m.clicks), sum(m.revenue_micros)
       FROM daily_metrics m JOIN campaigns c ON c.id = m.campaign_id WHERE c.integration_id = ${integration.id}`);
  assert.equal(Number(rows), expected.rows, 'one row per campaign and day: none missing, none twice');
  assert.equal(spend, expected.spend_micros);
  assert.equal(Number(impressions), expected.impressions);
  assert.equal(Number(clicks), expected.clicks);
  assert.equal(revenue, expected.conversion_value_micros);
  // The dashboard's rollup was maintained with the rows, not rebuilt afterwards.
  const [[rolled]] = stack.sql(`SELECT sum(spend_micros) FROM dashboard_daily WHERE integration_id = ${integration.id}`);
  assert.equal(rolled, expected.spend_micros);
}

test('a manual sync stores exactly the platform data and the list shows the run', async () => {
  const [api, integration] = await connectedUser();
  const job = await api.integrations.sync.mutate({ integrationId: integration.id });
  assert.ok(job.jobId > 0);
  // Asking again while one is pending returns the same job rather than queueing a second.
  const again = await api.integrations.sync.mutate({ integrationId: integration.id });
  assert.equal(again.jobId, job.jobId, 'a pending sync is reused, not queued twice');
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.deepEqual(stack.sql(`SELECT count(*) FROM sync_jobs WHERE integration_id = ${integration.id}`), [['1']]);
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  const expected = await sim.expected('google-ads', integration.accountId);
  assert.equal(run.rowsRead, CAMPAIGNS + expected.rows);
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.sync, null);
  assert.ok(listed.lastSync);
  await assertMatchesSimulator(integration);
});

test('a sync of another user\'s or an unknown integration is not found', async () => {
  const [, integration] = await connectedUser();
  const [other] = await connectedUser();
  for (const id of [integration.id, 999999999]) {
    await assert.rejects(other.integrations.sync.mutate({ integrationId: id }),
      (e) => e instanceof TRPCClientError && e.data?.code === 'NOT_FOUND');
  }
});

for (const killAt of [0.1, 0.5, 0.9]) {
  test(`a host killed at ${killAt * 100}% of a sync resumes from its checkpoint on restart`, async () => {
    const [api, integration] = await connectedUser();
    // Slow pages, so the kill lands in the middle rather than after the end.
    await sim.fault({ platform: 'google-ads', kind: 'slow', count: -1, delay_ms: 60, match: 'googleAds:search' });
    const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
    const total = (await sim.expected('google-ads', integration.accountId)).rows;
    await until('the kill point', () => {
      const [[read, checkpoint]] = stack.sql(`SELECT rows_read, coalesce(checkpoint, '') FROM sync_jobs WHERE id = ${jobId}`);
      return checkpoint !== '' && Number(read) >= total * killAt;
    });
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
    const runs = stack.sql(`SELECT outcome FROM sync_runs WHERE job_id = ${jobId} ORDER BY id`).flat();
    assert.deepEqual(runs, ['retrying', 'succeeded']);
    await assertMatchesSimulator(integration);
  });
}

const runsOf = (jobId) => stack.sql(`SELECT outcome FROM sync_runs WHERE job_id = ${jobId} ORDER BY id`).flat();

test('a rate limit pauses the sync for the platform\'s retry-after without using up an attempt', async () => {
  const [api, integration] = await connectedUser();
  await sim.fault({ platform: 'google-ads', kind: 'retry_after', count: 1, retry_after: 1, match: 'googleAds:search' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(jobId), ['retrying', 'succeeded']);
  const [[attempts, waited]] = stack.sql(
    `SELECT j.attempts, extract(epoch FROM max(r.started_at) - min(r.started_at)) >= 1
       FROM sync_jobs j JOIN sync_runs r ON r.job_id = j.id WHERE j.id = ${jobId} GROUP BY j.attempts`);
  assert.equal(Number(attempts), 1);
  assert.equal(waited, 't', 'the retry waited for retry-after');
  await assertMatchesSimulator(integration);
});

test('a token about to expire is refreshed before the sync and stored sealed', async () => {
  const [api, integration] = await connectedUser();
  stack.sql(`UPDATE integrations SET token_expiry = now() + interval '1 minute' WHERE id = ${integration.id}`);
  const [[before]] = stack.sql(`SELECT encode(access_token, 'hex') FROM integrations WHERE id = ${integration.id}`);
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(jobId), ['succeeded']);
  const [[after, later]] = stack.sql(
    `SELECT encode(access_token, 'hex'), token_expiry > now() + interval '30 minutes' FROM integrations WHERE id = ${integration.id}`);
  assert.notEqual(after, before, 'the refreshed token replaced the old one');
  assert.equal(later, 't', 'with the new expiry');
  await assertMatchesSimulator(integration);
});

test('a refresh the platform refuses marks the integration as needing a new connect', async () => {
  const [api, integration] = await connectedUser();
  stack.sql(`UPDATE integrations SET token_expiry = now() + interval '1 minute' WHERE id = ${integration.id}`);
  await sim.fault({ platform: 'google-ads', kind: 'invalid_grant', count: -1 });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  await sim.clearFaults();
  assert.equal(run.outcome, 'needs_reauth');
  assert.deepEqual(runsOf(jobId), ['needs_reauth']);
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.needsReauth, true);
  assert.match(listed.lastError, /connect the account again/);
  // Queueing another sync is refused until the user connects again.
  await assert.rejects(api.integrations.sync.mutate({ integrationId: integration.id }),
    (e) => e instanceof TRPCClientError && e.data?.code === 'NOT_FOUND');
});
