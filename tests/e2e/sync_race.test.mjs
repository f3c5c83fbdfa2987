// Two roi-host processes with sync workers on one database race for the same queued jobs: each
// job is claimed and run by exactly one of them, exactly once, and stores exactly the platform's rows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { Simulator } from '../support/simulator.mjs';
import { connectedUser, until } from '../support/e2e.mjs';
import { assertMatchesSimulator, runsOf, syncStack } from '../support/sync.mjs';

const ACCOUNTS = 6;
// Three workers per host polling every 10 ms: when the jobs fall due, six claims meet at once.
const ENV = { ROI_SYNC_WORKERS: '3', ROI_SYNC_POLL_MS: '10', ROI_DB_POOL_SIZE: '6' };
let sim;
let hostA;
let hostB;

before(async () => {
  sim = await Simulator.start({ settings: {
    'google-ads.accounts': ACCOUNTS, 'google-ads.campaigns': 10, 'google-ads.days': 60,
  } });
  hostA = syncStack('sync_race', sim, { env: ENV });
  await hostA.start();
  // The second process needs no nginx of its own: it only runs sync workers.
  hostB = syncStack('sync_race_b', sim, { env: ENV, peer: hostA });
  await hostB.startHost();
});
after(async () => {
  await hostB?.stop();
  await hostA?.stop();
  await sim?.stop();
});

// job id → the pids of the workers that ran an attempt of it, from one host's log.
function attemptsIn(stack) {
  const out = [];
  for (const line of stack.hostLog().split('\n')) {
    if (!line.includes('"sync_attempt_done"')) continue;
    const event = JSON.parse(line);
    out.push([event.job, Number(event.worker.split(':').at(-2))]);
  }
  return out;
}

test('jobs falling due at once on two hosts each run exactly once, on one of them', async (t) => {
  const [, integrations] = await connectedUser(hostA);
  assert.equal(integrations.length, ACCOUNTS);
  const ids = integrations.map((i) => i.id).join(',');
  hostA.sql(`INSERT INTO sync_jobs (integration_id, trigger, max_attempts, run_after)
             SELECT id, 'manual', 5, now() + interval '1 second' FROM integrations WHERE id IN (${ids})`);
  const jobs = await until('every job', () => {
    const rows = hostA.sql(`SELECT id, status, attempts FROM sync_jobs WHERE integration_id IN (${ids}) ORDER BY id`);
    return rows.every(([, status]) => status !== 'queued' && status !== 'running') && rows;
  });
  for (const [id, status, attempts] of jobs) {
    assert.deepEqual([status, attempts], ['succeeded', '1'], `job ${id}`);
    assert.deepEqual(runsOf(hostA, id), ['succeeded'], `job ${id} was claimed once`);
  }
  const pids = { [hostA.host.pid]: 'A', [hostB.host.pid]: 'B' };
  const ran = [...attemptsIn(hostA), ...attemptsIn(hostB)];
  for (const [id] of jobs) {
    const runners = ran.filter(([job]) => job === Number(id)).map(([, pid]) => pids[pid]);
    assert.equal(runners.length, 1, `job ${id} ran on ${runners.join(' and ') || 'no host'}`);
    assert.ok(runners[0], 'by a worker of one of the two hosts');
  }
  const share = (host) => ran.filter(([, pid]) => pids[pid] === host).length;
  t.diagnostic(`jobs run by host A: ${share('A')}, by host B: ${share('B')}`);
  assert.ok(share('A') > 0 && share('B') > 0, 'both hosts took part in the race');
  for (const integration of integrations) await assertMatchesSimulator(hostA, sim, integration);
});
