// The Google Ads and Meta connectors, loaded by the host's plugin loader and driven against the
// simulator with an in-memory sink: exact totals, one purchase counted once, paging to the end,
// and every fault mode ending in the right error kind or a successful retry.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { probe } from '../support/connectors.mjs';
import { Simulator } from '../support/simulator.mjs';

const SINCE = '2026-01-01';
const UNTIL = '2026-01-20';
const SETTINGS = {
  'google-ads.start_date': SINCE, 'google-ads.days': 20, 'google-ads.campaigns': 5, 'google-ads.page_size': 7,
  'meta.start_date': SINCE, 'meta.days': 20, 'meta.campaigns': 5,
};
// Small Graph pages so insights really page.
const META_ENV = { ROI_CONNECTOR_META_PAGE_SIZE: '7' };

let sim;
before(async () => { sim = await Simulator.start({ settings: SETTINGS }); });
after(async () => { await sim?.stop(); });
beforeEach(async () => { await sim.reset(); });

// Authorize URL → simulated consent → the connector's code exchange; returns its credentials.
async function connect(connector, env = {}) {
  const redirectUri = 'http://127.0.0.1/callback';
  const start = await probe(sim, connector, 'authorize', { redirect_uri: redirectUri, state: 'st-1' }, env);
  assert.equal(start.ok, true, JSON.stringify(start));
  const res = await fetch(`${start.url}&sim_decision=approve`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const back = new URL(res.headers.get('location'));
  assert.equal(back.searchParams.get('state'), 'st-1');
  const finish = await probe(sim, connector, 'finish', { redirect_uri: redirectUri, code: back.searchParams.get('code') }, env);
  assert.equal(finish.ok, true, JSON.stringify(finish));
  return finish.credentials;
}

function sync(connector, credentials, account, extra = {}, env = {}) {
  return probe(sim, connector, 'sync', { credentials, account, from: SINCE, to: UNTIL, ...extra }, env);
}

function assertMatches(sink, expected) {
  assert.equal(sink.duplicateRows, 0);
  assert.equal(sink.rows, expected.rows);
  assert.equal(BigInt(sink.spendMicros), BigInt(expected.spend_micros));
  assert.equal(BigInt(sink.impressions), BigInt(expected.impressions));
  assert.equal(BigInt(sink.clicks), BigInt(expected.clicks));
  assert.equal(BigInt(sink.conversionsMicros), BigInt(Math.round(expected.conversions * 4)) * 250000n);
  assert.equal(BigInt(sink.conversionValueMicros), BigInt(expected.conversion_value_micros));
  assert.deepEqual(sink.currencies, [expected.currency]);
}

async function expectExactSync(connector, credentials, account, env = {}) {
  const result = await sync(connector, credentials, account, {}, env);
  assert.equal(result.ok, true, JSON.stringify(result));
  assertMatches(result.sink, await sim.expected(connector, account, SINCE, UNTIL));
  assert.equal(result.sink.checkpoints.at(-1), UNTIL);
  assert.deepEqual(result.sink.progress, [20, 20]);
  return result;
}

describe('google-ads connector', () => {
  test('asks for offline access with consent, so every connect yields a refresh token', async () => {
    const start = await probe(sim, 'google-ads', 'authorize', { redirect_uri: 'http://127.0.0.1/cb', state: 'abc' });
    const url = new URL(start.url);
    assert.equal(url.searchParams.get('access_type'), 'offline');
    assert.equal(url.searchParams.get('prompt'), 'consent');
    assert.equal(url.searchParams.get('state'), 'abc');
    assert.equal(url.searchParams.get('scope'), 'https://www.googleapis.com/auth/adwords');
    const credentials = await connect('google-ads');
    assert.ok(credentials.refresh_token.length > 0);
  });

  test('lists every accessible customer with its currency and time zone', async () => {
    const credentials = await connect('google-ads');
    const listed = await probe(sim, 'google-ads', 'accounts', credentials);
    const known = (await sim.accounts('google-ads')).accounts;
    assert.deepEqual(listed.accounts.map((a) => [a.id, a.currency, a.timeZone]).sort(),
      known.map((a) => [a.id, a.currency, a.time_zone]).sort());
  });

  test('syncs every account to exactly the simulator totals, page after page', async () => {
    const credentials = await connect('google-ads');
    for (const account of (await sim.accounts('google-ads')).accounts) {
      const result = await expectExactSync('google-ads', credentials, account.id);
      assert.equal(result.sink.campaigns, 5);
      assert.ok(result.sink.checkpoints.length > 2, 'a checkpoint per page');
    }
  });

  test('a resumed sync starts the day after its checkpoint', async () => {
    const credentials = await connect('google-ads');
    const account = (await sim.accounts('google-ads')).accounts[0].id;
    const result = await sync('google-ads', credentials, account, { resume_from: '2026-01-10' });
    assert.equal(result.ok, true);
    const expected = await sim.expected('google-ads', account, '2026-01-11', UNTIL);
    assert.equal(result.sink.rows, expected.rows);
    assert.equal(BigInt(result.sink.spendMicros), BigInt(expected.spend_micros));
  });

  for (const [kind, seconds, signal] of [['rate_limit', 120, 'quotaErrorDetails.retryDelay'], ['retry_after', 30, 'Retry-After']]) {
    test(`a ${kind} fault is a rate limit lasting what ${signal} says`, async () => {
      const credentials = await connect('google-ads');
      await sim.fault({ platform: 'google-ads', kind, retry_after: seconds });
      const result = await sync('google-ads', credentials, (await sim.accounts('google-ads')).accounts[0].id);
      assert.equal(result.kind, 'rate_limited');
      assert.equal(result.retryAfter, seconds);
    });
  }

  test('an expired access token (401 UNAUTHENTICATED) is needs_reauth, left to the host to refresh', async () => {
    const credentials = await connect('google-ads');
    const account = (await sim.accounts('google-ads')).accounts[0].id;
    await sim.advanceClock(7200);
    await sim.clearRequests();
    const refused = await sync('google-ads', credentials, account);
    assert.equal(refused.kind, 'needs_reauth');
    const requests = await sim.requests('google-ads');
    assert.deepEqual(requests.map((r) => r.status), [401], 'one refused call, no retry');
    assert.ok(!requests.some((r) => r.params.grant_type === 'refresh_token'), 'no refresh inside the connector');
    // What the host does next: refresh through the connector, then sync with the new token.
    const refreshed = await probe(sim, 'google-ads', 'refresh', credentials);
    assert.equal(refreshed.ok, true, JSON.stringify(refreshed));
    assert.notEqual(refreshed.credentials.access_token, credentials.access_token);
    await expectExactSync('google-ads', refreshed.credentials, account);
  });

  test('a revoked refresh token (invalid_grant) asks the user to reconnect', async () => {
    const credentials = await connect('google-ads');
    await sim.fault({ platform: 'google-ads', kind: 'invalid_grant' });
    assert.equal((await probe(sim, 'google-ads', 'refresh', credentials)).kind, 'needs_reauth');
    const refreshed = await probe(sim, 'google-ads', 'refresh', credentials);
    assert.equal(refreshed.ok, true, 'the fault fired once');
  });

  test('500 flakes, a cut-off body and slow replies are retried to exact totals', async () => {
    const credentials = await connect('google-ads');
    const account = (await sim.accounts('google-ads')).accounts[0].id;
    await sim.fault({ platform: 'google-ads', kind: 'server_error', count: 2, skip: 3 });
    await sim.fault({ platform: 'google-ads', kind: 'malformed_json', count: 1, skip: 12 });
    await sim.fault({ platform: 'google-ads', kind: 'slow', delay_ms: 300, count: 2 });
    await expectExactSync('google-ads', credentials, account);
  });

  test('a platform that keeps failing ends in a transient error, not wrong data', async () => {
    const credentials = await connect('google-ads');
    const account = (await sim.accounts('google-ads')).accounts[0].id;
    await sim.fault({ platform: 'google-ads', kind: 'server_error', count: -1 });
    assert.equal((await sync('google-ads', credentials, account)).kind, 'transient');
    await sim.clearFaults('google-ads');
    await sim.fault({ platform: 'google-ads', kind: 'malformed_json', count: -1 });
    assert.equal((await sync('google-ads', credentials, account)).kind, 'transient');
  });

  test('a reply slower than the sync deadline ends the call in a retryable failure', async () => {
    const credentials = await connect('google-ads');
    const account = (await sim.accounts('google-ads')).accounts[0].id;
    await sim.fault({ platform: 'google-ads', kind: 'slow', delay_ms: 3000, count: 1 });
    const result = await sync('google-ads', credentials, account, {}, { ROI_PROBE_SYNC_TIMEOUT_MS: '1000' });
    // The host's deadline and the request's own (cut to what is left of it) race: either way
    // the sync ends promptly as something to retry, never as success or a permanent failure.
    assert.ok(['timeout', 'transient'].includes(result.kind), JSON.stringify(result));
    assert.equal(result.sink.checkpoints.length, 0);
  });

  test('empty and ragged pages still add up exactly', async () => {
    const credentials = await connect('google-ads');
    const account = (await sim.accounts('google-ads')).accounts[1].id;
    await sim.fault({ platform: 'google-ads', kind: 'empty_page', count: 3 });
    await sim.fault({ platform: 'google-ads', kind: 'ragged_pages', count: -1, seed: 7 });
    await expectExactSync('google-ads', credentials, account);
  });
});

describe('meta connector', () => {
  test('logs in with comma-separated scopes and keeps a long-lived token', async () => {
    const start = await probe(sim, 'meta', 'authorize', { redirect_uri: 'http://127.0.0.1/cb', state: 'xyz' });
    const url = new URL(start.url);
    assert.equal(url.searchParams.get('scope'), 'ads_read,business_management');
    assert.equal(url.searchParams.get('state'), 'xyz');
    const credentials = await connect('meta');
    const days = (credentials.expires_at - Date.now() / 1000) / 86400;
    assert.ok(days > 50, `token lives ${days} days`);
  });

  test('lists the ad accounts by numeric id', async () => {
    const credentials = await connect('meta');
    const listed = await probe(sim, 'meta', 'accounts', credentials);
    const known = (await sim.accounts('meta')).accounts;
    assert.deepEqual(listed.accounts.map((a) => a.id).sort(), known.map((a) => a.id.replace(/^act_/, '')).sort());
  });

  test('syncs to exactly the simulator totals, each purchase counted once', async () => {
    const credentials = await connect('meta', META_ENV);
    for (const account of (await probe(sim, 'meta', 'accounts', credentials)).accounts) {
      const result = await expectExactSync('meta', credentials, account.id, META_ENV);
      assert.equal(result.sink.campaigns, 5);
    }
  });

  for (const code of [4, 17, 613, 80004]) {
    test(`error code ${code} is a rate limit lasting the usage headers' estimate`, async () => {
      const credentials = await connect('meta');
      const account = (await probe(sim, 'meta', 'accounts', credentials)).accounts[0].id;
      await sim.fault({ platform: 'meta', kind: 'rate_limit', code, retry_after: 600 });
      const result = await sync('meta', credentials, account);
      assert.equal(result.kind, 'rate_limited');
      assert.equal(result.retryAfter, 600);
    });
  }

  test('usage headers near the limit stop the sync after a complete page, before Meta refuses', async () => {
    const credentials = await connect('meta', META_ENV);
    const account = (await probe(sim, 'meta', 'accounts', credentials)).accounts[0].id;
    await sim.configure({ meta: { usage_pct: 97 } });
    const result = await sync('meta', credentials, account, {}, META_ENV);
    assert.equal(result.kind, 'rate_limited');
    assert.ok(result.retryAfter >= 60);
    assert.equal(result.sink.rows, 7, 'the first insights page was kept');
    const refused = (await sim.requests('meta')).filter((r) => r.status >= 400);
    assert.deepEqual(refused, [], 'no request was refused');
  });

  test('a 429 with Retry-After is a rate limit at least that long', async () => {
    const credentials = await connect('meta');
    const account = (await probe(sim, 'meta', 'accounts', credentials)).accounts[0].id;
    await sim.fault({ platform: 'meta', kind: 'retry_after', retry_after: 30 });
    const result = await sync('meta', credentials, account);
    assert.equal(result.kind, 'rate_limited');
    assert.ok(result.retryAfter >= 30);
  });

  test('an expired token (code 190) asks the user to reconnect', async () => {
    const credentials = await connect('meta');
    const account = (await probe(sim, 'meta', 'accounts', credentials)).accounts[0].id;
    await sim.fault({ platform: 'meta', kind: 'expired_token' });
    assert.equal((await sync('meta', credentials, account)).kind, 'needs_reauth');
    await sim.fault({ platform: 'meta', kind: 'invalid_grant' });
    assert.equal((await probe(sim, 'meta', 'refresh', credentials)).kind, 'needs_reauth');
  });

  test('500 flakes, a cut-off body, slow replies, empty and ragged pages end in exact totals', async () => {
    const credentials = await connect('meta', META_ENV);
    const account = (await probe(sim, 'meta', 'accounts', credentials)).accounts[0].id;
    await sim.fault({ platform: 'meta', kind: 'server_error', count: 2, skip: 2 });
    await sim.fault({ platform: 'meta', kind: 'malformed_json', count: 1, skip: 10 });
    await sim.fault({ platform: 'meta', kind: 'slow', delay_ms: 300, count: 2 });
    await sim.fault({ platform: 'meta', kind: 'empty_page', count: 2 });
    await sim.fault({ platform: 'meta', kind: 'ragged_pages', count: -1, seed: 3 });
    await expectExactSync('meta', credentials, account, META_ENV);
  });

  test('a Graph that keeps failing ends in a transient error', async () => {
    const credentials = await connect('meta');
    const account = (await probe(sim, 'meta', 'accounts', credentials)).accounts[0].id;
    await sim.fault({ platform: 'meta', kind: 'server_error', count: -1 });
    assert.equal((await sync('meta', credentials, account)).kind, 'transient');
  });
});
