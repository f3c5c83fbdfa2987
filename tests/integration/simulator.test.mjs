// The platform simulator speaks Google's and Meta's wire formats: OAuth flows, paging that covers
// every row once, totals that match its own expectations, and every fault a connector must survive.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';

import { decimalToMicros, GOOGLE, META, Simulator } from '../support/simulator.mjs';

const SETTINGS = {
  'google-ads.start_date': '2026-01-01', 'google-ads.days': 20, 'google-ads.campaigns': 5,
  'meta.start_date': '2026-01-01', 'meta.days': 20, 'meta.campaigns': 5,
};
const SINCE = '2026-01-03';
const UNTIL = '2026-01-17';

let sim;
before(async () => { sim = await Simulator.start({ settings: SETTINGS }); });
after(async () => { await sim?.stop(); });
beforeEach(async () => { await sim.reset(); });

function ads(path, token, { body, headers = {}, method = 'POST' } = {}) {
  return fetch(`${sim.googleAdsBase}/${GOOGLE.version}/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'developer-token': GOOGLE.developerToken, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const DAILY_GAQL = `SELECT campaign.id, campaign.name, campaign.status, customer.currency_code, metrics.cost_micros,
  metrics.impressions, metrics.clicks, metrics.conversions, metrics.conversions_value, segments.date
  FROM campaign WHERE segments.date BETWEEN '${SINCE}' AND '${UNTIL}' AND campaign.status != 'REMOVED'`;

// Sums GoogleAdsRows as a careful connector would: missing metrics are zero, int64 come as strings.
function sumGoogle(rows) {
  const seen = new Set();
  const t = { spend: 0n, impressions: 0n, clicks: 0n, conversions: 0, value: 0n };
  for (const r of rows) {
    const id = `${r.campaign.id}|${r.segments.date}`;
    assert.ok(!seen.has(id), `row ${id} delivered twice`);
    seen.add(id);
    assert.equal(typeof r.campaign.id, 'string');
    t.spend += BigInt(r.metrics.costMicros ?? '0');
    t.impressions += BigInt(r.metrics.impressions ?? '0');
    t.clicks += BigInt(r.metrics.clicks ?? '0');
    t.conversions += r.metrics.conversions ?? 0;
    t.value += BigInt(Math.round((r.metrics.conversionsValue ?? 0) * 1e6));
  }
  return { ...t, rows: seen.size };
}

function assertTotals(t, expected) {
  assert.equal(t.rows, expected.rows);
  assert.equal(t.spend, BigInt(expected.spend_micros));
  assert.equal(t.impressions, BigInt(expected.impressions));
  assert.equal(t.clicks, BigInt(expected.clicks));
  assert.equal(t.conversions, expected.conversions);
  assert.equal(t.value, BigInt(expected.conversion_value_micros));
}

async function firstAccount(platform) { return (await sim.accounts(platform)).accounts[0].id; }

describe('Google OAuth', () => {
  test('a consented code becomes an hour-long access token and a refresh token, once', async () => {
    const back = await sim.googleAuthorize({ state: 'xyz' });
    assert.equal(back.searchParams.get('state'), 'xyz');
    const code = back.searchParams.get('code');
    const first = await sim.googleToken({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1/callback' });
    assert.equal(first.status, 200);
    assert.equal(first.body.expires_in, 3600);
    assert.equal(first.body.token_type, 'Bearer');
    assert.ok(first.body.access_token && first.body.refresh_token);
    const again = await sim.googleToken({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1/callback' });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
  });

  test('refresh gives a new access token; a revoked refresh token gets invalid_grant in Google\'s shape', async () => {
    const tokens = await sim.googleConnect();
    const refreshed = await sim.googleToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.access_token, tokens.access_token);
    assert.equal(refreshed.body.refresh_token, undefined);
    await sim.revoke(tokens.refresh_token);
    const refused = await sim.googleToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });

  test('a second consent without prompt=consent returns no refresh token', async () => {
    await sim.googleConnect();
    const second = await sim.googleConnect({ prompt: '' });
    assert.equal(second.refresh_token, undefined);
  });

  test('denied consent, a wrong redirect_uri and a wrong secret are refused as Google does', async () => {
    const denied = await sim.googleAuthorize({ decision: 'deny', state: 's9' });
    assert.equal(denied.searchParams.get('error'), 'access_denied');
    assert.equal(denied.searchParams.get('state'), 's9');
    const back = await sim.googleAuthorize();
    const mismatch = await sim.googleToken({ grant_type: 'authorization_code', code: back.searchParams.get('code'), redirect_uri: 'http://evil/' });
    assert.equal(mismatch.body.error, 'redirect_uri_mismatch');
    const wrongSecret = await sim.googleToken({ grant_type: 'refresh_token', refresh_token: 'x', client_secret: 'nope' });
    assert.deepEqual([wrongSecret.status, wrongSecret.body.error], [401, 'invalid_client']);
    const page = await fetch(`${sim.googleAuthBase}/o/oauth2/v2/auth?${new URLSearchParams({ client_id: GOOGLE.clientId,
      redirect_uri: 'http://127.0.0.1/cb', response_type: 'code', scope: GOOGLE.scope })}`);
    assert.match(await page.text(), /sim_decision=approve/);
  });

  test('access tokens expire after 3600 s and every data call checks them', async () => {
    const { access_token } = await sim.googleConnect();
    assert.equal((await ads('customers:listAccessibleCustomers', access_token, { method: 'GET' })).status, 200);
    await sim.advanceClock(3601);
    const res = await ads('customers:listAccessibleCustomers', access_token, { method: 'GET' });
    assert.equal(res.status, 401);
    const body = await res.json();
    assert.equal(body.error.status, 'UNAUTHENTICATED');
    assert.deepEqual(body.error.details[0].errors[0].errorCode, { authenticationError: 'OAUTH_TOKEN_EXPIRED' });
  });
});

describe('Google Ads REST', () => {
  test('search pages with nextPageToken cover every row exactly once and match the expected totals', async () => {
    await sim.configure({ 'google-ads': { page_size: 7 } });
    const { access_token } = await sim.googleConnect();
    const customers = await (await ads('customers:listAccessibleCustomers', access_token, { method: 'GET' })).json();
    const customer = customers.resourceNames[0].split('/')[1];
    const rows = [];
    let pageToken;
    let pages = 0;
    do {
      const res = await ads(`customers/${customer}/googleAds:search`, access_token, { body: { query: DAILY_GAQL, ...(pageToken ? { pageToken } : {}) } });
      assert.equal(res.status, 200);
      const page = await res.json();
      assert.match(page.fieldMask, /metrics\.costMicros/);
      rows.push(...(page.results ?? []));
      pageToken = page.nextPageToken;
      pages += 1;
    } while (pageToken);
    assert.ok(pages > 3, 'small pages make several requests');
    assertTotals(sumGoogle(rows), await sim.expected('google-ads', customer, SINCE, UNTIL));
  });

  test('searchStream answers a JSON array of batches with the same totals', async () => {
    await sim.configure({ 'google-ads': { stream_batch_size: 9 } });
    const { access_token } = await sim.googleConnect();
    const customer = await firstAccount('google-ads');
    const res = await ads(`customers/${customer}/googleAds:searchStream`, access_token, { body: { query: DAILY_GAQL } });
    const batches = await res.json();
    assert.ok(Array.isArray(batches) && batches.length > 2);
    assert.ok(batches.at(-1).queryResourceConsumption);
    assertTotals(sumGoogle(batches.flatMap((b) => b.results ?? [])), await sim.expected('google-ads', customer, SINCE, UNTIL));
  });

  test('a search repeated after /_sim/restate has the restated figures', async () => {
    const { access_token } = await sim.googleConnect();
    const customer = await firstAccount('google-ads');
    const search = async () => sumGoogle((await (await ads(`customers/${customer}/googleAds:search`, access_token, { body: { query: DAILY_GAQL } })).json()).results ?? []);
    const before = await search();
    await sim.restate('google-ads', customer, SINCE);
    const expected = await sim.expected('google-ads', customer, SINCE, UNTIL);
    assert.notEqual(before.spend, BigInt(expected.spend_micros), 'the restatement changed the figures');
    assertTotals(await search(), expected);
  });

  test('the API refuses what the real one refuses, as GoogleAdsFailure', async () => {
    const { access_token } = await sim.googleConnect();
    const customer = await firstAccount('google-ads');
    const code = async (res) => { const b = await res.json(); return [res.status, b.error.status, b.error.details?.[0].errors[0].errorCode]; };
    const search = (body, headers) => ads(`customers/${customer}/googleAds:search`, access_token, { body, headers });
    assert.deepEqual(await code(await search({ query: DAILY_GAQL }, { 'developer-token': '' })),
      [400, 'INVALID_ARGUMENT', { requestError: 'DEVELOPER_TOKEN_PARAMETER_MISSING' }]);
    assert.deepEqual(await code(await search({ query: DAILY_GAQL }, { 'developer-token': 'wrong' })),
      [401, 'UNAUTHENTICATED', { authenticationError: 'DEVELOPER_TOKEN_INVALID' }]);
    assert.deepEqual(await code(await search({ query: DAILY_GAQL, pageSize: 100 })),
      [400, 'INVALID_ARGUMENT', { requestError: 'PAGE_SIZE_NOT_SUPPORTED' }]);
    assert.deepEqual(await code(await search({ query: 'SELECT campaign.nope FROM campaign' })),
      [400, 'INVALID_ARGUMENT', { queryError: 'UNRECOGNIZED_FIELD' }]);
    assert.deepEqual(await code(await search({ query: 'SELECT campaign.id, segments.date FROM campaign' })),
      [400, 'INVALID_ARGUMENT', { queryError: 'EXPECTED_FILTERS_ON_DATE_RANGE' }]);
    assert.deepEqual(await code(await search({ query: "SELECT campaign.id FROM campaign WHERE segments.date BETWEEN '2026-13-01' AND '2026-01-02'" })),
      [400, 'INVALID_ARGUMENT', { queryError: 'INVALID_DATE_FORMAT' }]);
    assert.deepEqual(await code(await search({ query: DAILY_GAQL, pageToken: 'forged' })),
      [400, 'INVALID_ARGUMENT', { requestError: 'INVALID_PAGE_TOKEN' }]);
    assert.deepEqual(await code(await search('{"query": ')), [400, 'INVALID_ARGUMENT', undefined]);
    assert.deepEqual(await code(await ads('customers/1112223333/googleAds:search', access_token, { body: { query: DAILY_GAQL } })),
      [403, 'PERMISSION_DENIED', { authorizationError: 'USER_PERMISSION_DENIED' }]);
    const anonymous = await fetch(`${sim.googleAdsBase}/v26/customers/${customer}/googleAds:search`, { method: 'POST', body: '{}' });
    assert.deepEqual(await code(anonymous), [401, 'UNAUTHENTICATED', undefined]);
  });

  test('client accounts under a manager need login-customer-id', async () => {
    await sim.configure({ 'google-ads': { manager_id: '9990001112' } });
    const { access_token } = await sim.googleConnect();
    const listed = await (await ads('customers:listAccessibleCustomers', access_token, { method: 'GET' })).json();
    assert.deepEqual(listed.resourceNames, ['customers/9990001112']);
    const clients = await (await ads('customers/9990001112/googleAds:search', access_token, {
      body: { query: 'SELECT customer_client.id, customer_client.manager FROM customer_client WHERE customer_client.level = 1' },
      headers: { 'login-customer-id': '9990001112' } })).json();
    const client = clients.results[0].customerClient.id;
    assert.equal(clients.results.length, 2);
    const query = { query: DAILY_GAQL };
    assert.equal((await ads(`customers/${client}/googleAds:search`, access_token, { body: query })).status, 403);
    const ok = await ads(`customers/${client}/googleAds:search`, access_token, { body: query, headers: { 'login-customer-id': '9990001112' } });
    assert.equal(ok.status, 200);
  });
});

describe('Meta Marketing API', () => {
  test('login, code exchange and long-lived exchange give a 60-day bearer token', async () => {
    const back = await sim.metaLogin({ state: 'm1' });
    assert.equal(back.searchParams.get('state'), 'm1');
    assert.equal(back.hash, '#_=_');
    const token = await sim.metaConnect();
    assert.equal(token.token_type, 'bearer');
    assert.equal(token.expires_in, 5184000);
    const denied = await sim.metaLogin({ decision: 'deny' });
    assert.deepEqual([denied.searchParams.get('error'), denied.searchParams.get('error_reason')], ['access_denied', 'user_denied']);
    const reused = await sim.graph('oauth/access_token', { client_id: META.appId, client_secret: META.appSecret,
      redirect_uri: 'http://127.0.0.1/meta-callback', code: 'AQsim-unknown' });
    assert.equal(reused.body.error.code, 100);
  });

  test('insights cursor paging reaches the end and totals match with purchases counted once', async () => {
    const { access_token } = await sim.metaConnect();
    const accounts = await sim.graph('me/adaccounts', { fields: 'id,account_id,currency', access_token });
    const account = accounts.body.data[0];
    assert.equal(account.id, `act_${account.account_id}`);
    let url = `${sim.metaGraphBase}/${META.version}/${account.id}/insights?${new URLSearchParams({ level: 'campaign', time_increment: '1',
      time_range: JSON.stringify({ since: SINCE, until: UNTIL }), limit: '6', access_token,
      fields: 'campaign_id,campaign_name,spend,impressions,clicks,actions,action_values' })}`;
    const t = { spend: 0n, impressions: 0n, clicks: 0n, conversions: 0, value: 0n, rows: 0 };
    let pages = 0;
    while (url) {
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.ok(JSON.parse(res.headers.get('x-business-use-case-usage'))[account.account_id][0].type);
      const page = await res.json();
      for (const row of page.data) {
        assert.equal(row.date_start, row.date_stop);
        t.spend += decimalToMicros(row.spend);
        t.impressions += BigInt(row.impressions);
        t.clicks += BigInt(row.clicks);
        const purchases = (row.actions ?? []).filter((a) => a.action_type.endsWith('purchase'));
        if (purchases.length) assert.ok(purchases.length >= 3 && purchases.every((a) => a.value === purchases[0].value), 'duplicated purchase types');
        t.conversions += Number((row.actions ?? []).find((a) => a.action_type === 'omni_purchase')?.value ?? 0);
        t.value += decimalToMicros((row.action_values ?? []).find((a) => a.action_type === 'omni_purchase')?.value ?? '0');
        t.rows += 1;
      }
      url = page.paging?.next;
      pages += 1;
    }
    assert.ok(pages > 2);
    assertTotals(t, await sim.expected('meta', account.account_id, SINCE, UNTIL));
  });

  test('campaigns leave archived ones out unless effective_status asks for them', async () => {
    await sim.configure({ meta: { campaigns: 30 } });
    const { access_token } = await sim.metaConnect();
    const id = await firstAccount('meta');
    const all = (await sim.accounts('meta')).accounts[0].campaigns;
    const live = await sim.graph(`act_${id}/campaigns`, { fields: 'id,name,status', limit: '100', access_token });
    assert.equal(live.body.data.length, all.filter((c) => c.state !== 'removed').length);
    const archived = await sim.graph(`act_${id}/campaigns`, { fields: 'id,status', effective_status: '["ARCHIVED"]', access_token });
    assert.ok(archived.body.data.length > 0 && archived.body.data.every((c) => c.status === 'ARCHIVED'));
  });

  test('bad tokens, unknown accounts and unknown fields get Graph errors', async () => {
    const { access_token } = await sim.metaConnect();
    const id = await firstAccount('meta');
    assert.equal((await sim.graph(`act_${id}/insights`, {})).body.error.code, 104);
    assert.equal((await sim.graph(`act_${id}/insights`, { access_token: 'EAAforged' })).body.error.code, 190);
    const unknown = await sim.graph('act_42/insights', { access_token });
    assert.deepEqual([unknown.body.error.code, unknown.body.error.error_subcode, unknown.body.error.type], [100, 33, 'GraphMethodException']);
    assert.match((await sim.graph(`act_${id}/insights`, { fields: 'spend,bogus', access_token })).body.error.message, /bogus/);
    assert.equal((await sim.graph(`act_${id}/insights`, { time_range: '{"since":"2026-01-05"}', access_token })).body.error.code, 100);
    await sim.advanceClock(5184001);
    const expired = await sim.graph(`act_${id}/insights`, { access_token });
    assert.deepEqual([expired.body.error.code, expired.body.error.error_subcode], [190, 463]);
  });
});

describe('Fault modes', () => {
  test('Google rate limit: 429 RESOURCE_EXHAUSTED with retryDelay, for the next request only', async () => {
    const { access_token } = await sim.googleConnect();
    const customer = await firstAccount('google-ads');
    await sim.fault({ platform: 'google-ads', kind: 'rate_limit', retry_after: 40 });
    const res = await ads(`customers/${customer}/googleAds:search`, access_token, { body: { query: DAILY_GAQL } });
    assert.equal(res.status, 429);
    const err = (await res.json()).error;
    assert.equal(err.status, 'RESOURCE_EXHAUSTED');
    assert.equal(err.details[0]['@type'], 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure');
    assert.deepEqual(err.details[0].errors[0].errorCode, { quotaError: 'RESOURCE_EXHAUSTED' });
    assert.equal(err.details[0].errors[0].details.quotaErrorDetails.retryDelay, '40s');
    assert.equal((await ads(`customers/${customer}/googleAds:search`, access_token, { body: { query: DAILY_GAQL } })).status, 200);
  });

  test('Google retry_after, 500 flakes, expired tokens and invalid_grant on refresh', async () => {
    const tokens = await sim.googleConnect();
    const list = () => ads('customers:listAccessibleCustomers', tokens.access_token, { method: 'GET' });
    await sim.fault({ platform: 'google-ads', kind: 'retry_after', retry_after: 7 });
    const limited = await list();
    assert.deepEqual([limited.status, limited.headers.get('retry-after')], [429, '7']);
    await sim.fault({ platform: 'google-ads', kind: 'server_error' });
    const flake = await list();
    assert.deepEqual([flake.status, (await flake.json()).error.status], [500, 'INTERNAL']);
    await sim.fault({ platform: 'google-ads', kind: 'expired_token' });
    const expired = await list();
    const { error } = await expired.json();
    assert.deepEqual([expired.status, error.code, error.status], [401, 401, 'UNAUTHENTICATED']);
    assert.deepEqual(error.details[0].errors[0].errorCode, { authenticationError: 'OAUTH_TOKEN_EXPIRED' });
    await sim.fault({ platform: 'google-ads', kind: 'invalid_grant' });
    const refused = await sim.googleToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.deepEqual(refused.body, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    assert.equal((await sim.googleToken({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status, 200);
  });

  test('Meta throttling codes 4, 17, 613 and 80004 come with usage headers past 100', async () => {
    const { access_token } = await sim.metaConnect();
    const id = await firstAccount('meta');
    for (const code of [4, 17, 613, 80004]) {
      await sim.fault({ platform: 'meta', kind: 'rate_limit', code, retry_after: 300 });
      const res = await sim.graph(`act_${id}/insights`, { access_token });
      assert.equal(res.body.error.code, code);
      assert.ok(res.body.error.fbtrace_id);
      assert.ok(JSON.parse(res.headers.get('x-app-usage')).call_count >= 100);
      assert.ok(JSON.parse(res.headers.get('x-ad-account-usage')).acc_id_util_pct >= 100);
      const buc = JSON.parse(res.headers.get('x-business-use-case-usage'))[id][0];
      assert.equal(buc.estimated_time_to_regain_access, 5);
    }
    const calm = await sim.graph(`act_${id}/insights`, { access_token });
    assert.equal(JSON.parse(calm.headers.get('x-app-usage')).call_count, 5);
  });

  test('slow replies wait, malformed JSON is cut mid-body, and faults can skip and match', async () => {
    const { access_token } = await sim.metaConnect();
    await sim.fault({ platform: 'meta', kind: 'slow', delay_ms: 400 });
    const started = Date.now();
    assert.equal((await sim.graph('me', { access_token })).status, 200);
    assert.ok(Date.now() - started >= 380);
    await sim.fault({ platform: 'meta', kind: 'malformed_json', skip: 1, match: '/me/adaccounts' });
    const url = `${sim.metaGraphBase}/${META.version}/me/adaccounts?access_token=${access_token}`;
    assert.doesNotThrow(JSON.parse.bind(null, await (await fetch(url)).text()));
    const cut = await fetch(url);
    assert.equal(cut.status, 200);
    assert.throws(JSON.parse.bind(null, await cut.text()), SyntaxError);
  });

  test('empty and ragged pages still lead through every row exactly once', async () => {
    await sim.configure({ 'google-ads': { page_size: 10 } });
    const { access_token } = await sim.googleConnect();
    const customer = await firstAccount('google-ads');
    await sim.fault({ platform: 'google-ads', kind: 'ragged_pages', count: -1, seed: 3 });
    await sim.fault({ platform: 'google-ads', kind: 'empty_page', skip: 2 });
    const rows = [];
    const sizes = [];
    let pageToken;
    do {
      const page = await (await ads(`customers/${customer}/googleAds:search`, access_token, { body: { query: DAILY_GAQL, pageToken } })).json();
      sizes.push(page.results?.length ?? 0);
      rows.push(...(page.results ?? []));
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.ok(sizes.includes(0), 'an empty page that still carries nextPageToken');
    assert.ok(new Set(sizes).size > 2, `ragged sizes: ${sizes}`);
    assertTotals(sumGoogle(rows), await sim.expected('google-ads', customer, SINCE, UNTIL));
  });

  test('a probability fault with a seed fails the same requests every run', async () => {
    const { access_token } = await sim.metaConnect();
    const pattern = async () => {
      await sim.clearFaults();
      await sim.fault({ platform: 'meta', kind: 'server_error', probability: 0.5, seed: 42 });
      const out = [];
      for (let i = 0; i < 16; i++) out.push((await sim.graph('me', { access_token })).status);
      return out.join(',');
    };
    const first = await pattern();
    assert.match(first, /500/);
    assert.match(first, /200/);
    assert.equal(await pattern(), first);
  });
});

describe('Transport', () => {
  function raw(payload) {
    return new Promise((resolve, reject) => {
      const socket = net.connect(sim.port, '127.0.0.1', () => socket.end(payload));
      let data = '';
      socket.on('data', (d) => { data += d; });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
  }

  test('keep-alive serves several requests on one connection', async () => {
    const req = `GET /_sim/health HTTP/1.1\r\nHost: x\r\n\r\n`;
    const reply = await raw(req + req + `GET /_sim/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(reply.match(/HTTP\/1\.1 200/g).length, 3);
  });

  test('garbage, oversized headers and unknown paths get errors and the simulator keeps serving', async () => {
    assert.match(await raw('THIS IS NOT HTTP\r\n\r\n'), /^HTTP\/1\.1 400/);
    assert.match(await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100000)}\r\n\r\n`), /^HTTP\/1\.1 4\d\d/);
    assert.equal((await fetch(`${sim.url}/nowhere`)).status, 404);
    assert.equal((await fetch(`${sim.googleAdsBase}/v26/customers/${'1'.repeat(20000)}/googleAds:search`, { method: 'POST' })).status, 414);
    const results = await Promise.all(Array.from({ length: 40 }, () => fetch(`${sim.url}/_sim/health`).then((r) => r.status)));
    assert.ok(results.every((s) => s === 200));
  });

  test('the control API refuses unknown knobs and fault kinds by name', async () => {
    await assert.rejects(sim.configure({ 'google-ads': { nope: 1 } }), /unknown knob google-ads\.nope/);
    await assert.rejects(sim.fault({ platform: 'meta', kind: 'explode' }), /kind must be one of/);
    const log = await sim.requests();
    assert.ok(Array.isArray(log));
  });
});
