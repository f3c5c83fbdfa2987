// Connector plugins as operators and third parties meet them: an out-of-tree build dropped into
// a running host goes live, fifty swaps under load fail no request, bad versions are refused
// while the old one serves, removal retires, and a faulty connector never takes the host down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStack } from '../support/stack.mjs';

const BUILD = process.env.ROI_BUILD_DIR;
const TEST_PLUGINS = process.env.ROI_TEST_PLUGIN_DIR;
const SWAPS = Number(process.env.ROI_SWAP_COUNT ?? 50);

let stack;
before(async () => {
  stack = await startStack('plugins_hot_swap', { env: { ROI_PLUGINS_CALL_TIMEOUT_MS: '500' } });
});
after(async () => { await stack?.stop(); });

// Writes elsewhere, then renames in: the only safe way to replace a library a process may map.
function drop(bytes, name) {
  const tmp = path.join(stack.pluginsDir, `.${name}.incoming`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, path.join(stack.pluginsDir, name));
}

// A copy of the stamped test connector reporting `version` (see tests/plugins/stamped_connector.cpp).
function stamped(version) {
  const bytes = fs.readFileSync(path.join(TEST_PLUGINS, 'stamped_connector.so'));
  const marker = Buffer.from('ROI-VERSION-SLOT:');
  const at = bytes.indexOf(marker);
  assert.ok(at > 0, 'version slot not found');
  const slot = Buffer.alloc(31);
  slot.write(version);
  slot.copy(bytes, at + marker.length);
  return bytes;
}

async function trpc(proc, input) {
  const q = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const r = await fetch(`${stack.url}/api/trpc/${proc}${q}`);
  return { status: r.status, body: await r.json() };
}

async function admin() {
  const r = await fetch(`${stack.url}/admin/plugins`);
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
  execFileSync('cmake', ['--install', BUILD, '--prefix', prefix], { stdio: 'pipe' });
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

test(`${SWAPS} swaps while clients call through nginx: no failed request, callers end on the newest`, async () => {
  drop(stamped('1.0.0'), 'stamped.so');
  await until('stamped 1.0.0', async () => (await liveVersion('stamped')) === '1.0.0');

  let running = true;
  const failures = [];
  const latencies = [];
  const seen = new Set();
  const caller = async () => {
    while (running) {
      const started = performance.now();
      const r = await fetch(`${stack.url}/api/trpc/system.connector?input=${encodeURIComponent('{"id":"stamped"}')}`);
      const body = await r.text();
      latencies.push(performance.now() - started);
      if (r.status !== 200) failures.push(`${r.status} ${body}`);
      else seen.add(JSON.parse(body).result.data.version);
    }
  };
  const callers = Array.from({ length: 4 }, caller);

  const swapMs = [];
  const startedAt = performance.now();
  for (let i = 1; i <= SWAPS; i++) {
    const version = `2.0.${i}`;
    const renamed = performance.now();
    drop(stamped(version), 'stamped.so');
    await until(`version ${version}`, async () => (await liveVersion('stamped')) === version);
    swapMs.push(performance.now() - renamed);
  }
  const elapsed = (performance.now() - startedAt) / 1000;
  running = false;
  await Promise.all(callers);

  assert.deepEqual(failures, []);
  assert.equal(await liveVersion('stamped'), `2.0.${SWAPS}`);
  assert.ok(seen.size > 1, 'callers saw the versions change');
  const status = await admin();
  const file = status.files.find((f) => f.file === 'stamped.so');
  assert.equal(file.swaps, SWAPS);
  assert.equal(file.serving.version, `2.0.${SWAPS}`);
  assert.match(file.serving.sha256, /^[0-9a-f]{64}$/);
  // Every old version is unloaded once its last call is done: only the live libraries remain.
  await until('old versions unloaded', async () => (await admin()).librariesLoaded === 2);
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
  ['a library built for another ABI', () => fs.readFileSync(path.join(TEST_PLUGINS, 'wrong_abi_connector.so')), 'wrong_abi'],
  ['a broken file', () => Buffer.from('\x7fELF but not really a library'), 'load_failed'],
  ['a connector that fails its check', () => fs.readFileSync(path.join(TEST_PLUGINS, 'bad_description_connector.so')), 'check_failed'],
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

test('a connector that throws, hangs or answers garbage gets a clear error and the host keeps serving', async () => {
  for (const mode of ['throws', 'hangs', 'garbage']) {
    drop(fs.readFileSync(path.join(TEST_PLUGINS, `fault_${mode}_connector.so`)), `fault_${mode}.so`);
  }
  for (const mode of ['throws', 'hangs', 'garbage']) {
    await until(`fault-${mode}`, async () => (await trpc('system.connectors')).body.result.data.some((c) => c.id === `fault-${mode}`));
  }
  const expected = {
    throws: [502, 'BAD_GATEWAY', /failed unexpectedly/],
    hangs: [504, 'GATEWAY_TIMEOUT', /did not answer in time/],
    garbage: [502, 'BAD_GATEWAY', /returned an invalid answer/],
  };
  for (const [mode, [status, code, message]] of Object.entries(expected)) {
    const started = Date.now();
    const r = await trpc('system.connector', { id: `fault-${mode}` });
    assert.equal(r.status, status, mode);
    assert.equal(r.body.error.data.code, code);
    assert.match(r.body.error.message, message);
    assert.ok(Date.now() - started < 2000, `${mode} answered within the call timeout`);
    assert.equal((await trpc('system.info')).status, 200);
  }
  assert.match(stack.hostLog(), /"event":"trpc_call_failed".*fault-throws/);
  const metrics = await stack.metrics();
  assert.match(metrics, /roi_plugin_call_failures_total\{kind="timeout"\} [1-9]/);
});

test('with watching off, SIGHUP and POST /admin/plugins/reload pick up changes', async () => {
  const quiet = await startStack('plugins_reload', { env: { ROI_PLUGINS_WATCH: 'false' } });
  try {
    fs.copyFileSync(path.join(TEST_PLUGINS, 'stamped_connector.so'), path.join(quiet.pluginsDir, 'stamped.so'));
    await sleep(300);
    const list = async () => (await (await fetch(`${quiet.url}/api/trpc/system.connectors`)).json()).result.data;
    assert.deepEqual(await list(), []);
    quiet.host.kill('SIGHUP');
    const started = Date.now();
    while ((await list()).length === 0 && Date.now() - started < 5000) await sleep(20);
    assert.equal((await list())[0].id, 'stamped');

    fs.unlinkSync(path.join(quiet.pluginsDir, 'stamped.so'));
    const r = await fetch(`${quiet.url}/admin/plugins/reload`, { method: 'POST' });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).reload.retired, 1);
    assert.deepEqual(await list(), []);
    assert.equal((await fetch(`${quiet.url}/admin/plugins/reload`)).status, 405);
  } finally {
    await quiet.stop();
  }
});
