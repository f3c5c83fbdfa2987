// Report test fixtures: a user's campaigns with known daily figures, and waiting for the
// background job to finish a report.
import { setTimeout as sleep } from 'node:timers/promises';

// Three USD campaigns with constant daily figures (micros) in February 2024 and January 2024
// (the previous period of equal length is 2024-01-03..2024-01-31).
export const PERIOD = { start: '2024-02-01', end: '2024-02-29' };
export const CAMPAIGNS = [
  { name: 'Brand Search', platform: 'google-ads', now: [100e6, 500e6, 5000, 200, 5000], before: [80e6, 300e6, 4000, 150, 4000] },
  { name: 'Prospecting', platform: 'meta', now: [200e6, 300e6, 4000, 300, 20000], before: [200e6, 200e6, 3000, 250, 18000] },
  { name: 'Retargeting', platform: 'meta', now: [50e6, 300e6, 2000, 50, 3000], before: null },
];
export const DAYS = 29;

export function seedCampaigns(stack, user) {
  const sql = [];
  const ids = {};
  for (const platform of ['google-ads', 'meta']) {
    ids[platform] = Number(stack.sql(`INSERT INTO integrations (user_id, platform, account_id)
      VALUES (${user.id}, '${platform}', 'acct-${platform}') RETURNING id`)[0][0]);
  }
  CAMPAIGNS.forEach((c, i) => {
    const cid = Number(stack.sql(`INSERT INTO campaigns (integration_id, external_id, name, platform, status, currency)
      VALUES (${ids[c.platform]}, 'c${i}', '${c.name}', '${c.platform}', 'active', 'USD') RETURNING id`)[0][0]);
    for (const [from, to, f] of [['2024-02-01', '2024-02-29', c.now], ['2024-01-03', '2024-01-31', c.before]]) {
      if (!f) continue;
      const [spend, revenue, conversionsMilli, clicks, impressions] = f;
      sql.push(`INSERT INTO daily_metrics (campaign_id, date, spend_micros, impressions, clicks, conversions_milli, revenue_micros)
        SELECT ${cid}, d::date, ${spend}, ${impressions}, ${clicks}, ${conversionsMilli}, ${revenue}
        FROM generate_series('${from}'::date, '${to}'::date, interval '1 day') d;`);
    }
  });
  sql.push(...Object.values(ids).map((id) => `SELECT dashboard_refresh(${id}, '-infinity', 'infinity');`));
  stack.sql(`BEGIN; ${sql.join('\n')} COMMIT;`);
}

// Polls reports.list until the report is ready or failed.
export async function waitForReport(stack, api, id) {
  for (let i = 0; i < 400; i++) {
    const { items } = await api.reports.list.query({});
    const r = items.find((x) => x.id === id);
    if (r && (r.status === 'ready' || r.status === 'failed')) return r;
    await sleep(50);
  }
  throw new Error(`report ${id} did not finish; host log:\n${stack.hostLog()}`);
}

