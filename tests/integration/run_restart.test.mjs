// `make run` (scripts/run) in demo mode stopped and started again keeps what it made: its demo
// keys persist under its state folder (same admin token, same sealed-token key, same session
// secret) and the simulator its tokens and subscriptions, so the demo user's session still works,
// the connected accounts still sync, and a cancel after the restart reaches the subscription.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '../support/stack.mjs';
import { trpcClient } from '../support/trpc.mjs';

const REPO = process.env.ROI_REPO;
const state = fs.mkdtempSync(path.join(process.env.ROI_TEST_STATE, 'run_restart_'));
fs.chmodSync(state, 0o755);  // Postgres and nginx's workers run as other users
const logPath = path.join(state, 'run.log');
let run;
let url;

const exited = (child) => (child.exitCode !== null || child.signalCode !== null
  ? Promise.resolve()
  : new Promise((resolve) => child.once('exit', resolve)));
const runLog = () => fs.readFileSync(logPath, 'utf8');

// Starts make run in demo mode (no keys given) on `port` and waits until its demo user is ready;
// returns what this start printed.
async function start(port) {
  const offset = fs.existsSync(logPath) ? fs.statSync(logPath).size : 0;
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'ROI_DEMO_MODE', 'GOOGLE_ADS_CLIENT_ID', 'META_APP_ID', 'JWT_SECRET',
    'TOKEN_ENCRYPTION_KEY', 'ROI_ADMIN_TOKEN', 'FRONTEND_URL']) delete env[key];
  const log = fs.openSync(logPath, 'a');
  run = spawn(path.join(REPO, 'scripts/run'), [], {
    stdio: ['ignore', log, log],
    env: { ...env, ROI_STATE_DIR: state, ROI_HTTP_PORT: String(port), ROI_SKIP_BUILD: '1' },
  });
  fs.closeSync(log);
  // Generous: initdb, a first start and the demo's syncs on a loaded machine.
  for (const end = Date.now() + 400000; Date.now() < end; await sleep(100)) {
    const printed = runLog().slice(offset);
    if (printed.includes('Ctrl-C stops everything')) return printed;
    if (run.exitCode !== null) break;
  }
  throw new Error(`make run did not get ready; its log:\n${runLog()}`);
}

async function stop() {
  run.kill('SIGTERM');
  await exited(run);
  assert.equal(run.exitCode, 0, runLog());
}

after(async () => {
  if (!run || run.exitCode !== null || run.signalCode !== null) return;
  run.kill('SIGTERM');
  const timer = setTimeout(() => run.kill('SIGKILL'), 30000);
  await exited(run);
  clearTimeout(timer);
});

// The admin token and the demo user's session token the banner printed.
function banner(printed) {
  assert.doesNotMatch(printed, /the demo user could not be set up/, printed);
  const admin = printed.match(/admin: curl -H 'Authorization: Bearer ([0-9a-f]+)'/)?.[1];
  const token = printed.match(/its dashboard: curl -H 'Authorization: Bearer ([^']+)'/)?.[1];
  assert.ok(admin && token, printed);
  return { admin, token };
}

test('stopped and started again, make run keeps its keys, sessions, connected accounts and subscription', async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const first = banner(await start(port));
  const keys = fs.readFileSync(path.join(state, 'demo-keys.env'), 'utf8');
  assert.equal(fs.statSync(path.join(state, 'demo-keys.env')).mode & 0o077, 0, 'the keys file is private');
  const api = trpcClient(url, first.token);
  const before = await api.integrations.list.query();
  assert.deepEqual([...new Set(before.map((i) => i.platform))].sort(), ['google-ads', 'meta', 'shopify']);

  await stop();
  const second = banner(await start(port));
  assert.equal(fs.readFileSync(path.join(state, 'demo-keys.env'), 'utf8'), keys, 'the same keys');
  assert.equal(second.admin, first.admin, 'the same admin token');
  const admin = await fetch(`${url}/admin/plugins`, { headers: { authorization: `Bearer ${first.admin}` } });
  assert.equal(admin.status, 200);

  // The session made before the restart works, and nothing was connected twice.
  const { user } = await api.auth.me.query();
  assert.equal(user.email, 'demo@example.com');
  const after = await api.integrations.list.query();
  assert.deepEqual(after.map((i) => [i.id, i.status]), before.map((i) => [i.id, 'active']));

  // The tokens sealed before the restart open, and the simulator still honours them.
  const target = after.find((i) => i.platform === 'google-ads');
  const { jobId } = await api.integrations.sync.mutate({ integrationId: target.id });
  let run2;
  for (const end = Date.now() + 120000; Date.now() < end && !run2; await sleep(200)) {
    const listed = (await api.integrations.list.query()).find((i) => i.id === target.id);
    if (listed.sync === null && listed.lastRun) run2 = listed.lastRun;
  }
  assert.ok(jobId > 0 && run2, 'the sync ended');
  assert.equal(run2.outcome, 'succeeded', run2.error ?? '');

  // Stripe (the simulator) still knows the subscription: the cancel reaches it.
  const cancelled = await api.subscription.cancel.mutate();
  assert.equal(cancelled.plan, 'pro');
  assert.equal(cancelled.cancelAtPeriodEnd, true);
  await stop();
});
