// More than one machine, on Postgres alone: two roi-host processes behind one nginx upstream share
// one primary, and read the dashboard from a streaming replica of it (DATABASE_READ_URL, made by
// pg_basebackup -R). Started together on an empty database, they apply each migration once. One
// host is killed with SIGKILL under a load of queries: no query fails
// (nginx passes it to the other host), and the syncs it was running are taken over by the other
// and each runs to the platform's exact figures once. With the replica's replay paused (a lag made
// on purpose, not waited for), a read right after a write still shows the write: the host reads
// the user from the primary while the replica is behind the user's data version.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { Simulator } from '../support/simulator.mjs';
import { connect, newUser, settleFirstSyncs, until } from '../support/e2e.mjs';
import { startReplicatedCluster } from '../support/stack.mjs';
import { assertMatchesSimulator, runsOf, syncStack } from '../support/sync.mjs';

const ACCOUNTS = 4;
const CAMPAIGNS = 20;
const DAYS = 120;
const HOSTS = 2;
// Two workers per host and four accounts: when every sync runs, each host runs two of them.
const ENV = {
  ROI_SYNC_WORKERS: '2', ROI_SYNC_RECLAIM_MS: '100', ROI_SYNC_LEASE_S: '600', ROI_SYNC_CHUNK_ROWS: '200',
  ROI_DB_POOL_SIZE: '8',
};
let sim;
let cluster;
let stack;
let user;
let integrations;

before(async () => {
  sim = await Simulator.start({ settings: {
    'google-ads.accounts': ACCOUNTS, 'google-ads.campaigns': CAMPAIGNS, 'google-ads.days': DAYS,
    'google-ads.page_size': 100,
  } });
  cluster = await startReplicatedCluster('scale_out');
  stack = syncStack('scale_out', sim, {
    hosts: HOSTS, databaseUrl: cluster.primaryUrl, env: { ...ENV, DATABASE_READ_URL: cluster.replicaUrl },
  });
  await stack.start();
  user = await newUser(stack, 'agency');
  assert.equal((await connect(stack, user.api, 'google-ads')).get('status'), 'connected');
  integrations = await user.api.integrations.list.query();
  assert.equal(integrations.length, ACCOUNTS);
  await settleFirstSyncs(stack, integrations);
});
after(async () => {
  await stack?.stop();
  cluster?.stop();
  await sim?.stop();
});

const hostIndexes = () => [...Array(HOSTS).keys()];
const logLines = (i, event) => fs.readFileSync(stack.hostAt(i).logPath, 'utf8').split('\n')
  .filter((l) => l.includes(`"${event}"`)).map((l) => JSON.parse(l));

test('hosts started together on an empty database apply each migration once', () => {
  const checked = hostIndexes().map((i) => logLines(i, 'migrations_checked')[0]);
  const known = checked[0].known;
  assert.equal(checked.reduce((sum, c) => sum + c.applied, 0), known, JSON.stringify(checked));
  assert.deepEqual(stack.sql('SELECT count(*), count(DISTINCT version) FROM schema_migrations'), [[String(known), String(known)]]);
});
// A series' value summed over the hosts that run now, each asked on its own socket.
async function total(series) {
  let sum = 0;
  for (const i of hostIndexes()) if (stack.hostAt(i).proc) sum += await stack.metricAt(i, series);
  return sum;
}

// `workers` loops of queries (GET) through nginx until stop(); every answer that is not 200 is
// kept with what it said.
function queryLoad(token, workers = 6) {
  const headers = { authorization: `Bearer ${token}` };
  const input = (value) => encodeURIComponent(JSON.stringify(value));
  const range = { start: '2020-01-01', end: '2021-12-31' };
  const paths = [
    `dashboard.overview?input=${input(range)}`, 'integrations.list', 'auth.me', 'system.info',
    `dashboard.trends?input=${input({ ...range, granularity: 'month', metrics: ['spend'] })}`,
  ];
  const state = { running: true, sent: 0, failures: [] };
  const loops = Array.from({ length: workers }, async (_, w) => {
    for (let n = w; state.running; n++) {
      const target = paths[n % paths.length];
      state.sent++;
      try {
        const res = await fetch(`${stack.url}/api/trpc/${target}`, { headers });
        const body = await res.text();
        if (res.status !== 200) state.failures.push(`${target}: ${res.status} ${body.slice(0, 200)}`);
      } catch (e) {
        state.failures.push(`${target}: ${e.message}`);
      }
    }
  });
  state.stop = async () => {
    state.running = false;
    await Promise.all(loops);
    return state;
  };
  return state;
}

// The jobs of the attempts a host's log says it finished (an attempt cut by a kill logs nothing).
const finishedIn = (i) => logLines(i, 'sync_attempt_done').map((l) => l.job);

test('a host killed under load fails no query, and every sync it ran is finished once by the other', async (t) => {
  // Slow pages: each sync lasts seconds, so the kill lands while both hosts run two each.
  await sim.fault({ platform: 'google-ads', kind: 'slow', count: -1, delay_ms: 300, match: 'googleAds:search' });
  const ids = integrations.map((i) => i.id).join(',');
  const jobs = stack.sql(`INSERT INTO sync_jobs (integration_id, trigger, max_attempts, run_after)
    SELECT id, 'manual', 5, now() FROM integrations WHERE id IN (${ids}) RETURNING id`).flat();
  const load = queryLoad(user.token);
  try {
    const running = () => stack.sql(`SELECT worker FROM sync_jobs WHERE id IN (${jobs.join(',')})
      AND status = 'running' AND checkpoint IS NOT NULL`).flat();
    await until('every sync running, each past its first chunk', () => running().length === ACCOUNTS);
    const pids = running().map((w) => Number(w.split(':').at(-2)));
    const victim = hostIndexes().find((i) => pids.includes(stack.hostAt(i).proc.pid));
    const held = pids.filter((p) => p === stack.hostAt(victim).proc.pid).length;
    t.diagnostic(`host ${victim + 1} runs ${held} of the ${ACCOUNTS} syncs; killed with SIGKILL`);
    assert.equal(held, ACCOUNTS / HOSTS, 'both hosts run syncs');
    const sentBefore = load.sent;
    await stack.stopHostAt(victim, 'SIGKILL');
    await sim.clearFaults();
    await until('every sync over', () =>
      stack.sql(`SELECT count(*) FROM sync_jobs WHERE id IN (${jobs.join(',')}) AND status IN ('queued', 'running')`)[0][0] === '0');
    await until('200 queries after the kill', () => load.sent - sentBefore >= 200);
    // The killed host comes back on its own socket (the dead one's file is replaced) and serves.
    await stack.startHostAt(victim);
    const served = () => stack.metricAt(victim, 'roi_trpc_calls_total{procedure="system.info"}');
    await until('the restarted host to serve through nginx', async () => (await served()) > 0, 30000);
  } finally {
    const { sent, failures } = await load.stop();
    t.diagnostic(`${sent} queries, ${failures.length} failed`);
    assert.deepEqual(failures, [], 'no query failed');
  }
  const done = hostIndexes().flatMap(finishedIn);
  for (const id of jobs) {
    const runs = runsOf(stack, id);
    assert.equal(runs.filter((r) => r === 'succeeded').length, 1, `job ${id}: ${runs}`);
    assert.equal(runs.at(-1), 'succeeded', `job ${id}: ${runs}`);
    assert.ok(runs.every((r) => r === 'succeeded' || r === 'retrying'), `job ${id}: ${runs}`);
    assert.equal(done.filter((j) => j === Number(id)).length, 1, `job ${id} finished on one host, once`);
  }
  const retried = jobs.filter((id) => runsOf(stack, id).length === 2).length;
  assert.equal(retried, ACCOUNTS / HOSTS, 'the killed host\'s syncs, and only they, ran again');
  for (const integration of integrations) await assertMatchesSimulator(stack, sim, integration);
});

// The user's spend over every simulated day, as dashboard.overview sums it (micros, as text).
async function overviewSpend() {
  const today = new Date();
  const start = new Date(today.getTime() - 400 * 86400000).toISOString().slice(0, 10);
  const answer = await user.api.dashboard.overview.query({ start, end: today.toISOString().slice(0, 10) });
  return answer.totals.reduce((sum, row) => sum + BigInt(row.spendMicros), 0n);
}

async function expectedSpend(of) {
  let sum = 0n;
  for (const integration of of) sum += BigInt((await sim.expected('google-ads', integration.accountId)).spend_micros);
  return sum;
}

test('a read right after a write shows it while the replica is behind: the primary answers', async (t) => {
  await cluster.caughtUp();
  const all = await expectedSpend(integrations);
  const fromReplica = await total('roi_dashboard_replica_reads_total');
  for (let i = 0; i < 2 * HOSTS; i++) assert.equal(await overviewSpend(), all);
  assert.ok(await total('roi_dashboard_replica_reads_total') > fromReplica, 'a replica that caught up answers');

  // The replica stops replaying: from here on it is behind every commit, for as long as the test wants.
  cluster.pauseReplay();
  t.after(() => cluster.resumeReplay());
  const [gone, ...kept] = integrations;
  const heard = await Promise.all(hostIndexes().map((i) => stack.metricAt(i, 'roi_change_feed_notifications')));
  const fallbacks = await total('roi_dashboard_primary_fallbacks_total');
  await user.api.integrations.disconnect.mutate({ integrationId: gone.id, keepData: false });
  // The host that answered the disconnect heard of it before answering; the other one hears
  // Postgres' notification of the same commit (as every change of another process, see
  // e2e.change_feed).
  for (const i of hostIndexes()) {
    await until(`host ${i + 1} to hear of the commit`, async () => (await stack.metricAt(i, 'roi_change_feed_notifications')) > heard[i]);
  }
  assert.deepEqual(cluster.replica(`SELECT count(*) FROM integrations WHERE id = ${gone.id}`), [['1']],
    'the replica still has the integration');
  const rest = await expectedSpend(kept);
  for (let i = 0; i < 2 * HOSTS; i++) assert.equal(await overviewSpend(), rest, 'the read shows the write');
  assert.ok(await total('roi_dashboard_primary_fallbacks_total') >= fallbacks + 1, 'the primary answered');

  cluster.resumeReplay();
  await cluster.caughtUp();
  // Each try a new range (in no host's cache), so the answer is read again: from the replica once
  // it holds the user's data version. A background commit of the host's own (a scheduled sync)
  // may put the primary ahead again for a moment, so the replica answers within a few tries.
  let day = 0;
  await until('the replica to answer again once it caught up', async () => {
    const again = await total('roi_dashboard_replica_reads_total');
    const end = new Date(Date.UTC(2019, 0, 1) + ++day * 86400000).toISOString().slice(0, 10);
    await user.api.dashboard.overview.query({ start: '2019-01-01', end });
    return (await total('roi_dashboard_replica_reads_total')) === again + 1;
  });
});
