// No connector code runs in roi-host: connectors that segfault, abort, exit, hang, eat memory or
// throw fail the one request that ran them (502/503/504 with a readable reason), crash while
// loading and are refused, fail a sync attempt as a normal failed attempt, and hold none of the
// host's secrets, while the host keeps answering every unrelated request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStack } from '../support/stack.mjs';
import { drop, stamped } from '../support/stamped.mjs';
import { trpcClient } from '../support/trpc.mjs';

// Generous, so that only the hanging connector meets it: touching 256 MB or restarting a worker
// on a loaded machine took over a second in CI.
const CALL_TIMEOUT_MS = 4000;
let stack;
let token;
let version = 0;
before(async () => {
  stack = await startStack('plugins_isolation', { env: {
    ROI_BCRYPT_COST: '4', FRONTEND_URL: 'https://app.example.com',
    ROI_PLUGINS_CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS), ROI_PLUGINS_WORKER_MEMORY_MB: '256', ROI_PLUGINS_MAX_WORKERS: '2',
    ROI_SYNC_MAX_ATTEMPTS: '2', ROI_SYNC_BACKOFF_BASE_S: '0', ROI_SYNC_POLL_MS: '50',
  } });
  // "meta" is the healthy neighbour whose calls must keep working while google-ads misbehaves.
  drop(stack.pluginsDir, stamped({ id: 'meta' }), 'meta.so');
  const reg = await trpcClient(stack.url).auth.register.mutate({ email: 'iso@example.com', password: 'correct horse battery' });
  token = reg.token;
  // On a plan with room for both platforms, so no plan limit stands in the way.
  stack.sql(`INSERT INTO subscriptions (user_id, plan, status) VALUES (${reg.user.id}, 'agency', 'active')`);
  await until('meta', async () => (await liveVersion('meta')) === '1.0.0');
});
after(async () => { await stack?.stop(); });

async function until(what, check, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}; host log:\n${stack.hostLog().slice(-3000)}`);
}

async function liveVersion(id) {
  const r = await fetch(`${stack.url}/api/trpc/system.connector?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  return r.status === 200 ? (await r.json()).result.data.version : null;
}

async function mutation(proc, input = {}) {
  const r = await fetch(`${stack.url}/api/trpc/${proc}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return { status: r.status, body: await r.json() };
}

// Serves google-ads from a stamped library with `fault`; resolves once that version is live.
async function googleAds(fault) {
  const v = `5.0.${++version}`;
  drop(stack.pluginsDir, stamped({ id: 'google-ads', version: v, fault }), 'google-ads.so');
  await until(`google-ads ${v}`, async () => (await liveVersion('google-ads')) === v);
  return v;
}

// Runs `fault` while four callers send unrelated requests (anonymous, and a healthy connector's
// calls), and 20 more after it; returns their failures.
async function unrelatedDuring(fault) {
  let running = true;
  const failures = [];
  let sent = 0;
  const caller = async (i) => {
    while (running) {
      const r = i % 2
        ? await mutation('integrations.connectMeta')
        : { status: (await fetch(`${stack.url}/api/trpc/system.info`)).status };
      sent++;
      if (r.status !== 200) failures.push(`${r.status} ${JSON.stringify(r.body ?? '')}`);
    }
  };
  const callers = Array.from({ length: 4 }, (_, i) => caller(i));
  try {
    await fault();
    // Fast faults end before the callers got going: they keep on for a few rounds after it.
    const enough = sent + 20;
    while (sent < enough) await sleep(5);
  } finally {
    running = false;
    await Promise.all(callers);
  }
  return failures;
}

for (const [fault, status, code, message] of [
  ['segv', 502, 'BAD_GATEWAY', /^The google-ads connector crashed \(signal 11\)$/],
  ['abort', 502, 'BAD_GATEWAY', /^The google-ads connector crashed \(signal 6\)$/],
  ['exit', 502, 'BAD_GATEWAY', /^The google-ads connector exited \(status 3\)$/],
  ['hang', 504, 'GATEWAY_TIMEOUT', /did not answer in time/],
  ['oom', 503, 'SERVICE_UNAVAILABLE', /could not reach the platform/],
  ['throw', 502, 'BAD_GATEWAY', /failed unexpectedly/],
]) {
  // A sanitizer build's worker runs without its address-space limit (AddressSanitizer's shadow
  // memory cannot live under one), so nothing would stop the allocation.
  const skip = fault === 'oom' && process.env.ROI_SANITIZE
    ? `sanitizer build (${process.env.ROI_SANITIZE}): the worker has no memory limit to stop at` : false;
  test(`a connector that does ${fault} in OAuth start fails those requests only`, { skip }, async () => {
    await googleAds(`${fault}:start_oauth`);
    const failures = await unrelatedDuring(async () => {
      for (let i = 0; i < 2; i++) {  // the second request meets a restarted worker
        const started = Date.now();
        const r = await mutation('integrations.connectGoogleAds');
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.equal(r.body.error.data.code, code);
        assert.match(r.body.error.message, message);
        assert.ok(Date.now() - started < CALL_TIMEOUT_MS + 10000, `${fault} answered in ${Date.now() - started} ms`);
      }
    });
    assert.deepEqual(failures, []);
  });
}

for (const where of ['ctor', 'load']) {
  test(`a library that crashes in its ${where === 'ctor' ? 'constructor' : 'self-description'} is refused, the old version serves on`, async () => {
    const serving = await googleAds('');
    const failures = await unrelatedDuring(async () => {
      drop(stack.pluginsDir, stamped({ id: 'google-ads', version: '6.6.6', fault: `segv:${where}` }), 'google-ads.so');
      await until('the refusal', async () => {
        const status = await (await stack.admin('/admin/plugins')).json();
        const refusal = status.files.find((f) => f.file === 'google-ads.so')?.lastRefusal;
        return refusal?.reason === 'load_failed' && /crashed \(signal 11\) while loading/.test(refusal.message);
      });
    });
    assert.deepEqual(failures, []);
    assert.equal(await liveVersion('google-ads'), serving);
    assert.equal((await mutation('integrations.connectGoogleAds')).status, 200);
  });
}

test('a sync whose worker crashes is a failed attempt with a readable reason, and the job stops', async () => {
  await googleAds('segv:sync');
  const { body } = await mutation('integrations.connectGoogleAds');
  const state = new URL(body.result.data.authorizeUrl).searchParams.get('state');
  const landing = await fetch(`${stack.url}/api/oauth/google-ads/callback?state=${state}&code=c1`, { redirect: 'manual' });
  assert.equal(new URL(landing.headers.get('location')).searchParams.get('status'), 'connected');
  const api = trpcClient(stack.url, token);
  const [integration] = (await api.integrations.list.query()).filter((i) => i.platform === 'google-ads');
  const { jobId } = await api.integrations.sync.mutate({ integrationId: integration.id });
  await until('the job failing', async () =>
    stack.sql(`SELECT status FROM sync_jobs WHERE id = ${jobId}`)[0][0] === 'failed', 20000);
  const runs = stack.sql(`SELECT outcome, error FROM sync_runs WHERE job_id = ${jobId} ORDER BY id`);
  assert.equal(runs.length, 2, JSON.stringify(runs));  // sync.max_attempts
  for (const [, error] of runs) assert.match(error, /connector crashed \(signal 11\)/);
  const [after] = (await api.integrations.list.query()).filter((i) => i.id === integration.id);
  assert.match(after.lastRun.error, /The google-ads connector crashed \(signal 11\)/);
  assert.equal((await fetch(`${stack.url}/api/trpc/system.info`)).status, 200);
});

test('workers hold none of the host\'s secrets, only their socket and output pipe, and are not root', async () => {
  await googleAds('');
  assert.equal((await mutation('integrations.connectGoogleAds')).status, 200);
  const workers = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      return status.includes('Name:\troi-connector-w') && status.includes(`PPid:\t${stack.host.pid}\n`);
    } catch { return false; }
  });
  assert.ok(workers.length >= 2, `workers: ${workers}`);  // meta's and google-ads'
  for (const pid of workers) {
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    for (const secret of [stack.jwtSecret, stack.tokenKey, stack.dbUrl, 'JWT_SECRET', 'DATABASE_URL']) {
      assert.ok(!environ.includes(secret), `worker ${pid} environment holds a secret`);
    }
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      // stdout and stderr: the pipe whose reading end is the host's (plugins_output).
      const allowed = fd === '1' || fd === '2' ? target.startsWith('pipe:') : target === '/dev/null' || target.startsWith('socket:');
      assert.ok(allowed, `worker ${pid} holds ${target} as ${fd}`);
    }
    if (process.getuid() === 0) {
      const uid = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Uid:\t(\d+)/m)[1];
      assert.notEqual(uid, '0', `worker ${pid} runs as root`);
    }
  }
});
