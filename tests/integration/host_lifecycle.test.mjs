// The host as an operator sees it: health follows the database, metrics and logs tell what
// happened without leaking secrets, bad configuration is refused, SIGTERM drains and exits.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startStack, psql } from '../support/stack.mjs';

let stack;
before(async () => { stack = await startStack('host_lifecycle'); });
after(async () => { await stack?.stop(); });

test('system.info reports version and SDK ABI through nginx', async () => {
  const r = await fetch(`${stack.url}/api/trpc/system.info`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json');
  const { result } = await r.json();
  assert.match(result.data.version, /^\d+\.\d+\.\d+$/);
  assert.equal(result.data.sdkAbiVersion, 6);
  assert.deepEqual(result.data.connectors, []);
});

test('healthz is 503 while the database refuses connections and recovers after', async () => {
  const admin = process.env.ROI_TEST_PG_URL;
  assert.equal((await fetch(`${stack.url}/healthz`)).status, 200);
  psql(admin, `ALTER DATABASE "${stack.name}" ALLOW_CONNECTIONS false`);
  psql(admin, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${stack.name}'`);
  try {
    const r = await fetch(`${stack.url}/healthz`);
    assert.equal(r.status, 503);
    assert.deepEqual(await r.json(), { status: 'unavailable', database: 'unreachable' });
    // The API itself keeps answering what does not need the database.
    assert.equal((await fetch(`${stack.url}/api/trpc/system.info`)).status, 200);
  } finally {
    psql(admin, `ALTER DATABASE "${stack.name}" ALLOW_CONNECTIONS true`);
  }
  const again = await fetch(`${stack.url}/healthz`);
  assert.equal(again.status, 200);
});

test('metrics count calls per procedure, errors per code, and the pool', async () => {
  await fetch(`${stack.url}/api/trpc/system.info`);
  await fetch(`${stack.url}/api/trpc/no.such`);
  const text = await stack.metrics();
  assert.match(text, /roi_trpc_calls_total\{procedure="system.info"\} [1-9]\d*/);
  assert.match(text, /roi_trpc_call_duration_seconds_bucket\{procedure="system.info",le="\+Inf"\} [1-9]/);
  assert.match(text, /roi_trpc_errors_total\{code="NOT_FOUND"\} [1-9]/);
  assert.match(text, /roi_db_pool_connections 4/);
  // Background work (scheduler, reclaimer) may hold one at this moment: any count within the pool.
  assert.match(text, /roi_db_pool_connections_in_use [0-4]\n/);
  assert.match(text, /# TYPE roi_http_request_duration_seconds histogram/);
});

// What `ls /proc/<pid>/task/*/comm` shows: one name per kind of thread (docs/ARCHITECTURE.md).
function threadNames(pid) {
  const counts = {};
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    let name;
    try {
      name = fs.readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim();
    } catch { continue; }  // a thread that ended while listing
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

test('the host runs a small set of named threads: one event loop plus the threads that block', async () => {
  const setting = (key) => Number(execFileSync(process.env.ROI_HOST_BIN, ['--print', key], {
    env: { ROI_CONFIG: fileURLToPath(new URL('../../conf/roi.yaml', import.meta.url)), DATABASE_URL: 'postgresql:///unused' },
  }).toString().trim());
  assert.deepEqual(threadNames(stack.hostPid()), {
    'roi-host': 1,  // main: signals, then the drain
    'roi-loop': 1,  // Boost.Asio: session purge, orphan reclaim, sync schedule
    'roi-fcgi': stack.threads,
    'roi-sync': setting('sync.workers'),
    'roi-report': setting('reports.workers'),
    'roi-changes': 1,  // LISTEN roi_changes
    'roi-watcher': 1,  // inotify on the plugins folder, loads what it sees
    'roi-spawner': 1,  // starts connector workers (their parent-death signal follows it)
    'roi-worker-out': 1,  // reads what connector workers print, logs it
  });
});

test('each request is one JSON log line without its query string', async () => {
  const secret = 'sk_live_SECRET_in_input';
  await fetch(`${stack.url}/api/trpc/system.info?input=${encodeURIComponent(JSON.stringify({ token: secret }))}`);
  await sleep(50);
  const lines = stack.hostLog().trim().split('\n');
  for (const line of lines) JSON.parse(line);  // every line is JSON
  const req = lines.map((l) => JSON.parse(l)).filter((l) => l.event === 'request' && l.path === '/api/trpc/system.info');
  assert.ok(req.length > 0);
  assert.equal(typeof req.at(-1).status, 'number');
  assert.equal(typeof req.at(-1).ms, 'number');
  assert.ok(!stack.hostLog().includes(secret), 'the log must not hold request input');
  assert.ok(!stack.hostLog().includes('postgresql://'), 'the log must not hold the database URL');
});

test('an invalid setting is refused at start, naming the key', async () => {
  const { code, output } = await stack.runHostToExit({ ROI_FCGI_THREADS: 'lots', ROI_FCGI_SOCKET: `${stack.state}/x.sock` });
  assert.equal(code, 2);
  assert.match(output, /server\.threads/);
  assert.match(output, /'lots'/);
});

test('a lookback variable that names no connector id is refused at start, naming the variable', async () => {
  const { code, output } = await stack.runHostToExit({ 'ROI_SYNC_LOOKBACK_GOOGLE.ADS': '90', ROI_FCGI_SOCKET: `${stack.state}/z.sock` });
  assert.equal(code, 2);
  assert.match(output, /'ROI_SYNC_LOOKBACK_GOOGLE\.ADS'/);
});

test('a host without DATABASE_URL refuses to start and says so', async () => {
  const { code, output } = await stack.runHostToExit({ DATABASE_URL: '', ROI_FCGI_SOCKET: `${stack.state}/y.sock` });
  assert.equal(code, 2);
  assert.match(output, /database\.url/);
});

test('SIGTERM stops accepting, drains and exits 0 with idle keep-alive connections open', async () => {
  // Warm up several upstream keep-alive connections so threads sit on idle connections.
  await Promise.all(Array.from({ length: 32 }, () => fetch(`${stack.url}/api/trpc/system.info`)));
  const started = Date.now();
  const code = await stack.stopHost('SIGTERM');
  assert.equal(code, 0);
  assert.ok(Date.now() - started < 3000, 'shutdown should not wait for idle connections to time out');
  assert.match(stack.hostLog(), /"event":"host_stopped"/);
  // Components stop in the reverse order of their start, each with a log line.
  const lines = stack.hostLog().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const names = (event) => lines.filter((l) => l.event === event).map((l) => l.component);
  const order = names('component_started');
  assert.deepEqual(order, ['event_loop', 'plugins', 'reports', 'sync', 'session_purge', 'change_feed']);
  assert.deepEqual(names('component_stopped'), [...order].reverse());
  // nginx answers with a JSON envelope while the host is down, then the host comes back.
  const down = await fetch(`${stack.url}/api/trpc/system.info`);
  assert.equal(down.status, 503);
  assert.equal((await down.json()).error.data.code, 'SERVICE_UNAVAILABLE');
  await stack.startHost();
  assert.equal((await fetch(`${stack.url}/api/trpc/system.info`)).status, 200);
});
