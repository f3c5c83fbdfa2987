#!/usr/bin/env node
// A stand-in for the Acme Ads API (the wire format in ../README.md) with fixed, made-up data,
// so the connector can be built and checked before a real sandbox account exists.
//   node acme_ads_sandbox.mjs [--port 8790] [--api-key acme-test-key] [--days 14] [--page-size 4]
// Prints {"port":N} once listening. Control: GET /_sandbox/data (everything it serves),
// POST /_sandbox/fail {"status":429,"retry_after":30,"count":1} (the next API calls fail so).
import http from 'node:http';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const API_KEY = args['api-key'] ?? 'acme-test-key';
const DAYS = Number(args.days ?? 14);
const PAGE_SIZE = Number(args['page-size'] ?? 4);
const CAMPAIGN_PAGE = 2;

const ACCOUNTS = [
  { id: 'acme-1001', name: 'Acme Shoes US', currency: 'USD', time_zone: 'America/New_York' },
  { id: 'acme-1002', name: 'Acme Shoes DE', currency: 'EUR', time_zone: 'Europe/Berlin' },
];
const CAMPAIGNS = Object.fromEntries(ACCOUNTS.map((a, n) => [a.id, [
  { id: `${a.id}-c1`, name: 'Spring Sale', status: 'active' },
  { id: `${a.id}-c2`, name: 'Brand "Schuhe" – Größen', status: 'paused' },
  { id: `${a.id}-c3`, name: `Old launch ${n + 1}`, status: 'removed' },
]]));

// Days ending yesterday (UTC); removed campaigns deliver nothing.
function day(offset) {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - offset);
  return d.toISOString().slice(0, 10);
}
const cents = (n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
const ROWS = Object.fromEntries(ACCOUNTS.map((a, n) => {
  const rows = [];
  for (let offset = DAYS; offset >= 1; offset--) {
    CAMPAIGNS[a.id].filter((c) => c.status !== 'removed').forEach((c, k) => {
      const seed = (offset * 7 + k * 13 + n * 29) % 50;
      const conversions = seed % 5;
      rows.push({
        date: day(offset), campaign_id: c.id,
        impressions: 1000 + seed * 31, clicks: 20 + seed,
        spend: cents(1500 + seed * 37), conversions: `${conversions}.${seed % 2 ? '5' : '0'}`,
        conversion_value: cents(conversions * 2599),
      });
    });
  }
  return [a.id, rows];
}));

let failures = [];

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function page(items, token, size) {
  const start = token ? Number(token.replace(/^p/, '')) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) return null;
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? `p${end}` : null };
}

function api(req, res, url) {
  const failure = failures.find((f) => f.count !== 0);
  if (failure) {
    failure.count -= 1;
    const headers = failure.status === 429 ? { 'retry-after': String(failure.retry_after ?? 30) } : {};
    return send(res, failure.status, { error: { code: 'sandbox_failure', message: 'armed by /_sandbox/fail' } }, headers);
  }
  if (req.headers.authorization !== `Bearer ${API_KEY}`) {
    return send(res, 401, { error: { code: 'invalid_api_key', message: 'The API key is not valid.' } });
  }
  if (url.pathname === '/v1/accounts') return send(res, 200, { accounts: ACCOUNTS });
  const m = url.pathname.match(/^\/v1\/accounts\/([^/]+)\/(campaigns|metrics)$/);
  if (!m || !CAMPAIGNS[m[1]]) return send(res, 404, { error: { code: 'not_found', message: 'No such resource.' } });
  const token = url.searchParams.get('page_token');
  if (m[2] === 'campaigns') {
    const p = page(CAMPAIGNS[m[1]], token, CAMPAIGN_PAGE);
    if (!p) return send(res, 400, { error: { code: 'invalid_page_token', message: 'Bad page_token.' } });
    return send(res, 200, { campaigns: p.items, next_page_token: p.next });
  }
  const since = url.searchParams.get('since');
  const until = url.searchParams.get('until');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(since ?? '') || !/^\d{4}-\d{2}-\d{2}$/.test(until ?? '')) {
    return send(res, 400, { error: { code: 'invalid_range', message: 'since and until are required (YYYY-MM-DD).' } });
  }
  const rows = ROWS[m[1]].filter((r) => r.date >= since && r.date <= until);
  const p = page(rows, token, PAGE_SIZE);
  if (!p) return send(res, 400, { error: { code: 'invalid_page_token', message: 'Bad page_token.' } });
  return send(res, 200, { rows: p.items, next_page_token: p.next });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://sandbox');
  if (url.pathname === '/_sandbox/data') return send(res, 200, { accounts: ACCOUNTS, campaigns: CAMPAIGNS, rows: ROWS });
  if (url.pathname === '/_sandbox/fail' && req.method === 'POST') {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      try {
        const f = JSON.parse(body || '{}');
        failures.push({ status: Number(f.status ?? 429), retry_after: f.retry_after, count: Number(f.count ?? 1) });
        send(res, 200, { armed: failures.length });
      } catch {
        send(res, 400, { error: { code: 'bad_json', message: 'The body is not JSON.' } });
      }
    });
    return undefined;
  }
  if (url.pathname === '/_sandbox/fail' && req.method === 'DELETE') {
    failures = [];
    return send(res, 200, { armed: 0 });
  }
  if (url.pathname.startsWith('/v1/') && req.method === 'GET') return api(req, res, url);
  return send(res, 404, { error: { code: 'not_found', message: 'No such resource.' } });
});

server.listen(Number(args.port ?? 8790), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
