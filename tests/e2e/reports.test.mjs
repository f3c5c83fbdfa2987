// Reports end to end through nginx: generate, list and delete; the background job's figures
// and host-written insights; the PDF (pdfinfo, pdftotext, pdftoppm); signed download links that
// expire, resist tampering and never serve another user's report; the plan's monthly limit,
// counted by generation (deleting gives nothing back, parallel generates cannot pass it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { newUser } from '../support/e2e.mjs';
import { startStack } from '../support/stack.mjs';
import { trpcClient, rejectsWith } from '../support/trpc.mjs';
import { CAMPAIGNS, DAYS, PERIOD, seedCampaigns, waitForReport } from '../support/reports.mjs';

let stack;
const client = (token) => trpcClient(stack.url, token);

// As the PDF writes money: "10,150.00 USD".
const money = (micros) => `${(micros / 1e6).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USD`;
const sum = (k) => CAMPAIGNS.reduce((a, c) => a + c.now[k] * DAYS, 0);

// Signs a link the way the host does, under the key derived from this stack's JWT secret.
function sign(report, user, expires) {
  const key = crypto.createHmac('sha256', stack.jwtSecret).update('roi report link v1').digest();
  const s = crypto.createHmac('sha256', key).update(`report-pdf|${report}|${user}|${expires}`).digest('hex');
  return `/api/reports/download/${report}?u=${user}&e=${expires}&s=${s}`;
}

let alice;
let report;

before(async () => {
  stack = await startStack('reports', { env: { ROI_BCRYPT_COST: '4', ROI_REPORTS_POLL_MS: '100' } });
  alice = await newUser(stack);
  seedCampaigns(stack, alice);
  const queued = await alice.api.reports.generate.mutate({ name: 'February review', ...PERIOD });
  assert.equal(queued.status, 'queued');
  report = await waitForReport(stack, alice.api, queued.id);
});
after(async () => { await stack?.stop(); });

test('generate queues a report that the background job makes ready with the host\'s own insights', async () => {
  assert.equal(report.status, 'ready');
  assert.equal(report.name, 'February review');
  assert.deepEqual([report.start, report.end], [PERIOD.start, PERIOD.end]);
  assert.equal(report.insightsSource, 'builtin');
  const byKind = Object.fromEntries(report.insights.map((i) => [i.kind, i.text]));
  assert.match(byKind.best_campaign, /Retargeting.*6\.00/);
  assert.match(byKind.worst_campaign, /Prospecting.*1\.50/);
  assert.match(byKind.spend_concentration, /Prospecting.*57\.1%/);
  assert.match(byKind.cpa_change, /CPA went from/);
  assert.match(byKind.roas_change, /ROAS went from/);
  // No store is connected: the platforms' revenue cannot be checked, and the report says so.
  assert.match(byKind.attribution_unchecked, /31,900\.00 USD of revenue \(ROAS 3\.14\)/);
  assert.ok(!byKind.budget_shift);
});

test('the PDF opens, holds the period\'s KPI figures, and its charts are drawn', async () => {
  const { url, expiresInSeconds } = await alice.api.reports.getPdf.query({ id: report.id });
  assert.ok(expiresInSeconds > 0);
  const res = await fetch(`${stack.url}${url}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const file = path.join(stack.state, 'downloaded.pdf');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));

  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
  assert.ok(pages >= 2 && pages <= 4, info);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const figure of [money(sum(0)), money(sum(1)), '15,950', '812,000', '1 Feb 2024', '29 Feb 2024',
    'Brand Search', 'Prospecting', 'Retargeting', 'Key figures', 'Findings in USD']) {
    assert.ok(text.includes(figure), `PDF text lacks ${figure}`);
  }

  // The page with the daily trend holds its lines: their colours are on it, a blank page has none.
  const trend = 1 + text.split('\f').findIndex((p) => p.includes('Spend and revenue per day'));
  const prefix = path.join(stack.state, 'page');
  execFileSync('pdftoppm', ['-f', String(trend), '-l', String(trend), '-r', '72', file, prefix]);
  const ppm = fs.readFileSync(fs.readdirSync(stack.state).filter((f) => f.startsWith('page')).map((f) => path.join(stack.state, f))[0]);
  const [, w, h] = ppm.subarray(0, 20).toString('latin1').match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
  const header = ppm.subarray(0, 20).toString('latin1').match(/^P6\s+\d+\s+\d+\s+255\s/)[0].length;
  const near = (r, g, b, [R, G, B]) => Math.abs(r - R) + Math.abs(g - G) + Math.abs(b - B) < 60;
  let spend = 0; let revenue = 0;
  for (let i = 0; i < Number(w) * Number(h); i++) {
    const [r, g, b] = ppm.subarray(header + i * 3, header + i * 3 + 3);
    if (near(r, g, b, [227, 107, 43])) spend++;
    if (near(r, g, b, [41, 120, 181])) revenue++;
  }
  assert.ok(spend > 20, `spend line pixels: ${spend}`);
  assert.ok(revenue > 100, `revenue line pixels: ${revenue}`);
});

test('a download link is refused when expired, tampered with, or for another user\'s report', async () => {
  const now = Math.floor(Date.now() / 1000);
  assert.equal((await fetch(`${stack.url}${sign(report.id, alice.id, now + 60)}`)).status, 200);
  assert.equal((await fetch(`${stack.url}${sign(report.id, alice.id, now - 1)}`)).status, 410);

  const { url } = await alice.api.reports.getPdf.query({ id: report.id });
  const tampered = [
    url.replace(/e=(\d+)/, (_, e) => `e=${Number(e) + 3600}`),
    url.replace(/s=([0-9a-f])/, (_, c) => `s=${c === '0' ? '1' : '0'}`),
    url.replace(/&s=[0-9a-f]+/, ''),
    url.replace(`/download/${report.id}?`, `/download/${report.id + 1}?`),
  ];
  for (const u of tampered) assert.equal((await fetch(`${stack.url}${u}`)).status, 403, u);

  const bob = await newUser(stack);
  await rejectsWith(bob.api.reports.getPdf.query({ id: report.id }), 'NOT_FOUND');
  await rejectsWith(bob.api.reports.delete.mutate({ id: report.id }), 'NOT_FOUND');
  // A link bob signs for himself names him, and alice's report is not his.
  assert.equal((await fetch(`${stack.url}${sign(report.id, bob.id, now + 60)}`)).status, 404);
  // The file itself is only reachable through the host's redirect.
  assert.equal((await fetch(`${stack.url}/_reports/${alice.id}/${report.id}.pdf`)).status, 404);
  const { items } = await bob.api.reports.list.query({});
  assert.deepEqual(items, []);
});

test('list pages newest first and delete removes the report and its file', async () => {
  const user = await newUser(stack);
  const ids = [];
  for (const name of ['one', 'two', 'three']) {
    ids.push((await user.api.reports.generate.mutate({ name, start: '2024-03-01', end: '2024-03-07' })).id);
  }
  const first = await user.api.reports.list.query({ limit: 2 });
  assert.deepEqual(first.items.map((r) => r.name), ['three', 'two']);
  const second = await user.api.reports.list.query({ limit: 2, cursor: first.nextCursor });
  assert.deepEqual(second.items.map((r) => r.name), ['one']);
  assert.equal(second.nextCursor, null);

  const done = await waitForReport(stack, user.api, ids[0]);
  assert.equal(done.status, 'ready');
  const { url } = await user.api.reports.getPdf.query({ id: ids[0] });
  assert.deepEqual(await user.api.reports.delete.mutate({ id: ids[0] }), { deleted: true });
  assert.ok(!fs.existsSync(path.join(stack.reportsDir, String(user.id), `${ids[0]}.pdf`)));
  assert.equal((await fetch(`${stack.url}${url}`)).status, 404);
  await rejectsWith(user.api.reports.delete.mutate({ id: ids[0] }), 'NOT_FOUND');
  assert.deepEqual((await user.api.reports.list.query({})).items.map((r) => r.name), ['three', 'two']);
});

test('the free plan\'s monthly report limit is refused with FORBIDDEN naming it', async () => {
  const user = await newUser(stack);
  for (let i = 0; i < 3; i++) await user.api.reports.generate.mutate({ name: `r${i}`, ...PERIOD });
  const e = await rejectsWith(user.api.reports.generate.mutate({ name: 'fourth', ...PERIOD }), 'FORBIDDEN');
  assert.match(e.message, /report/i);
  assert.equal(e.data.limit, 'reports_per_month');
});

test('deleting a report gives none of the month\'s allowance back', async () => {
  const user = await newUser(stack);
  for (let i = 0; i < 3; i++) {
    const { id } = await user.api.reports.generate.mutate({ name: `r${i}`, ...PERIOD });
    await user.api.reports.delete.mutate({ id });
  }
  const e = await rejectsWith(user.api.reports.generate.mutate({ name: 'fourth', ...PERIOD }), 'FORBIDDEN');
  assert.equal(e.data.limit, 'reports_per_month');
  assert.deepEqual((await user.api.reports.list.query({})).items, []);
  assert.equal((await user.api.subscription.current.query()).usage.reportsThisMonth, 3);
});

test('parallel generates never pass the allowance', async () => {
  const user = await newUser(stack);
  const results = await Promise.allSettled(
    Array.from({ length: 8 }, (_, i) => user.api.reports.generate.mutate({ name: `p${i}`, ...PERIOD })));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
  for (const r of results.filter((x) => x.status === 'rejected')) {
    assert.equal(r.reason.data.code, 'FORBIDDEN');
  }
  assert.equal((await user.api.reports.list.query({})).items.length, 3);
});

test('hostile input is refused with the field named', async () => {
  const user = await newUser(stack);
  const bad = [
    [{ name: 'x\u0000y', ...PERIOD }, 'name'],
    [{ name: '', ...PERIOD }, 'name'],
    [{ name: 'x', start: '2024-02-30', end: '2024-03-01' }, 'start'],
    [{ name: 'x', start: '2024-03-01', end: '2024-02-01' }, 'end'],
  ];
  for (const [input, field] of bad) {
    const e = await rejectsWith(user.api.reports.generate.mutate(input), 'BAD_REQUEST');
    assert.equal(e.data.field, field, JSON.stringify(input));
  }
  await rejectsWith(user.api.reports.getPdf.query({ id: '1; DROP TABLE reports' }), 'BAD_REQUEST');
  await rejectsWith(client().reports.list.query({}), 'UNAUTHORIZED');
  assert.equal((await fetch(`${stack.url}/api/reports/download/1?u=1&e=1&s=../../etc/passwd`)).status, 403);
});

test('a report left running by a host that stopped is finished after the restart', async () => {
  const user = await newUser(stack);
  seedCampaigns(stack, user);
  const [[id]] = stack.sql(`INSERT INTO reports (user_id, name, start_date, end_date, status, attempts)
    VALUES (${user.id}, 'interrupted', '${PERIOD.start}', '${PERIOD.end}', 'running', 1) RETURNING id`);
  const [[gaveUp]] = stack.sql(`INSERT INTO reports (user_id, name, start_date, end_date, status, attempts)
    VALUES (${user.id}, 'crashed thrice', '${PERIOD.start}', '${PERIOD.end}', 'running', 3) RETURNING id`);
  assert.equal(await stack.stopHost('SIGTERM'), 0);
  await stack.startHost();
  const done = await waitForReport(stack, user.api, Number(id));
  assert.equal(done.status, 'ready');
  assert.equal(done.insightsSource, 'builtin');
  const { items } = await user.api.reports.list.query({});
  assert.equal(items.find((r) => r.id === Number(gaveUp)).status, 'failed');
});

test('a claim whose lease lapsed is taken over, or failed after three claims; a live claim is left alone', async () => {
  const user = await newUser(stack);
  seedCampaigns(stack, user);
  // Claims of a host whose process lives (this host's own owner number, its lock held), made by
  // report threads of another: only the lease tells whether each is over.
  const owner = stack.hostLog().split('\n').filter((l) => l.includes('"sync_owner_locked"'))
    .map((l) => JSON.parse(l).owner).at(-1);
  const claimed = (name, attempts, lease) => Number(stack.sql(`INSERT INTO reports
    (user_id, name, start_date, end_date, status, attempts, worker, owner, lease_until)
    VALUES (${user.id}, '${name}', '${PERIOD.start}', '${PERIOD.end}', 'running', ${attempts},
      'elsewhere-${name}', ${owner}, now() + interval '${lease}') RETURNING id`)[0][0]);
  const lapsed = claimed('lapsed', 1, '-1 second');
  const lapsedLast = claimed('lapsed-last', 3, '-1 second');
  const live = claimed('live', 1, '1 hour');
  const liveLast = claimed('live-last', 3, '1 hour');
  const row = (id) => stack.sql(`SELECT status, attempts, coalesce(worker, '-'), finished_at IS NOT NULL
    FROM reports WHERE id = ${id}`)[0];

  assert.equal((await waitForReport(stack, user.api, lapsed)).status, 'ready');
  assert.deepEqual(row(lapsed), ['ready', '2', '-', 't'], 'taken over: claimed a second time');
  assert.ok(stack.hostLog().split('\n').some((l) => l.includes('"report_ready"') && JSON.parse(l).report === lapsed));
  assert.equal((await waitForReport(stack, user.api, lapsedLast)).status, 'failed');
  assert.deepEqual(row(lapsedLast), ['failed', '3', '-', 't'], 'failed, not claimed a fourth time');
  // Workers claim the oldest waiting report first: once a later one is made, the live claims
  // were passed over on every poll since.
  const later = await user.api.reports.generate.mutate({ name: 'after the live claims', ...PERIOD });
  assert.equal((await waitForReport(stack, user.api, later.id)).status, 'ready');
  assert.deepEqual(row(live), ['running', '1', 'elsewhere-live', 'f']);
  assert.deepEqual(row(liveLast), ['running', '3', 'elsewhere-live-last', 'f']);
  stack.sql(`DELETE FROM reports WHERE id IN (${live}, ${liveLast})`);
});
