// Syncs through the real stack: a Stack with ad connectors installed and a quick sync engine, a
// job's end and runs, and the stored rows and dashboard rollup checked against the simulator's
// exact totals.
import assert from 'node:assert/strict';

import { connectorStack } from './e2e.mjs';

// A stack (not started) whose host syncs at once and checkpoints often; `platforms` are the
// connectors copied into its plugins folder, `env` overrides any setting, `peer` is a stack whose
// database and keys it shares, `supervised` runs its host under scripts/supervise, `port` is
// nginx's.
export function syncStack(name, sim, { platforms = ['google-ads'], env = {}, peer, supervised, port } = {}) {
  return connectorStack(name, sim, { connectors: platforms, peer, supervised, port, env: {
    ROI_SYNC_POLL_MS: '50', ROI_SYNC_LEASE_S: '3', ROI_SYNC_CHUNK_ROWS: '1000', ROI_SYNC_BACKOFF_BASE_S: '0',
    ROI_SYNC_SCHEDULE_TICK_S: '0', ...env,
  } });
}

// The last run once the job is over (a run cut short by a kill ends as 'retrying' meanwhile).
export async function lastRun(api, id) {
  const listed = (await api.integrations.list.query()).find((i) => i.id === id);
  return listed.sync === null && listed.lastRun?.outcome !== 'retrying' ? listed.lastRun : null;
}

export const runsOf = (stack, jobId) => stack.sql(`SELECT outcome FROM sync_runs WHERE job_id = ${jobId} ORDER BY id`).flat();

const FIGURES = ['rows', 'spend_micros', 'impressions', 'clicks', 'conversion_value_micros'];
// The figures of /_sim/expected that the stored rows are compared on.
export const figures = (totals) => Object.fromEntries(FIGURES.map((k) => [k, totals[k]]));

// What is stored for one integration (optionally only the days [since, until]) in the simulator's
// terms, plus the dashboard rollup's spend for the same days.
export function storedTotals(stack, integration, since, until) {
  const days = (column) => (since ? `AND ${column} BETWEEN '${since}' AND '${until}'` : '');
  const [[rows, spend, impressions, clicks, revenue]] = stack.sql(
    `SELECT count(*), coalesce(sum(m.spend_micros), 0), coalesce(sum(m.impressions), 0), coalesce(sum(m.clicks), 0),
            coalesce(sum(m.revenue_micros), 0)
       FROM daily_metrics m JOIN campaigns c ON c.id = m.campaign_id WHERE c.integration_id = ${integration.id} ${days('m.date')}`);
  const [[rolled]] = stack.sql(`SELECT coalesce(sum(spend_micros), 0) FROM dashboard_daily
    WHERE integration_id = ${integration.id} ${days('date')}`);
  return { rows: Number(rows), spend_micros: spend, impressions: Number(impressions), clicks: Number(clicks),
    conversion_value_micros: revenue, rolled_spend_micros: rolled };
}

// The stored rows of one integration (optionally of the days [since, until]) against the
// simulator's exact totals, and the dashboard's rollup against the same sums; returns the totals.
export async function assertMatchesSimulator(stack, sim, integration, since, until) {
  const expected = await sim.expected(integration.platform, integration.accountId, since, until);
  const stored = storedTotals(stack, integration, since, until);
  assert.deepEqual(figures(stored), figures(expected), 'one row per campaign and day, none missing or twice, with the platform\'s figures');
  // The dashboard's rollup was maintained with the rows, not rebuilt afterwards.
  assert.equal(stored.rolled_spend_micros, expected.spend_micros, 'the dashboard rollup sums the same rows');
  return expected;
}
