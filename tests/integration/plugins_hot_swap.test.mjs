// Connector plugins as operators and third parties meet them: an out-of-tree build dropped into
// a running host goes live, fifty swaps under 100,000 connector calls fail none, bad versions are
// refused while the old one serves, and removal retires. (Faulty connectors: plugins_isolation.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStack } from '../support/stack.mjs';
import { drop as dropInto, stamped as stampedLibrary } from '../support/stamped.mjs';
import { trpcClient } from '../support/trpc.mjs';

const BUILD = process.env.ROI_BUILD_DIR;
const FAKE_CONNECTORS = process.env.ROI_FAKE_CONNECTOR_DIR;
const SWAPS = Number(process.env.ROI_SWAP_COUNT ?? 50);
const CALLS = Number(process.env.ROI_SWAP_CALLS ?? 100000);

let stack;
before(async () => {
  stack = await startStack('plugins_hot_swap', { env: {
    ROI_PLUGINS_CALL_TIMEOUT_MS: '2000', ROI_BCRYPT_COST: '4', ROI_LOG_REQUESTS: 'false',
  } });
});
after(async () => { await stack?.stop(); });

const drop = (bytes, name) => dropInto(stack.pluginsDir, bytes, name);
const stamped = (version) => stampedLibrary({ version });

async function trpc(proc, input) {
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const r = await fetch(`${stack.url}/api/trpc/${proc}${q}`);
  return { status: r.status, body: await r.json() };
}

async function admin() {
  const r = await stack.admin('/admin/plugins');
  assert.equal(r.status, 200);
  return r.json();
}

async function until(what, check, ms = 5000) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    const value = await check();
    if (value) return Date.now() - started;
    await sleep(5);
  }
  throw new Error(`timed out waiting for ${what}; host log:\n${stack.hostLog().slice(-3000)}`);
}

const liveVersion = async (id) => {
  const r = await trpc('system.connector', { id });
  return r.status === 200 ? r.body.result.data.version : null;
};

test('an example connector built out of tree against the installed SDK goes live without a restart', async () => {
  const scratch = path.join(stack.state, 'third-party');
  const prefix = path.join(scratch, 'sdk');
  // The SDK's component only: the host's would also write /etc/roi (an absolute destination).
  execFileSync('cmake', ['--install', BUILD, '--prefix', prefix, '--component', 'sdk'], { stdio: 'pipe' });
  execFileSync('cmake', ['-S', path.join(prefix, 'share/roi-sdk/example'), '-B', path.join(scratch, 'build'),
    `-DCMAKE_PREFIX_PATH=${prefix}`, '-DCMAKE_BUILD_TYPE=Release'], { stdio: 'pipe' });
  execFileSync('cmake', ['--build', path.join(scratch, 'build'), '-j2'], { stdio: 'pipe' });
  const pid = stack.host.pid;

  const renamed = Date.now();
  drop(fs.readFileSync(path.join(scratch, 'build', 'example_connector.so')), 'example.so');
  await until('example in system.connectors', async () => {
    const { body } = await trpc('system.connectors');
    return body.result.data.some((c) => c.id === 'example');
  });
  const live = Date.now() - renamed;
  assert.ok(live < 1000, `took ${live} ms from rename to serving`);
  assert.equal(stack.host.pid, pid, 'the host was not restarted');

  const { body } = await trpc('system.connectors');
  assert.deepEqual(body.result.data.find((c) => c.id === 'example'),
    { id: 'example', name: 'Example Ads', version: '1.0.0', capabilities: ['ads', 'webhooks'] });
  const info = await trpc('system.info');
  assert.ok(info.body.result.data.connectors.some((c) => c.id === 'example'));
});

test(`${SWAPS} swaps during ${CALLS} connector calls through nginx: none fails, callers end on the newest`, async () => {
  // Every call runs connector code: a signed-in user starting a Google Ads connection, served by
  // the stamped connector under the id google-ads (system.connector answers from the loaded
  // description and runs none).
  const v = (i) => `2.0.${i}`;
  drop(stampedLibrary({ id: 'google-ads', version: v(0) }), 'google-ads.so');
  await until('google-ads 2.0.0', async () => (await liveVersion('google-ads')) === v(0));
  const { token, user } = await trpcClient(stack.url).auth.register.mutate({
    email: 'swapper@example.com', password: 'correct horse battery' });
  stack.sql(`INSERT INTO subscriptions (user_id, plan, status) VALUES (${user.id}, 'agency', 'active')`);
  const connect = {
    method: 'POST', body: '{}',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  };

  let sent = 0;
  const failures = [];
  const latencies = [];
  const seen = new Set();
  const caller = async () => {
    while (sent < CALLS) {
      sent++;
      const started = performance.now();
      const r = await fetch(`${stack.url}/api/trpc/integrations.connectGoogleAds`, connect);
      const body = await r.text();
      latencies.push(performance.now() - started);
      if (r.status !== 200) failures.push(`${r.status} ${body}`);
      else seen.add(new URL(JSON.parse(body).result.data.authorizeUrl).pathname.split('/')[1]);
    }
  };
  const startedAt = performance.now();
  const callers = Array.from({ length: 8 }, caller);

  // Swaps spread over the calls: one each CALLS / (SWAPS + 1) calls.
  const swapMs = [];
  for (let i = 1; i <= SWAPS; i++) {
    while (sent < (CALLS * i) / (SWAPS + 1)) await sleep(2);
    const renamed = performance.now();
    drop(stampedLibrary({ id: 'google-ads', version: v(i) }), 'google-ads.so');
    await until(`version ${v(i)}`, async () => (await liveVersion('google-ads')) === v(i));
    swapMs.push(performance.now() - renamed);
  }
  await Promise.all(callers);
  const elapsed = (performance.now() - startedAt) / 1000;

  assert.deepEqual(failures.slice(0, 5), []);
  assert.equal(latencies.length, CALLS);
  assert.ok(seen.has(v(SWAPS)) && seen.size > SWAPS / 2, `callers saw ${seen.size} versions`);
  const status = await admin();
  const file = status.files.find((f) => f.file === 'google-ads.so');
  assert.equal(file.swaps, SWAPS);
  assert.equal(file.serving.version, v(SWAPS));
  assert.match(file.serving.sha256, /^[0-9a-f]{64}$/);
  // Every old version ends once its last call is done: only the live versions and their workers
  // (the example's one, at most plugins.max_workers of google-ads') remain.
  await until('old versions ended', async () => (await admin()).librariesLoaded === 2);
  assert.ok((await admin()).workersRunning <= 1 + 4);
  const metrics = await stack.metrics();
  assert.match(metrics, new RegExp(`roi_plugin_swaps_total ${SWAPS}\\b`));

  const sorted = [...latencies].sort((a, b) => a - b);
  const swapSorted = [...swapMs].sort((a, b) => a - b);
  const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(2);
  console.log(`BENCH swaps=${SWAPS} seconds=${elapsed.toFixed(2)} requests=${latencies.length} ` +
    `req_per_s=${(latencies.length / elapsed).toFixed(0)} p50_ms=${pct(sorted, 0.5)} p99_ms=${pct(sorted, 0.99)} ` +
    `rename_to_serving_ms_p50=${pct(swapSorted, 0.5)} p99=${pct(swapSorted, 0.99)} max=${swapSorted.at(-1).toFixed(2)}`);
});

for (const [what, bytes, reason] of [
  ['a library built for another ABI', () => fs.readFileSync(path.join(FAKE_CONNECTORS, 'wrong_abi_connector.so')), 'wrong_abi'],
  ['a broken file', () => Buffer.from('\x7fELF but not really a library'), 'load_failed'],
  ['a connector that fails its check', () => fs.readFileSync(path.join(FAKE_CONNECTORS, 'bad_description_connector.so')), 'check_failed'],
]) {
  test(`${what} is refused and the old version keeps serving`, async () => {
    drop(stamped('3.0.0'), 'stamped.so');
    await until('stamped 3.0.0', async () => (await liveVersion('stamped')) === '3.0.0');
    drop(bytes(), 'stamped.so');
    await until(`refusal ${reason}`, async () =>
      (await admin()).files.find((f) => f.file === 'stamped.so')?.lastRefusal?.reason === reason);
    assert.equal(await liveVersion('stamped'), '3.0.0');
    assert.match(stack.hostLog(), new RegExp(`"event":"plugin_refused".*"reason":"${reason}"`));
    const metrics = await stack.metrics();
    assert.match(metrics, new RegExp(`roi_plugin_refusals_total\\{reason="${reason}"\\} [1-9]`));
  });
}

test('a second file claiming an id that is already served is refused', async () => {
  drop(stamped('4.0.0'), 'twin.so');
  await until('twin refused', async () =>
    (await admin()).files.find((f) => f.file === 'twin.so')?.lastRefusal?.reason === 'check_failed');
  const twin = (await admin()).files.find((f) => f.file === 'twin.so');
  assert.match(twin.lastRefusal.message, /already served by stamped\.so/);
  assert.equal(twin.serving, null);
  assert.equal(await liveVersion('stamped'), '3.0.0');
  fs.unlinkSync(path.join(stack.pluginsDir, 'twin.so'));
});

test('removing a file retires its connector cleanly', async () => {
  fs.unlinkSync(path.join(stack.pluginsDir, 'stamped.so'));
  await until('stamped retired', async () => (await trpc('system.connector', { id: 'stamped' })).status === 404);
  const gone = await trpc('system.connector', { id: 'stamped' });
  assert.equal(gone.body.error.data.code, 'NOT_FOUND');
  assert.match(gone.body.error.message, /stamped connector is unavailable/);
  const { body } = await trpc('system.connectors');
  assert.ok(!body.result.data.some((c) => c.id === 'stamped'));
  assert.match(stack.hostLog(), /"event":"plugin_retired","file":"stamped.so"/);
});

test('with watching off, SIGHUP and POST /admin/plugins/reload pick up changes', async () => {
  const quiet = await startStack('plugins_reload', { env: { ROI_PLUGINS_WATCH: 'false' } });
  try {
    fs.copyFileSync(path.join(FAKE_CONNECTORS, 'stamped_connector.so'), path.join(quiet.pluginsDir, 'stamped.so'));
    await sleep(300);
    const list = async () => (await (await fetch(`${quiet.url}/api/trpc/system.connectors`)).json()).result.data;
    assert.deepEqual(await list(), []);
    quiet.host.kill('SIGHUP');
    const started = Date.now();
    while ((await list()).length === 0 && Date.now() - started < 5000) await sleep(20);
    assert.equal((await list())[0].id, 'stamped');

    fs.unlinkSync(path.join(quiet.pluginsDir, 'stamped.so'));
    const r = await quiet.admin('/admin/plugins/reload', { method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).reload.retired, 1);
    assert.deepEqual(await list(), []);
    assert.equal((await quiet.admin('/admin/plugins/reload')).status, 405);
  } finally {
    await quiet.stop();
  }
});
