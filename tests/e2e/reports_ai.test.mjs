// Reports against the simulator's AI-service stand-in: its insights are used when it answers;
// a timeout, a 5xx and garbage each fall back to the host's own insights after the bounded
// retries; and a report of the same range on unchanged data reuses stored insights.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { newUser } from '../support/e2e.mjs';
import { startStack } from '../support/stack.mjs';
import { Simulator } from '../support/simulator.mjs';
import { PERIOD, seedCampaigns, waitForReport } from '../support/reports.mjs';

let sim;
let stack;

async function seededUser() {
  const user = await newUser(stack);
  seedCampaigns(stack, user);
  return user;
}

async function generate(user, mode) {
  await sim.configure({ ai: { mode } });
  await sim.control('DELETE', 'requests');
  const { id } = await user.api.reports.generate.mutate({ name: `AI ${mode}`, ...PERIOD });
  const report = await waitForReport(stack, user.api, id);
  return { report, calls: (await sim.requests('ai')).length };
}

before(async () => {
  sim = await Simulator.start();
  // A 300 ms deadline against a stand-in that answers after 5 s: a timeout every attempt.
  await sim.configure({ ai: { delay_ms: 5000 } });
  stack = await startStack('reports_ai', {
    env: {
      ROI_BCRYPT_COST: '4', ROI_REPORTS_POLL_MS: '100', AI_SERVICE_URL: sim.aiBase,
      ROI_AI_TIMEOUT_MS: '300', ROI_AI_RETRIES: '1',
    },
  });
});
after(async () => {
  await stack?.stop();
  await sim?.stop();
});

test('the AI service\'s insights are stored on the report when it answers', async () => {
  const { report, calls } = await generate(await seededUser(), 'success');
  assert.equal(report.status, 'ready');
  assert.equal(report.insightsSource, 'ai');
  assert.equal(calls, 1);
  // The host's facts were sent and kept; the service's answer stands beside them.
  const facts = report.insights.filter((i) => i.source === 'builtin');
  const ai = report.insights.filter((i) => i.source === 'ai');
  assert.ok(facts.some((i) => i.kind === 'spend_concentration' && i.currency === 'USD'));
  assert.deepEqual(ai.map((i) => i.kind), ['ai_summary', 'ai_tip']);
  assert.match(ai[0].text, new RegExp(`2024-02-01 to 2024-02-29 was reviewed with ${facts.length} facts`));
});

for (const [mode, attempts] of [['timeout', 2], ['error', 2], ['garbage', 1]]) {
  test(`a ${mode} from the AI service falls back to the host's insights after ${attempts} attempt(s)`, async () => {
    const { report, calls } = await generate(await seededUser(), mode);
    assert.equal(report.status, 'ready');
    assert.equal(report.insightsSource, 'builtin');
    assert.equal(calls, attempts);
    const kinds = report.insights.map((i) => i.kind);
    assert.ok(report.insights.every((i) => i.source === 'builtin'));
    for (const k of ['best_campaign', 'worst_campaign', 'spend_concentration', 'cpa_change', 'roas_change', 'attribution_unchecked']) {
      assert.ok(kinds.includes(k), `${k} missing from ${kinds}`);
    }
  });
}

test('the same range on unchanged data reuses stored insights; new data asks again', async () => {
  const user = await seededUser();
  const first = await generate(user, 'success');
  assert.equal(first.report.insightsSource, 'ai');
  // Were the service asked, garbage would fall back to builtin insights.
  const again = await generate(user, 'garbage');
  assert.equal(again.calls, 0);
  assert.equal(again.report.insightsSource, 'ai');
  assert.deepEqual(again.report.insights, first.report.insights);

  stack.sql(`UPDATE users SET data_version = data_version + 1 WHERE id = ${user.id}`);
  const changed = await generate(user, 'garbage');
  assert.equal(changed.calls, 1);
  assert.equal(changed.report.insightsSource, 'builtin');
});
