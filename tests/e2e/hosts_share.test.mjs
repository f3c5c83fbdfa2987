// Two roi-host processes behind one nginx upstream share one database and nothing else, and still
// act as one: reports queued together are each made exactly once (one AI call, one claim), a
// report whose host is killed mid-report is finished by the other, one whose host froze is taken
// over when its lease lapses (the frozen one, woken, stores nothing), and login and registration
// limits count the attempts both hosts served together.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { newUser, until } from '../support/e2e.mjs';
import { PERIOD, seedCampaigns } from '../support/reports.mjs';
import { Simulator } from '../support/simulator.mjs';
import { startStack } from '../support/stack.mjs';

const HOSTS = 2;
let sim;
let stack;

before(async () => {
  sim = await Simulator.start();
  stack = await startStack('hosts_share', {
    hosts: HOSTS,
    env: {
      ROI_BCRYPT_COST: '4', AI_SERVICE_URL: sim.aiBase,
      // Three report threads per host looking every 50 ms: queued reports meet six claims at once.
      ROI_REPORTS_WORKERS: '3', ROI_REPORTS_POLL_MS: '50', ROI_DB_POOL_SIZE: '8',
      // A claim holds 5 s without a word (and 5 s more over the AI call): far beyond the few
      // milliseconds between two words of a running report, short enough to wait for.
      ROI_REPORTS_LEASE_S: '5', ROI_AI_TIMEOUT_MS: '5000', ROI_AI_RETRIES: '0', ROI_AI_DEADLINE_MS: '5000',
      // Loopback is a trusted proxy: X-Forwarded-For names each test client's address. Delays of a
      // minute: every wait below is certain, and no test sleeps.
      ROI_TRUSTED_PROXIES: '127.0.0.1', ROI_LOGIN_FREE_FAILURES_PER_ACCOUNT: '3',
      ROI_LOGIN_FREE_FAILURES_PER_ADDRESS: '6', ROI_LOGIN_FIRST_DELAY_MS: '60000',
      ROI_REGISTER_PER_ADDRESS: '5',
    },
  });
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

const hostIndexes = () => [...Array(HOSTS).keys()];
const logLines = (i, event) => fs.readFileSync(stack.hostAt(i).logPath, 'utf8').split('\n')
  .filter((l) => l.includes(`"${event}"`)).map((l) => JSON.parse(l));
const requestsTo = (i, procedure) => logLines(i, 'request').filter((l) => l.path === `/api/trpc/${procedure}`).length;
const aiCalls = async () => (await sim.requests('ai')).length;
const reportRows = (ids) => stack.sql(`SELECT id, status, attempts, insights_source FROM reports
  WHERE id IN (${ids.join(',')}) ORDER BY id`);
// The host (index) whose report thread holds report `id` now, from the worker name's pid.
function holderOf(id) {
  const [[worker]] = stack.sql(`SELECT coalesce(worker, '') FROM reports WHERE id = ${id}`);
  return hostIndexes().find((i) => worker.includes(`-${stack.hostAt(i).proc?.pid}-report-`));
}
// A report of the seeded period starting `day` days in, queued straight into the table.
const queue = (user, days) => stack.sql(`INSERT INTO reports (user_id, name, start_date, end_date)
  SELECT ${user.id}, 'shared ' || d, '${PERIOD.start}'::date + d, '${PERIOD.end}'
  FROM unnest(ARRAY[${days.join(',')}]) d RETURNING id`).map(([id]) => Number(id));

test('reports queued together on two hosts are each made exactly once, by one of them', async () => {
  const user = await newUser(stack);
  seedCampaigns(stack, user);
  const callsBefore = await aiCalls();
  // Twelve periods: no report can reuse another's insights, so each asks the AI service itself.
  const ids = queue(user, [...Array(12).keys()]);
  await until('every report', () => reportRows(ids).every(([, status]) => status === 'ready' || status === 'failed'));
  for (const [id, status, attempts, source] of reportRows(ids)) {
    assert.deepEqual([status, attempts, source], ['ready', '1', 'ai'], `report ${id} was claimed once`);
  }
  assert.equal(await aiCalls() - callsBefore, ids.length, 'one AI call per report');
  const madeBy = hostIndexes().map((i) => logLines(i, 'report_ready').map((l) => l.report).filter((r) => ids.includes(r)));
  assert.deepEqual(madeBy.flat().sort((a, b) => a - b), ids, 'each report made once, on one host');
  assert.ok(madeBy.every((made) => made.length > 0), `both hosts made reports: ${JSON.stringify(madeBy)}`);
  for (const id of ids) assert.ok(fs.existsSync(`${stack.reportsDir}/${user.id}/${id}.pdf`));
});

// Holds the AI service's answers for `ms`, queues one report, and waits until a host is in the
// middle of it (claimed, asking the service); returns [report id, host index, AI calls before].
async function reportInFlight(user, day, ms) {
  await sim.configure({ ai: { mode: 'timeout', delay_ms: ms } });
  const callsBefore = await aiCalls();
  const [id] = queue(user, [day]);
  await until('the AI call', async () => await aiCalls() > callsBefore);
  const holder = holderOf(id);
  assert.notEqual(holder, undefined, 'a running host holds the report');
  return [id, holder, callsBefore];
}

test('a report whose host is killed mid-report is finished by the other host', async () => {
  const user = await newUser(stack);
  seedCampaigns(stack, user);
  const [id, holder, callsBefore] = await reportInFlight(user, 13, 3000);
  await stack.stopHostAt(holder, 'SIGKILL');
  await sim.configure({ ai: { mode: 'success' } });
  // The dead host's owner lock went with its connection: the other claims the report at once,
  // long before the lease (5 s + the AI deadline) would run out.
  await until('the report', () => reportRows([id])[0][1] === 'ready', 30000);
  assert.deepEqual(reportRows([id]), [[String(id), 'ready', '2', 'ai']]);
  const other = 1 - holder;
  assert.deepEqual(logLines(other, 'report_ready').filter((l) => l.report === id).length, 1);
  assert.equal(await aiCalls() - callsBefore, 2, 'the cut call and the one that made the report');
  assert.ok(fs.existsSync(`${stack.reportsDir}/${user.id}/${id}.pdf`));
  await stack.startHostAt(holder);
});

test('a report whose host froze is taken over when its lease lapses; the woken host stores nothing', async () => {
  const user = await newUser(stack);
  seedCampaigns(stack, user);
  // The service answers after 2 s; the frozen host's call outlives the freeze.
  const [id, holder, callsBefore] = await reportInFlight(user, 14, 2000);
  const frozen = stack.hostAt(holder).proc;
  frozen.kill('SIGSTOP');
  try {
    // A frozen process keeps its connections (the kernel answers for it), so its owner lock holds
    // and only the lapsed lease (5 s + 5 s of AI deadline) lets the other host in. Watched in the
    // database: nginx may pass an API call to the frozen host.
    await until('the report made by the other host', () => reportRows([id])[0][1] === 'ready', 60000);
    assert.deepEqual(reportRows([id]), [[String(id), 'ready', '2', 'ai']]);
  } finally {
    frozen.kill('SIGCONT');
  }
  const [[storedAt]] = stack.sql(`SELECT finished_at FROM reports WHERE id = ${id}`);
  await until('the woken host to notice', () => logLines(holder, 'report_claim_lost').some((l) => l.report === id));
  assert.equal(logLines(holder, 'report_ready').filter((l) => l.report === id).length, 0);
  assert.deepEqual(stack.sql(`SELECT finished_at, status FROM reports WHERE id = ${id}`), [[storedAt, 'ready']],
    'the stale claim stored nothing over the other host\'s report');
  assert.equal(await aiCalls() - callsBefore, 2);
  const pdf = fs.readFileSync(`${stack.reportsDir}/${user.id}/${id}.pdf`);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.deepEqual(fs.readdirSync(`${stack.reportsDir}/${user.id}`).filter((f) => f.endsWith('.partial')), []);
  await sim.configure({ ai: { mode: 'success' } });
});

const post = (procedure, body, from) => fetch(`${stack.url}/api/trpc/${procedure}`, {
  method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
  body: JSON.stringify(body),
});

test('failed logins spread over two hosts slow the guesser down as on one host', async () => {
  const email = `shared_throttle_${process.pid}@example.com`;
  const password = 'correct horse battery';
  assert.equal((await post('auth.register', { email, password }, '198.51.100.20')).status, 200);
  const served = hostIndexes().map((i) => requestsTo(i, 'auth.login'));
  const guesser = '203.0.113.77';
  // Three free failures for the pair, wherever nginx sends each: the fourth makes it wait.
  for (let i = 0; i < 4; i++) assert.equal((await post('auth.login', { email, password: 'wrong password' }, guesser)).status, 401);
  const blocked = await post('auth.login', { email, password }, guesser);
  assert.equal(blocked.status, 429, 'the right password waits too: the pair is slowed on every host');
  const retry = Number(blocked.headers.get('retry-after'));
  assert.ok(retry >= 55 && retry <= 60, `Retry-After ${retry}`);
  const spread = hostIndexes().map((i) => requestsTo(i, 'auth.login') - served[i]);
  assert.ok(spread.every((n) => n >= 2), `both hosts served the guesses: ${spread}`);
  // The owner, from an address that has not failed, signs in at once on either host.
  for (let i = 0; i < HOSTS; i++) assert.equal((await post('auth.login', { email, password }, '198.51.100.21')).status, 200);
  // Per address: six free failures in all, for any emails, on any host (four are used).
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await post('auth.login', { email: `nobody${i}_${process.pid}@example.com`, password: 'wrong password' }, guesser)).status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 429]);
});

test('registrations from one address are limited across both hosts together', async () => {
  const statuses = [];
  for (let i = 0; i < 6; i++) {
    statuses.push((await post('auth.register', { email: `shared_reg${i}_${process.pid}@example.com`, password: 'correct horse battery' }, '203.0.113.88')).status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
  assert.equal((await post('auth.register', { email: `shared_reg_other_${process.pid}@example.com`, password: 'correct horse battery' }, '203.0.113.89')).status, 200);
});
