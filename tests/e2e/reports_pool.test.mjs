// Reports run on a pool of workers (reports.workers, 2 here) and an AI call has one deadline
// (reports.ai_deadline_ms) that every attempt shares: against an AI service made slow with the
// simulator's knob, two users' reports are made side by side, each gives up on the service at its
// deadline (not after every retry's full timeout) and is ready with the host's own insights.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newUser, until } from '../support/e2e.mjs';
import { startStack } from '../support/stack.mjs';
import { Simulator } from '../support/simulator.mjs';
import { PERIOD, seedCampaigns, waitForReport } from '../support/reports.mjs';

let sim;
let stack;

before(async () => {
  sim = await Simulator.start();
  // The service answers after 60 s: every attempt times out.
  await sim.configure({ ai: { mode: 'timeout', delay_ms: 60000 } });
  stack = await startStack('reports_pool', {
    env: {
      ROI_BCRYPT_COST: '4', ROI_REPORTS_POLL_MS: '100', AI_SERVICE_URL: sim.aiBase,
      // Five retries of 2 s would hold a report 12 s; the deadline cuts it to 3 s.
      ROI_AI_TIMEOUT_MS: '2000', ROI_AI_RETRIES: '5', ROI_AI_DEADLINE_MS: '3000', ROI_REPORTS_WORKERS: '2',
    },
  });
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

test('a slow AI service holds each report at most its deadline, and other users\' reports run beside it', async () => {
  const users = [await newUser(stack), await newUser(stack)];
  for (const u of users) seedCampaigns(stack, u);
  const ids = [];
  for (const u of users) ids.push((await u.api.reports.generate.mutate({ name: 'Slow AI', ...PERIOD })).id);
  // Both are being made at once: the second did not wait for the first's AI call to end.
  await until('both reports running together', () =>
    stack.sql(`SELECT count(*) FROM reports WHERE id IN (${ids.join(',')}) AND status = 'running'`)[0][0] === '2', 30000);
  const reports = await Promise.all(users.map((u, i) => waitForReport(stack, u.api, ids[i])));
  for (const r of reports) {
    assert.equal(r.status, 'ready');
    assert.equal(r.insightsSource, 'builtin');
  }
  // A 2 s attempt, a 0.2 s pause and what is left of 3 s: two attempts per report, not six.
  const calls = (await sim.requests('ai')).length;
  assert.ok(calls >= 2 && calls <= 4, `${calls} AI calls for two reports`);
});
