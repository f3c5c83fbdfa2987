// A host that dies mid-sync loses nothing and holds nothing up: under scripts/supervise (as in
// `make run`) a host killed with SIGKILL serves again within two seconds and the restarted host
// queues the sync it held again at once, long before its lease would have run out; with two hosts
// on one database, the survivor takes over the dead one's sync, and never a live one's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Simulator } from '../support/simulator.mjs';
import { connect, connectedUser, newUser, until } from '../support/e2e.mjs';
import { assertMatchesSimulator, lastRun, runsOf, syncStack } from '../support/sync.mjs';
import { trpcClient } from '../support/trpc.mjs';

const CAMPAIGNS = 40;
const DAYS = 200;
// Far beyond the test's time: a sync that resumes did not wait for the lease.
const LEASE_S = '600';
let sim;

before(async () => {
  sim = await Simulator.start({ settings: {
    'google-ads.accounts': 1, 'google-ads.campaigns': CAMPAIGNS, 'google-ads.days': DAYS,
    'google-ads.page_size': 400,
  } });
});
after(async () => {
  await sim?.stop();
});

// Waits until the job has committed a checkpoint and read at least `rows` rows.
const progressed = (stack, jobId, rows) => until(`${rows} rows read`, () => {
  const [[read, checkpoint]] = stack.sql(`SELECT rows_read, coalesce(checkpoint, '') FROM sync_jobs WHERE id = ${jobId}`);
  return checkpoint !== '' && Number(read) >= rows;
});

const seconds = (stack, sql) => Number(stack.sql(sql)[0][0]);

// The job ids a host's log says it queued again, and those it ran an attempt of.
function logged(stack, event) {
  return stack.hostLog().split('\n').filter((l) => l.includes(`"${event}"`)).map((l) => JSON.parse(l).job);
}

async function healthy(stack) {
  try {
    return (await fetch(`${stack.url}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

test('a supervised host killed mid-sync serves again within seconds and finishes the sync at once', async (t) => {
  const stack = syncStack('sync_reclaim', sim, { supervised: true, env: {
    ROI_SYNC_CHUNK_ROWS: '400', ROI_SYNC_LEASE_S: LEASE_S, ROI_RESTART_DELAY_MS: '200',
  } });
  await stack.start();
  t.after(() => stack.stop());
  const [api, [integration]] = await connectedUser(stack);
  // Slow pages, so the kill lands in the middle of the sync.
  await sim.fault({ platform: 'google-ads', kind: 'slow', count: -1, delay_ms: 150, match: 'googleAds:search' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const total = (await sim.expected('google-ads', integration.accountId)).rows;
  await progressed(stack, jobId, total / 2);
  const leaseUntil = seconds(stack, `SELECT extract(epoch FROM lease_until) FROM sync_jobs WHERE id = ${jobId}`);

  const dead = stack.hostPid();
  process.kill(dead, 'SIGKILL');
  const killed = Date.now();
  await sim.clearFaults();
  await until('/healthz through nginx', () => healthy(stack), 30000);
  const back = Date.now() - killed;
  const run = await until('the resumed sync', () => lastRun(api, integration.id));
  const done = Date.now() - killed;
  t.diagnostic(`serving again ${back} ms after the kill; the sync finished ${done} ms after it`);

  // About 1 s on an idle machine (docs/BENCHMARKS.md, and the diagnostic above); the bound only
  // leaves room for a loaded one (5.6 s seen in CI-like runs) and is still a small fraction of the
  // 120 s lease a restarted host used to wait out.
  assert.ok(back < 20000, `serving again took ${back} ms`);
  assert.notEqual(stack.hostPid(), dead, 'a new host process serves');
  assert.match(stack.hostLog(), /roi-host killed by SIGKILL/, 'the supervisor logged the death');
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(stack, jobId), ['retrying', 'succeeded']);
  assert.deepEqual(logged(stack, 'sync_reclaimed'), [jobId], 'the new host queued the dead one\'s job again');
  const resumed = seconds(stack, `SELECT extract(epoch FROM max(started_at)) FROM sync_runs WHERE job_id = ${jobId}`);
  assert.ok(resumed < leaseUntil, 'resumed while the dead host\'s lease still ran');
  assert.ok(run.rowsRead < CAMPAIGNS + total, `the resumed run read ${run.rowsRead} rows: it went on from the checkpoint`);
  await assertMatchesSimulator(stack, sim, integration);
});

test('a second host never takes a live host\'s sync, and takes it over at once when that host dies', async (t) => {
  const hostA = syncStack('sync_reclaim_a', sim, { env: {
    ROI_SYNC_CHUNK_ROWS: '400', ROI_SYNC_LEASE_S: LEASE_S, ROI_SYNC_WORKERS: '1',
  } });
  await hostA.start();
  t.after(() => hostA.stop());
  const { api, token } = await newUser(hostA, 'agency');
  assert.equal((await connect(hostA, api, 'google-ads')).get('status'), 'connected');
  const [integration] = await api.integrations.list.query();
  // Pages so slow that the sync is still running after everything below: 20 pages of 2 s.
  await sim.fault({ platform: 'google-ads', kind: 'slow', count: -1, delay_ms: 2000, match: 'googleAds:search' });
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  const holder = () => hostA.sql(`SELECT status, coalesce(worker, '') FROM sync_jobs WHERE id = ${jobId}`)[0];
  await until('host A to claim the sync', () => holder()[0] === 'running');
  const [, workerA] = holder();
  assert.equal(Number(workerA.split(':').at(-2)), hostA.host.pid);

  // Host B looks for dead hosts' jobs every 100 ms and has an idle worker of its own.
  const hostB = syncStack('sync_reclaim_b', sim, { peer: hostA, env: {
    ROI_SYNC_RECLAIM_MS: '100', ROI_SYNC_WORKERS: '1', ROI_SYNC_LEASE_S: LEASE_S,
  } });
  await hostB.start();
  t.after(() => hostB.stop());
  await until('ten looks by host B', async () => (await hostB.metric('roi_sync_reclaim_passes')) >= 10);
  assert.deepEqual(holder(), ['running', workerA], 'host A still runs its sync');
  assert.equal(await hostB.metric('roi_sync_reclaimed_jobs'), 0);
  assert.deepEqual(runsOf(hostA, jobId), ['running'], 'one attempt, never interrupted');

  const leaseUntil = seconds(hostA, `SELECT extract(epoch FROM lease_until) FROM sync_jobs WHERE id = ${jobId}`);
  await hostA.stopHost('SIGKILL');
  const killed = Date.now();
  await sim.clearFaults();
  const run = await until('the sync on host B', () => lastRun(trpcClient(hostB.url, token), integration.id));
  t.diagnostic(`host B finished the dead host's sync ${Date.now() - killed} ms after the kill`);
  assert.equal(run.outcome, 'succeeded', run.error ?? '');
  assert.deepEqual(runsOf(hostA, jobId), ['retrying', 'succeeded']);
  assert.deepEqual(logged(hostB, 'sync_reclaimed'), [jobId]);
  assert.deepEqual(logged(hostB, 'sync_attempt_done'), [jobId], 'host B ran the rest');
  const resumed = seconds(hostA, `SELECT extract(epoch FROM max(started_at)) FROM sync_runs WHERE job_id = ${jobId}`);
  assert.ok(resumed < leaseUntil, 'taken over while the dead host\'s lease still ran');
  await assertMatchesSimulator(hostA, sim, integration);
});
