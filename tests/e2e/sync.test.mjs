// Syncing a connected Google Ads or Meta account into Postgres through the job queue: the rows and
// the dashboard rollups equal the simulator's data, integrations.list reports progress and the
// last run, a host killed with SIGKILL mid-sync resumes from its last checkpoint on restart, one
// stopped with SIGTERM gives its job back at once, and tokens are refreshed before expiry and
// once on a refusal mid-sync.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { TRPCClientError } from '@trpc/client';

import { Simulator } from '../support/simulator.mjs';
import {
  assertMatchesSimulator, connectedUser, lastRun, runsOf, storedTotals, syncStack, until,
} from '../support/sync.mjs';

const CAMPAIGNS = 40;
const DAYS = 200;
const META_PAGE = 100;
let sim;
let stack;

before(async () => {
  // Small pages: many checkpoints, so a kill lands between two of them.
  sim = await Simulator.start({ settings: {
    'google-ads.accounts': 1, 'google-ads.campaigns': CAMPAIGNS, 'google-ads.days': DAYS,
    'google-ads.page_size': 400, 'meta.accounts': 1, 'meta.campaigns': CAMPAIGNS, 'meta.days': DAYS,
  } });
  stack = syncStack('sync', sim, { platforms: ['google-ads', 'meta'], env: {
    ROI_CONNECTOR_META_PAGE_SIZE: String(META_PAGE),
  } });
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
  assert.deepEqual(stack.sql(`SELECT count(*) FROM sync_jobs WHERE integration_id = ${integration.id}`), [['1']]);
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
    // Slow pages, so the kill lands in the middle rather than after the end.
    await sim.fault({ platform: 'google-ads', kind: 'slow', count: -1, delay_ms: 60, match: 'googleAds:search' });
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

test('a token about to expire is refreshed before the sync and stored sealed', async () => {
  const [api, [integration]] = await connectedUser(stack);
  stack.sql(`UPDATE integrations SET token_expiry = now() + interval '1 minute' WHERE id = ${integration.id}`);
  const [[before]] = stack.sql(`SELECT encode(access_token, 'hex') FROM integrations WHERE id = ${integration.id}`);
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(stack, jobId), ['succeeded']);
  const [[after, later]] = stack.sql(
    `SELECT encode(access_token, 'hex'), token_expiry > now() + interval '30 minutes' FROM integrations WHERE id = ${integration.id}`);
  assert.notEqual(after, before, 'the refreshed token replaced the old one');
  assert.equal(later, 't', 'with the new expiry');
  await assertMatchesSimulator(stack, sim, integration);
});

test('a refresh the platform refuses marks the integration as needing a new connect', async () => {
  const [api, [integration]] = await connectedUser(stack);
  stack.sql(`UPDATE integrations SET token_expiry = now() + interval '1 minute' WHERE id = ${integration.id}`);
  await sim.fault({ platform: 'google-ads', kind: 'invalid_grant', count: -1 });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  await sim.clearFaults();
  assert.equal(run.outcome, 'needs_reauth');
  assert.deepEqual(runsOf(stack, jobId), ['needs_reauth']);
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.needsReauth, true);
  assert.match(listed.lastError, /connect the account again/);
  // Queueing another sync is refused until the user connects again.
  await assert.rejects(api.integrations.sync.mutate({ integrationId: integration.id }),
    (e) => e instanceof TRPCClientError && e.data?.code === 'NOT_FOUND');
});

const accessToken = (integration) =>
  stack.sql(`SELECT encode(access_token, 'hex'), extract(epoch FROM token_expiry)::bigint FROM integrations WHERE id = ${integration.id}`)[0];
const bearer = (request) => request.headers.authorization?.replace(/^Bearer /, '');

test('a token Meta refuses mid-sync (code 190) is refreshed once, stored, and the sync goes on from its checkpoint', async (t) => {
  const [api, [integration]] = await connectedUser(stack, 'meta');
  const [sealedBefore, expiryBefore] = accessToken(integration);
  await sim.clearRequests();
  // The eleventh insights page is refused as an expired session.
  await sim.fault({ platform: 'meta', kind: 'expired_token', count: 1, skip: 10, match: '/insights' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(stack, jobId), ['succeeded'], 'one attempt: the refresh happened inside it');
  const expected = await assertMatchesSimulator(stack, sim, integration);
  // Campaigns twice, and the rows of at most the one day the refused page left incomplete again.
  assert.ok(run.rowsRead <= expected.rows + 3 * CAMPAIGNS, `read ${run.rowsRead} rows for ${expected.rows}`);
  t.diagnostic(`${run.rowsRead} rows read for ${expected.rows} rows and ${CAMPAIGNS} campaigns`);

  const requests = await sim.requests('meta');
  const exchanges = requests.filter((r) => r.params.grant_type === 'fb_exchange_token');
  assert.equal(exchanges.length, 1, 'refreshed once');
  const refused = requests.findIndex((r) => r.status !== 200);
  const oldToken = bearer(requests[refused]);
  const after = requests.slice(refused + 1).filter((r) => r.path.endsWith('/insights'));
  assert.ok(after.length > 0 && after.every((r) => bearer(r) && bearer(r) !== oldToken), 'the rest was read with the new token');
  const [sealedAfter, expiryAfter] = accessToken(integration);
  assert.notEqual(sealedAfter, sealedBefore, 'the new token is stored');
  assert.ok(!sealedAfter.includes(Buffer.from(bearer(after[0])).toString('hex')), 'sealed, not in clear');
  assert.ok(Number(expiryAfter) >= Number(expiryBefore));

  // The stored token is the one that works: with the old one revoked, the next sync needs no refresh.
  await sim.revoke(oldToken);
  await sim.clearRequests();
  await api.integrations.sync.mutate({ integrationId: integration.id });
  const next = await until('the next sync', () => lastRun(api, integration.id));
  assert.equal(next.outcome, 'succeeded', next.error ?? '');
  assert.equal((await sim.requests('meta')).filter((r) => r.params.grant_type === 'fb_exchange_token').length, 0);
});

test('a second refusal right after the refresh ends in needs-reauth, not a refresh loop', async () => {
  const [api, [integration]] = await connectedUser(stack, 'meta');
  await sim.clearRequests();
  // From the third insights page on, every request is refused, with the refreshed token too.
  await sim.fault({ platform: 'meta', kind: 'expired_token', count: -1, skip: 2, match: '/insights' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const run = await until('the sync', () => lastRun(api, integration.id));
  assert.equal(run.outcome, 'needs_reauth');
  assert.deepEqual(runsOf(stack, jobId), ['needs_reauth']);
  const listed = (await api.integrations.list.query()).find((i) => i.id === integration.id);
  assert.equal(listed.needsReauth, true);
  // Nothing more happens: one refresh, one refused page before it and one after.
  await sleep(500);
  await sim.clearFaults();
  const requests = await sim.requests('meta');
  assert.equal(requests.filter((r) => r.params.grant_type === 'fb_exchange_token').length, 1);
  assert.equal(requests.filter((r) => r.status !== 200).length, 2);
  // What came before the refusal stays: the pages read up to the last checkpoint.
  assert.ok(storedTotals(stack, integration).rows >= META_PAGE, 'the committed pages are kept');
});
