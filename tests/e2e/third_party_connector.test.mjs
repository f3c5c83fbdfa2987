// A third party's path, end to end and without a host restart: the SDK installed from this tree
// into a scratch prefix, the connector template copied out of it and built against that prefix
// only, checked with the acceptance kit against the template's sandbox API, dropped into a running
// host, connected by a user with an API key, synced, its campaigns and days on the dashboard to
// the micro, then version 2 swapped in under load without one failed request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { TRPCClientError } from '@trpc/client';

import { detach } from '../support/children.mjs';
import { connectorCheck } from '../support/connector_check.mjs';
import { allowManualSyncs, newUser, until } from '../support/e2e.mjs';
import { lastRun } from '../support/sync.mjs';
import { Stack } from '../support/stack.mjs';
import { trpcClient } from '../support/trpc.mjs';

const BUILD = process.env.ROI_BUILD_DIR;
const API_KEY = 'acme-live-key-7f3a';

let scratch;
let prefix;
let sandbox;
let sandboxUrl;
let stack;

function build(source, dir, version) {
  execFileSync('cmake', ['-S', source, '-B', dir, `-DCMAKE_PREFIX_PATH=${prefix}`, '-DCMAKE_BUILD_TYPE=Release',
    ...(version ? [`-DACME_ADS_VERSION=${version}`] : [])], { stdio: 'pipe' });
  execFileSync('cmake', ['--build', dir, '-j2'], { stdio: 'pipe' });
  return path.join(dir, 'acme_ads.so');
}

// The template's sandbox on a free port; resolves once it printed {"port":N}.
async function startSandbox(template) {
  const child = spawn(process.execPath, [path.join(template, 'sandbox/acme_ads_sandbox.mjs'), '--port', '0',
    '--api-key', API_KEY], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await Promise.race([
    new Promise((resolve) => readline.createInterface({ input: child.stdout }).once('line', (l) => resolve([l]))),
    new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`sandbox exited (${code})`)))),
  ]);
  return { child: detach(child), url: `http://127.0.0.1:${JSON.parse(line).port}` };
}

// Writes elsewhere, then renames in: a library a process may map is never overwritten in place.
function drop(library) {
  const tmp = path.join(stack.pluginsDir, '.acme_ads.so.incoming');
  fs.copyFileSync(library, tmp);
  fs.renameSync(tmp, path.join(stack.pluginsDir, 'acme_ads.so'));
}

async function liveVersion() {
  const r = await fetch(`${stack.url}/api/trpc/system.connector?input=${encodeURIComponent('{"id":"acme-ads"}')}`);
  return r.status === 200 ? (await r.json()).result.data.version : null;
}

before(async () => {
  scratch = fs.mkdtempSync(path.join(process.env.ROI_TEST_STATE, 'third-party-'));
  prefix = path.join(scratch, 'sdk');
  execFileSync('cmake', ['--install', path.join(BUILD, 'sdk'), '--prefix', prefix], { stdio: 'pipe' });
  const template = path.join(scratch, 'acme-ads');
  fs.cpSync(path.join(prefix, 'share/roi-sdk/template'), template, { recursive: true });
  ({ child: sandbox, url: sandboxUrl } = await startSandbox(template));
  stack = new Stack('third_party_connector', { env: {
    ROI_BCRYPT_COST: '4', ROI_CONNECTOR_ACME_ADS_API_BASE_URL: sandboxUrl,
    ROI_SYNC_POLL_MS: '50', ROI_SYNC_LEASE_S: '3', ROI_SYNC_BACKOFF_BASE_S: '0', ROI_SYNC_SCHEDULE_TICK_S: '0',
  } });
  await stack.start();
});
after(async () => {
  sandbox?.kill('SIGTERM');
  await stack?.stop();
});

let v1;
let v2;
test('the template builds against the installed SDK alone and passes the acceptance kit', async () => {
  const template = path.join(scratch, 'acme-ads');
  v1 = build(template, path.join(template, 'build'));
  v2 = build(template, path.join(template, 'build-v2'), '2.0.0');
  const arm = `curl -sf -X POST -d '{"status":429,"retry_after":17}' ${sandboxUrl}/_sandbox/fail`;
  const result = await connectorCheck(v1, { bin: path.join(prefix, 'bin/roi-connector-check'), dir: scratch,
    settings: { api_base_url: sandboxUrl }, args: ['--form', `api_key=${API_KEY}`, '--arm-rate-limit', arm] });
  assert.equal(result.code, 0, result.output);
  for (const check of ['describe', 'settings', 'connect', 'check', 'accounts', 'sync', 'resume', 'reauth', 'rate-limit']) {
    assert.equal(result.verdicts[check]?.verdict, 'PASS', `${check}:\n${result.output}`);
  }
  assert.match(result.verdicts['rate-limit'].detail, /retry after 17 s/);
});

test('dropped into the running host, it is served within a second, no restart', async () => {
  const pid = stack.host.pid;
  const dropped = Date.now();
  drop(v1);
  await until('acme-ads 1.0.0 served', async () => (await liveVersion()) === '1.0.0', 5000);
  assert.ok(Date.now() - dropped < 1000, `took ${Date.now() - dropped} ms`);
  assert.equal(stack.host.pid, pid);
});

// What the sandbox served, summed as the dashboard reports it.
async function served() {
  return (await fetch(`${sandboxUrl}/_sandbox/data`)).json();
}
const micros = (decimal) => {
  const [whole, frac = ''] = decimal.split('.');
  return BigInt(whole) * 1000000n + BigInt((frac + '000000').slice(0, 6));
};
function sum(rows) {
  const t = { spend: 0n, revenue: 0n, impressions: 0, clicks: 0, conversionsMilli: 0n };
  for (const r of rows) {
    t.spend += micros(r.spend);
    t.revenue += micros(r.conversion_value);
    t.impressions += r.impressions;
    t.clicks += r.clicks;
    t.conversionsMilli += micros(r.conversions) / 1000n;
  }
  return t;
}
function assertFigures(got, want, label) {
  assert.equal(got.spendMicros, String(want.spend), `${label} spend`);
  assert.equal(got.platformRevenueMicros, String(want.revenue), `${label} revenue`);
  assert.equal(got.impressions, want.impressions, `${label} impressions`);
  assert.equal(got.clicks, want.clicks, `${label} clicks`);
  assert.equal(got.conversions, Number(want.conversionsMilli) / 1000, `${label} conversions`);
}

let user;
test('a user connects it with an API key, syncs, and sees exactly what the platform served', async (t) => {
  user = await newUser(stack, 'agency');
  let connected;
  try {
    connected = await user.api.integrations.connect.mutate({ platform: 'acme-ads', params: { api_key: API_KEY } });
  } catch (e) {
    if (e instanceof TRPCClientError && e.data?.code === 'NOT_FOUND' && /procedure/i.test(e.message)) {
      t.skip('this host has no integrations.connect {platform, params} yet');
      return;
    }
    throw e;
  }
  const data = await served();
  assert.equal(connected.method, 'form');
  assert.deepEqual(connected.integrations.map((i) => i.accountId).sort(), data.accounts.map((a) => a.id));
  assert.ok(!JSON.stringify(connected).includes(API_KEY), 'the key is never echoed');
  const refused = user.api.integrations.connect.mutate({ platform: 'acme-ads', params: { api_key: 'wrong-key' } });
  await assert.rejects(refused, (e) => e instanceof TRPCClientError && !e.message.includes('wrong-key'));

  const integrations = (await user.api.integrations.list.query()).filter((i) => i.platform === 'acme-ads');
  assert.equal(integrations.length, 2);
  for (const integration of integrations) {
    // The connect's first syncs may have finished already, and then a manual sync counts against
    // the plan's one a minute: this test is not about that limit (e2e.sync_first_and_limit is).
    allowManualSyncs(stack);
    await user.api.integrations.sync.mutate({ integrationId: integration.id });
    const run = await until(`sync of ${integration.accountId}`, () => lastRun(user.api, integration.id));
    assert.equal(run.outcome, 'succeeded', run.error ?? '');
  }

  const days = [...new Set(Object.values(data.rows).flat().map((r) => r.date))].sort();
  const [start, end] = [days[0], days.at(-1)];
  const currencyOf = Object.fromEntries(data.accounts.map((a) => [a.id, a.currency]));
  const overview = await user.api.dashboard.overview.query({ start, end });
  assert.deepEqual(overview.totals.map((x) => x.currency), ['EUR', 'USD']);
  for (const account of data.accounts) {
    assertFigures(overview.totals.find((x) => x.currency === account.currency), sum(data.rows[account.id]),
      `overview ${account.currency}`);
  }

  const page = await user.api.dashboard.campaigns.query({ start, end, platform: 'acme-ads', limit: 50 });
  const campaigns = Object.entries(data.campaigns).flatMap(([account, list]) => list.map((c) => ({ ...c, account })));
  assert.equal(page.total, campaigns.length);
  for (const c of campaigns) {
    const got = page.items.find((i) => i.name === c.name && i.currency === currencyOf[c.account]);
    assert.ok(got, `campaign ${c.name} (${c.account}) on the dashboard`);
    assertFigures(got, sum(data.rows[c.account].filter((r) => r.campaign_id === c.id)), `campaign ${c.id}`);
  }

  const trends = await user.api.dashboard.trends.query({ start, end, granularity: 'day',
    metrics: ['spend', 'platformRevenue', 'impressions', 'clicks', 'conversions'], platform: 'acme-ads' });
  for (const account of data.accounts) {
    const series = trends.series.find((s) => s.currency === account.currency);
    assert.deepEqual(series.points.map((p) => p.date), days);
    for (const p of series.points) {
      assertFigures(p, sum(data.rows[account.id].filter((r) => r.date === p.date)), `trend ${account.currency} ${p.date}`);
    }
  }
});

test('version 2 swaps in under load without one failed request', async () => {
  let running = true;
  const failures = [];
  let requests = 0;
  const api = user ? user.api : trpcClient(stack.url);
  const caller = async (i) => {
    while (running) {
      requests += 1;
      try {
        if (i % 2 === 0) {
          const r = await fetch(`${stack.url}/api/trpc/system.connector?input=${encodeURIComponent('{"id":"acme-ads"}')}`);
          if (r.status !== 200) failures.push(`${r.status} ${await r.text()}`);
        } else if (user) {
          await api.dashboard.overview.query({ start: '2026-01-01', end: '2026-01-31' });
        } else {
          const r = await fetch(`${stack.url}/api/trpc/system.connectors`);
          if (r.status !== 200) failures.push(`${r.status} ${await r.text()}`);
        }
      } catch (e) {
        failures.push(String(e));
      }
    }
  };
  const callers = Array.from({ length: 4 }, (_, i) => caller(i));
  await until('callers running', () => requests > 20, 5000);
  drop(v2);
  await until('acme-ads 2.0.0 served', async () => (await liveVersion()) === '2.0.0', 5000);
  const swappedAt = requests;
  await until('more calls on version 2', () => requests > swappedAt + 20, 5000);
  running = false;
  await Promise.all(callers);
  assert.deepEqual(failures, []);
  assert.ok(requests > 40, `${requests} requests`);
  const admin = await (await stack.admin('/admin/plugins')).json();
  const file = admin.files.find((f) => f.file === 'acme_ads.so');
  assert.equal(file.serving.version, '2.0.0');
  assert.equal(file.swaps, 1);
});
