// What a connector worker prints (stdout, stderr) reaches the host's log as `connector_output`
// lines tagged with the connector, its file and the worker's pid, treated as hostile: a long line
// is cut and says so, bytes that are not UTF-8 or are control characters cannot break the JSON
// log, a flood is limited to the burst and the rate (what is left out is counted and the count
// logged), the host keeps serving meanwhile, and each worker's pipe goes with it, so the host's
// descriptors stay flat over hot swaps and worker restarts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStack } from '../support/stack.mjs';
import { drop, stamped } from '../support/stamped.mjs';
import { trpcClient } from '../support/trpc.mjs';

const LINE_BYTES = 300;
const PER_S = 2;
const BURST = 20;
// What the stamped connector's print fault writes (tests/fake_connectors/stamped_connector.cpp):
// a line on stdout, a long line, a garbage line, FLOOD numbered lines, a last line without newline.
const FLOOD = 20000;
const LINES = 3 + FLOOD + 1;

let stack;
let token;
let version = 0;
before(async () => {
  stack = await startStack('plugins_output', { env: {
    ROI_BCRYPT_COST: '4', FRONTEND_URL: 'https://app.example.com', ROI_PLUGINS_MAX_WORKERS: '1',
    ROI_PLUGINS_OUTPUT_LINE_BYTES: String(LINE_BYTES), ROI_PLUGINS_OUTPUT_LINES_PER_S: String(PER_S),
    ROI_PLUGINS_OUTPUT_BURST: String(BURST),
  } });
  const reg = await trpcClient(stack.url).auth.register.mutate({ email: 'out@example.com', password: 'correct horse battery' });
  token = reg.token;
  stack.sql(`INSERT INTO subscriptions (user_id, plan, status) VALUES (${reg.user.id}, 'agency', 'active')`);
});
after(async () => { await stack?.stop(); });

async function until(what, check, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}; host log:\n${stack.hostLog().slice(-3000)}`);
}

async function liveVersion(id) {
  const r = await fetch(`${stack.url}/api/trpc/system.connector?input=${encodeURIComponent(JSON.stringify({ id }))}`);
  return r.status === 200 ? (await r.json()).result.data.version : null;
}

// Serves google-ads from a stamped library with `fault`; resolves once that version is live.
async function googleAds(fault) {
  const v = `7.0.${++version}`;
  drop(stack.pluginsDir, stamped({ id: 'google-ads', version: v, fault }), 'google-ads.so');
  await until(`google-ads ${v}`, async () => (await liveVersion('google-ads')) === v);
}

const connect = async () => (await fetch(`${stack.url}/api/trpc/integrations.connectGoogleAds`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}',
})).status;

// Every line of the host's log from byte `offset` on, parsed: each must be one JSON object.
function logSince(offset) {
  return stack.hostLogSince(offset).split('\n').filter((l) => l !== '').map((l) => {
    try { return JSON.parse(l); } catch { assert.fail(`not a JSON log line: ${JSON.stringify(l.slice(0, 300))}`); }
  });
}
const logSize = () => fs.statSync(stack.hostLogPath).size;
const ofPid = (lines, event, pid) => lines.filter((l) => l.event === event && l.pid === pid);

// The host's descriptors that this feature and the libraries own: pipes and memfds.
function hostDescriptors() {
  const dir = `/proc/${stack.host.pid}/fd`;
  const kinds = { pipe: 0, memfd: 0, all: 0 };
  for (const fd of fs.readdirSync(dir)) {
    let target;
    try { target = fs.readlinkSync(`${dir}/${fd}`); } catch { continue; }
    kinds.all++;
    if (target.startsWith('pipe:')) kinds.pipe++;
    if (target.startsWith('/memfd:')) kinds.memfd++;
  }
  return kinds;
}

test('a worker\'s output is logged line by line, cut, made safe and limited in rate, and the host keeps serving', async () => {
  await googleAds('print:start_oauth');
  const offset = logSize();
  let serving = true;
  const unrelated = [];
  const caller = (async () => {
    while (serving) unrelated.push((await fetch(`${stack.url}/api/trpc/system.info`)).status);
  })();
  const started = Date.now();
  assert.equal(await connect(), 200, 'the printing call itself succeeds');

  const hello = () => logSince(offset).find((l) => l.event === 'connector_output' && l.line === 'stamped says hello on stdout');
  await until('the first line', () => hello());
  const { pid } = hello();
  // Every line but the last (it has no newline yet: the worker lives on) is logged or counted.
  const accounted = (lines) => ofPid(lines, 'connector_output', pid).length
    + ofPid(lines, 'connector_output_dropped', pid).reduce((n, l) => n + l.lines, 0);
  await until('every line logged or counted', () => accounted(logSince(offset)) === LINES - 1);
  const elapsed_s = (Date.now() - started) / 1000;
  serving = false;
  await caller;

  const lines = logSince(offset);
  const output = ofPid(lines, 'connector_output', pid);
  assert.deepEqual(Object.keys(output[0]).sort(), ['connector', 'event', 'file', 'level', 'line', 'pid', 'ts']);
  assert.deepEqual([output[0].connector, output[0].file, output[0].level], ['google-ads', 'google-ads.so', 'warn']);
  // The long line: its first LINE_BYTES bytes, and how many were cut.
  assert.equal(output[1].line, `long ${'x'.repeat(LINE_BYTES - 5)}`);
  assert.equal(output[1].cut_bytes, 100005 - LINE_BYTES);
  // The garbage line: every byte but the newline, as valid text without a control character.
  const garbage = output[2].line;
  assert.ok(garbage.startsWith('garbage ') && !output[2].cut_bytes, garbage);
  assert.doesNotMatch(garbage, /[\u0000-\u001f\u007f]/);
  assert.ok(garbage.includes('\ufffd') && garbage.includes('"') && garbage.includes('\\'), garbage);
  // The flood: the burst, then what the rate allows; the rest counted, bytes too.
  const flood = output.filter((l) => l.line.startsWith('flood '));
  assert.ok(flood.length >= BURST - 3 && flood.length <= BURST + PER_S * elapsed_s,
    `${flood.length} flood lines logged in ${elapsed_s} s`);
  assert.deepEqual(flood.slice(0, BURST - 3).map((l) => l.line), [...Array(BURST - 3).keys()].map((i) => `flood ${i}`));
  const dropped = ofPid(lines, 'connector_output_dropped', pid);
  assert.ok(dropped.length >= 1 && dropped.every((d) => d.connector === 'google-ads' && d.bytes > d.lines));
  assert.equal(await stack.metric('roi_plugin_worker_output_dropped_lines_total'),
    dropped.reduce((n, l) => n + l.lines, 0));
  assert.ok(unrelated.length > 0 && unrelated.every((s) => s === 200), `unrelated requests: ${unrelated}`);

  // The worker goes with the next version; its last line (no newline) is read then.
  await googleAds('');
  await until('the last line', () => accounted(logSince(offset)) === LINES);
});

test('each worker\'s pipe goes with it: the host\'s descriptors stay flat over hot swaps and restarts', async () => {
  await googleAds('print:start_oauth');
  assert.equal(await connect(), 200);
  const baseline = hostDescriptors();
  // The worker's stdout and stderr are one pipe, whose other end only the host holds.
  const hostPipes = new Set(fs.readdirSync(`/proc/${stack.host.pid}/fd`)
    .map((fd) => { try { return fs.readlinkSync(`/proc/${stack.host.pid}/fd/${fd}`); } catch { return ''; } }));
  const worker = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).find((p) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      return status.includes('Name:\troi-connector-w') && status.includes(`PPid:\t${stack.host.pid}\n`);
    } catch { return false; }
  });
  const out = fs.readlinkSync(`/proc/${worker}/fd/1`);
  assert.match(out, /^pipe:/);
  assert.equal(fs.readlinkSync(`/proc/${worker}/fd/2`), out);
  assert.ok(hostPipes.has(out), 'the host reads the worker\'s output');

  for (let round = 0; round < 3; round++) {
    await googleAds('segv:start_oauth');  // a hot swap
    assert.equal(await connect(), 502);   // the worker crashes...
    assert.equal(await connect(), 502);   // ...and its replacement too
    await googleAds('print:start_oauth');
    assert.equal(await connect(), 200);
  }
  await until('the descriptors of the old workers and versions closed', () => {
    const now = hostDescriptors();
    return now.pipe === baseline.pipe && now.memfd === baseline.memfd;
  });
  const now = hostDescriptors();
  assert.ok(now.all <= baseline.all + 4, `host descriptors ${JSON.stringify(baseline)} -> ${JSON.stringify(now)}`);
});
